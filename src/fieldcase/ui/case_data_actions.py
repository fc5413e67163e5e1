"""The case view's case-data actions: add or edit a person, record a placement change, add a
hearing, add or change a visitation plan, the case's dates, a child's exit from care, propose a
goal change. Each opens a `CaseDataDialog` with its form and the services job that saves it
(services/case_data.py, services/placement_change.py, services/goal_change.py: its dialog also submits); the body it starts from is read on the store worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QWidget

from fieldcase.services.session import Session
from fieldcase.ui.i18n import _
from fieldcase.ui.worker import StoreWorker
from fieldcase.ui.workspace import form_context

if TYPE_CHECKING:
    from fieldcase.services.cases import CaseDetail
    from fieldcase.ui.case_data_dialog import CaseDataDialog

#: the actions, as the case view names them
ACTIONS = (
    "person",
    "placement_change",
    "hearing",
    "visitation_plan",
    "case_dates",
    "exit",
    "goal_change",
    "task",
)


class CaseDataActions(QObject):
    def __init__(
        self,
        parent: QWidget,
        *,
        worker: StoreWorker,
        session: Session,
        today: Callable[[], date],
        on_saved: Callable[[], None],
        users: Callable[[], dict[str, str]],
        autosave_ms: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.worker = worker
        self.session = session
        self.today = today
        self.on_saved = on_saved
        self.users = users
        self.autosave_ms = autosave_ms
        self.dialogs: list[CaseDataDialog] = []
        self.failed: Callable[[str], None] = lambda _m: None

    def open(self, action: str, record_id: str, detail: CaseDetail | None) -> None:
        """Open the form for `action` on the case shown (`record_id`: the person, plan or child it is about, or "")."""
        if detail is None:
            return
        if action == "placement_change" and not record_id:
            record_id = self._choose_child(detail) or ""
            if not record_id:
                return
        store, case_id, today = self.session.store, detail.case_id, self.today()

        def start() -> tuple[str, dict[str, Any]]:
            from fieldcase.domain.serialization import to_dict
            from fieldcase.services import case_data, placement_change

            if action == "person":
                person = (
                    case_data.open_case_data(store, record_id=record_id).record
                    if record_id
                    else case_data.new_person(case_id)
                )
                return "person", case_data.body_for_form(person)[0]  # restricted fields withheld
            if action == "visitation_plan":
                plan = (
                    case_data.open_case_data(store, record_id=record_id).record
                    if record_id
                    else case_data.new_visitation_plan(case_id)
                )
                return "visitation_plan", to_dict(plan)
            if action == "hearing":
                hearing = (
                    case_data.open_case_data(store, record_id=record_id).record
                    if record_id
                    else case_data.new_hearing(case_id)
                )
                return "hearing", to_dict(hearing)
            if action == "task":  # one the worker adds (services/tasks.py)
                from fieldcase.services import tasks

                task = (
                    case_data.open_case_data(store, record_id=record_id).record
                    if record_id
                    else tasks.new_task(case_id, user_id=store.header.user_id, due=today)
                )
                return "task", to_dict(task)
            if action == "placement_change":
                change = placement_change.start_change(
                    store, case_id=case_id, child_id=record_id, today=today
                )
                return "placement_change", placement_change.change_body(change)
            if action == "case_dates":
                return "case_dates", case_data.case_dates_body(
                    store.get(case_id, kind="case").to_domain()
                )
            if action == "exit":
                child = store.get(record_id, kind="person").to_domain() if record_id else None
                return "exit", case_data.exit_body(child)
            if action == "goal_change":
                from fieldcase.services import goal_change

                return "goal_change", goal_change.start(store, case_id=case_id)
            raise ValueError(f"no case-data action {action}")

        self.worker.run(
            start,
            on_done=lambda started: self._show(started[0], started[1], detail),
            on_error=lambda err: self.failed(err.message),
        )

    def _choose_child(self, detail: CaseDetail) -> str | None:
        children = [(p.id, p.name) for p in detail.people if p.role == "child"]
        if len(children) <= 1:
            return children[0][0] if children else None
        names = [name for _id, name in children]
        name, ok = QInputDialog.getItem(
            self.window, _("Record placement change"), _("Which child moved?"), names, 0, False
        )
        return next((i for i, n in children if n == name), None) if ok else None

    def _job(self, spec_kind: str) -> Callable[[dict[str, Any], dict[str, Any]], Any]:
        store = self.session.store

        def save(body: dict[str, Any], base: dict[str, Any]) -> Any:
            from fieldcase.services import case_data, placement_change

            if spec_kind == "placement_change":
                return placement_change.record_change(
                    store, change=placement_change.change_from_body(body)
                )
            if spec_kind == "case_dates":
                return case_data.save_case_dates_body(store, body=body)
            if spec_kind == "exit":
                return case_data.save_exit_body(store, body=body)
            if spec_kind == "goal_change":
                from fieldcase.services import goal_change

                return goal_change.save_body(store, body=body)
            return case_data.save_typed(store, kind=spec_kind, body=body, base=base)

        return save

    def _show(self, spec_kind: str, body: dict[str, Any], detail: CaseDetail) -> None:
        from fieldcase.ui.case_data_dialog import CaseDataDialog
        from fieldcase.ui.forms.case_specs import CASE_SPECS

        kwargs: dict[str, Any] = (
            {} if self.autosave_ms is None else {"autosave_ms": self.autosave_ms}
        )
        cls: type[CaseDataDialog] = CaseDataDialog
        if spec_kind == "goal_change":
            from fieldcase.services import goal_change
            from fieldcase.ui.goal_change_dialog import GoalChangeDialog

            store = self.session.store
            cls, kwargs["submit"] = (
                GoalChangeDialog,
                lambda body: goal_change.submit_body(store, body=body),
            )
        dialog = cls(
            CASE_SPECS[spec_kind],
            form_context(detail, users=self.users()),
            body,
            job=self._job(spec_kind),
            worker=self.worker,
            parent=self.window,
            **kwargs,
        )
        dialog.saved.connect(lambda _r: self.on_saved())
        dialog.finished.connect(lambda _code, d=dialog: self._closed(d))
        self.dialogs.append(dialog)
        dialog.show()
        dialog.form.setFocus()

    def _closed(self, dialog: CaseDataDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def close_all(self) -> None:
        """Save what is typed and close every form (the window locks or closes)."""
        for dialog in list(self.dialogs):
            dialog.close()
