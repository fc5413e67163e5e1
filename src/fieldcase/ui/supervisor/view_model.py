"""The supervisor's view-model: every service call runs on the store worker; results come back as
past-tense signals. It holds no widgets."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from PySide6.QtCore import QObject, Signal

from fieldcase.services import approvals, comments, compliance
from fieldcase.services.session import Session
from fieldcase.ui.i18n import current_language, error_words
from fieldcase.ui.worker import StoreWorker

Now = Callable[[], datetime]


class SupervisorViewModel(QObject):
    queue_loaded = Signal(object)  # approvals.ApprovalQueue
    entry_opened = Signal(object)  # approvals.ReviewRecord
    decided = Signal(object)  # approvals.Decision
    decision_refused = Signal(
        str
    )  # a UserError's words (e.g. the entry changed after it was opened)
    dashboard_loaded = Signal(object)  # compliance.TeamDashboard
    child_loaded = Signal(object)  # compliance.ChildDrillDown
    addenda_loaded = Signal(object)  # list[approvals.AddendumToRead]
    commented = Signal(object)  # comments.CommentLine (queued for the next sync)
    acknowledged = Signal(str)  # record id (queued for the next sync)
    failed = Signal(str)

    def __init__(
        self,
        worker: StoreWorker,
        session: Session,
        *,
        now: Now,
        names: Mapping[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.session = session
        self.now = now
        self.names = dict(names or {})

    def _fail(self, err) -> None:
        self.failed.emit(error_words(err))

    def load_queue(self) -> None:
        session, now, names = self.session, self.now(), self.names
        self.worker.run(
            lambda: approvals.approval_queue(session.store, now=now, names=names),
            on_done=self.queue_loaded.emit,
            on_error=self._fail,
        )

    def open_entry(self, record_id: str) -> None:
        session, names = self.session, self.names
        language = (
            current_language()
        )  # the court report's composed sections are worded in the services
        self.worker.run(
            lambda: approvals.open_for_review(
                session.store, record_id=record_id, names=names, language=language
            ),
            on_done=self.entry_opened.emit,
            on_error=self._fail,
        )

    def approve(self, record: approvals.ReviewRecord) -> None:
        session = self.session
        self.worker.run(
            lambda: approvals.approve(
                session.store, record_id=record.record_id, rev=record.rev, version=record.version
            ),
            on_done=self._decided,
            on_error=lambda err: self._refused(err, record.record_id),
        )

    def return_entry(self, record: approvals.ReviewRecord, reason: str) -> None:
        session = self.session
        self.worker.run(
            lambda: approvals.return_entry(
                session.store,
                record_id=record.record_id,
                rev=record.rev,
                version=record.version,
                reason=reason,
            ),
            on_done=self._decided,
            on_error=lambda err: self._refused(err, record.record_id),
        )

    def _decided(self, decision: approvals.Decision) -> None:
        self.decided.emit(decision)
        self.load_queue()
        self.open_entry(decision.record_id)

    def _refused(self, err, record_id: str) -> None:
        self.decision_refused.emit(error_words(err))
        self.load_queue()
        self.open_entry(record_id)  # show what is there now

    def load_dashboard(self) -> None:
        session, now, names = self.session, self.now(), self.names
        self.worker.run(
            lambda: compliance.team_dashboard(
                session.store, today=now.date(), now=now, names=names
            ),
            on_done=self.dashboard_loaded.emit,
            on_error=self._fail,
        )

    def open_child(self, child_id: str) -> None:
        session, today, names = self.session, self.now().date(), self.names
        self.worker.run(
            lambda: compliance.child_drill_down(
                session.store, child_id=child_id, today=today, names=names
            ),
            on_done=self.child_loaded.emit,
            on_error=self._fail,
        )

    def load_addenda(self) -> None:
        session, names = self.session, self.names
        self.worker.run(
            lambda: approvals.addenda_to_acknowledge(session.store, names=names),
            on_done=self.addenda_loaded.emit,
            on_error=self._fail,
        )

    def acknowledge(self, record_id: str, addendum_id: str) -> None:
        session = self.session
        self.worker.run(
            lambda: approvals.acknowledge_addendum(
                session.store, record_id=record_id, addendum_id=addendum_id
            ),
            on_done=lambda _v: self._acknowledged(record_id),
            on_error=self._fail,
        )

    def _acknowledged(self, record_id: str) -> None:
        self.acknowledged.emit(record_id)
        self.load_addenda()
        self.open_entry(record_id)

    def comment(self, record_id: str, text: str) -> None:
        """Ask a question (queued for the next sync); the entry stays in the queue, undecided."""
        session = self.session
        self.worker.run(
            lambda: comments.add_comment(session.store, record_id=record_id, text=text),
            on_done=lambda line: self._commented(record_id, line),
            on_error=self._fail,
        )

    def _commented(self, record_id: str, line) -> None:
        self.commented.emit(line)
        self.load_queue()
        self.open_entry(record_id)
