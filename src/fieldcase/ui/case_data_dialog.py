"""A case-data form in a window of its own (a person, a placement change, a hearing, a visitation
plan, the case's dates, a child's exit), opened from the case view. It autosaves as the caseworker
types, like a field record's form (record_editor.py): debounced, one save in flight at a time, the
latest words saved after it, flushed when the window closes; a save that fails keeps the words and
tries again at the next change. The save itself is a services job run on the store worker."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from fieldcase.domain.problems import Problem
from fieldcase.errors import UserError
from fieldcase.ui.accessible_text import heading
from fieldcase.ui.forms.editors import FormContext
from fieldcase.ui.forms.form import RecordForm
from fieldcase.ui.forms.spec import FormSpec
from fieldcase.ui.i18n import _, error_words, problem_words
from fieldcase.ui.widgets import Banner
from fieldcase.ui.worker import StoreWorker

#: the job saving a body: (body, base) -> something with `problems` (services.case_data.CaseDataSaved …)
SaveJob = Callable[[dict[str, Any], dict[str, Any]], Any]


class CaseDataDialog(QDialog):
    saved = Signal(object)  # what the job answered

    def __init__(
        self,
        spec: FormSpec,
        context: FormContext,
        body: dict[str, Any],
        *,
        job: SaveJob,
        worker: StoreWorker,
        autosave_ms: int = 800,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.worker = worker
        self.job = job
        self.body = dict(body)
        self._base = dict(body)
        self.dirty = False
        self.saving = False
        self.last_saved: Any = None
        self.setWindowTitle(_(spec.title))
        self.setAccessibleName(_(spec.title))
        column = QVBoxLayout(self)
        column.addWidget(heading(escape(_(spec.title)), 2))
        self.status = Banner(self)
        column.addWidget(self.status)
        self.summary = Banner(self)
        column.addWidget(self.summary)
        self.form = RecordForm(spec, context, self)
        self.form.load(self.body)
        column.addWidget(self.form, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        buttons.rejected.connect(self.close)
        column.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(autosave_ms)
        self.timer.timeout.connect(self.flush)
        self.form.edited.connect(self._edited)
        self.resize(640, 560)

    def _edited(self) -> None:
        body, unreadable = self.form.values()
        if unreadable:
            self._show_problems(unreadable)
            return
        self.body = body
        self.dirty = True
        self.timer.start()

    def flush(self) -> None:
        """Save now if anything changed (the autosave tick, closing)."""
        self.timer.stop()
        if not self.dirty or self.saving:
            return
        self.dirty = False
        self.saving = True
        body, base, job = self.body, self._base, self.job
        self.worker.run(lambda: (job(body, base), body), on_done=self._saved, on_error=self._failed)

    def _saved(self, answer: tuple[Any, dict[str, Any]]) -> None:
        result, self._base = answer
        self.saving = False
        self.last_saved = result
        self._show_problems(list(getattr(result, "problems", ())))
        self.status.show_message(
            _("Saved on this laptop: it goes to the server at the next sync."), "ok"
        )
        self.saved.emit(result)
        if self.dirty:
            self.flush()

    def _failed(self, err: UserError) -> None:
        self.saving = False
        self.dirty = True  # kept: the next change tries again, nothing typed is dropped
        found = list(getattr(err, "problems", ()))
        if found:
            self._show_problems(found)
            self.status.show_message(
                _("Not saved yet: {message}").format(message=error_words(err)), "warning"
            )
        else:
            self.status.show_message(
                _("Problem: {message}").format(message=error_words(err)), "error"
            )

    def _show_problems(self, problems: list[Problem]) -> None:
        unplaced = self.form.show_problems(problems)
        if unplaced:
            self.summary.show_message(
                "\n".join(
                    _("Problem: {message}").format(message=problem_words(p)) for p in unplaced
                ),
                "warning",
            )
        else:
            self.summary.clear()

    def closeEvent(self, event) -> None:  # Qt's name
        self.flush()
        super().closeEvent(event)
