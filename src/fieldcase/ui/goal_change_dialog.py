"""The "Propose goal change" form (services/goal_change.py): the case's goals now, the proposed
permanency and concurrent goals and why. It autosaves a draft like every case-data form
(case_data_dialog.py); "Submit to supervisor" (Alt+S) saves what is typed and queues the proposal.
The case's goals change only when the supervisor approves it; a returned proposal opens here with
the supervisor's reason, to be changed and submitted again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from fieldcase.errors import UserError
from fieldcase.ui.case_data_dialog import CaseDataDialog
from fieldcase.ui.i18n import _, error_words


class GoalChangeDialog(CaseDataDialog):
    def __init__(self, *args: Any, submit: Callable[[dict[str, Any]], Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submit_job = submit
        self.submit_button = QPushButton(_("&Submit to supervisor"))
        self.submit_button.setToolTip(
            _("The case's goals change when your supervisor approves the proposal.")
        )
        buttons = self.findChild(QDialogButtonBox)
        assert buttons is not None  # the text dialog made its row of buttons
        buttons.addButton(self.submit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.submit_button.clicked.connect(self.submit)
        self._show_state(self.body.get("status"), self.body.get("returned_reason"))

    def _show_state(self, status: str | None, reason: str | None) -> None:
        if status == "returned":
            text = _("Your supervisor returned this proposal; the case's goals stay as they were.")
            self.status.show_message(
                text + (" " + _("Reason: {reason}").format(reason=reason) if reason else ""),
                "warning",
            )
        elif status == "submitted":
            self.status.show_message(
                _("Submitted: the goals change when your supervisor approves it."), "info"
            )

    def submit(self) -> None:
        """Save what is typed and queue the proposal for the supervisor (after any save in flight:
        the store worker runs one job at a time)."""
        self.timer.stop()
        body, unreadable = self.form.values()
        if unreadable:
            self._show_problems(unreadable)
            return
        self.body, self.dirty = body, False
        self.submit_button.setEnabled(False)
        job = self.submit_job
        self.worker.run(
            lambda: (job(body), body), on_done=self._submitted, on_error=self._not_submitted
        )

    def _submitted(self, answer: tuple[Any, dict[str, Any]]) -> None:
        result, self._base = answer
        self.submit_button.setEnabled(True)
        self.last_saved = result
        self._show_problems([])
        self.status.show_message(
            _("Submitted: the goals change when your supervisor approves it."), "ok"
        )
        self.saved.emit(result)

    def _not_submitted(self, err: UserError) -> None:
        self.submit_button.setEnabled(True)
        found = list(getattr(err, "problems", ()))
        if not found:
            self._failed(err)  # the words are kept and saved at the next change
            return
        # services.goal_change.submit_body saved the words as a draft before it refused
        self._show_problems(found)
        self.status.show_message(
            _("Saved as a draft, not submitted yet: {message}").format(message=error_words(err)),
            "warning",
        )
