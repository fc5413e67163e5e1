"""The supervisor's workspace: "Approvals" (the queue beside the record reader) and "Team" (the
dashboard). One widget the main window shows for role == "supervisor"; it owns its view-model."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from html import escape

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from fieldcase.services.approvals import ApprovalQueue, Decision, ReviewRecord
from fieldcase.services.session import Session
from fieldcase.ui.i18n import _
from fieldcase.ui.supervisor.dashboard import TeamDashboardView, _table
from fieldcase.ui.supervisor.models import AddendaModel, ApprovalQueueModel, age_words
from fieldcase.ui.supervisor.reader import RecordReader
from fieldcase.ui.supervisor.view_model import SupervisorViewModel
from fieldcase.ui.widgets import Banner
from fieldcase.ui.worker import StoreWorker


class SupervisorView(QWidget):
    #: a decision was queued: the app may start a sync (decisions are applied on the server then)
    decision_queued = Signal(object)  # Decision; None for a question or an acknowledgement

    def __init__(
        self,
        *,
        worker: StoreWorker,
        session: Session,
        now: Callable[[], datetime],
        names: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.vm = SupervisorViewModel(worker, session, now=now, names=names, parent=self)
        self.setAccessibleName(_("Supervisor workspace"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Approvals and team"))

        # approvals: the queue beside the reader
        self.queue_model = ApprovalQueueModel(self)
        self.queue_heading = QLabel()
        self.queue_heading.setTextFormat(Qt.TextFormat.RichText)
        self.queue_heading.setWordWrap(
            True
        )  # a long count in large text or Spanish wraps, never widens the window
        self.queue_label = QLabel(_("&Queue: present danger first, then oldest first"))
        self.queue_table = _table(
            self.queue_model, _("Approval queue: present danger first, then oldest first")
        )
        self.queue_label.setBuddy(self.queue_table)
        self.notice = Banner()
        # the second section: addenda and late proposed changes on approved entries, waiting to be acknowledged
        self.addenda_model = AddendaModel(self)
        self.addenda_heading = QLabel()
        self.addenda_heading.setTextFormat(Qt.TextFormat.RichText)
        self.addenda_heading.setWordWrap(True)
        self.addenda_label = QLabel(_("Adde&nda and proposed changes to acknowledge, oldest first"))
        self.addenda_table = _table(
            self.addenda_model, _("Addenda and proposed changes to acknowledge, oldest first")
        )
        self.addenda_label.setBuddy(self.addenda_table)
        self.reader = RecordReader()
        self.reader.labels = dict(names or {})
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in (
            (self.queue_heading, 0),
            (self.notice, 0),
            (self.queue_label, 0),
            (self.queue_table, 3),
            (self.addenda_heading, 0),
            (self.addenda_label, 0),
            (self.addenda_table, 1),
        ):
            ll.addWidget(widget, stretch)
        approvals_split = QSplitter(Qt.Orientation.Horizontal)
        approvals_split.addWidget(left)
        approvals_split.addWidget(self.reader)
        approvals_split.setStretchFactor(0, 3)
        approvals_split.setStretchFactor(1, 2)
        approvals_split.setChildrenCollapsible(False)
        self.dashboard = TeamDashboardView()
        self.tabs.addTab(approvals_split, _("&Approvals"))
        self.tabs.addTab(self.dashboard, _("&Team"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.queue_table.selectionModel().selectionChanged.connect(self._selected)
        self.queue_table.activated.connect(self._open_index)
        self.addenda_table.selectionModel().selectionChanged.connect(self._addendum_selected)
        self.addenda_table.activated.connect(self._open_addendum)
        self.reader.comment_requested.connect(self.vm.comment)
        self.vm.addenda_loaded.connect(self.show_addenda)
        self.vm.commented.connect(self._commented)
        self.vm.acknowledged.connect(self._acknowledged)
        self.reader.approve_requested.connect(self.vm.approve)
        self.reader.return_requested.connect(self.vm.return_entry)
        self.reader.acknowledge_requested.connect(self.vm.acknowledge)
        self.dashboard.child_requested.connect(self.vm.open_child)
        self.vm.queue_loaded.connect(self.show_queue)
        self.vm.entry_opened.connect(self._entry_opened)
        self.vm.decided.connect(self._decided)
        self.vm.decision_refused.connect(self._refused)
        self.vm.dashboard_loaded.connect(self.dashboard.show_dashboard)
        self.vm.child_loaded.connect(self.dashboard.show_child)
        self.vm.failed.connect(
            lambda message: self.notice.show_message(_("Problem: ") + message, "error")
        )
        self._refusal: str | None = None
        self.queue: ApprovalQueue | None = None
        self.addenda: list = []
        self.show_addenda([])

    # loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the queue and the dashboard (after unlocking and after each sync)."""
        self.vm.load_queue()
        self.vm.load_addenda()
        self.vm.load_dashboard()
        if self.reader.record is not None:
            self.vm.open_entry(self.reader.record.record_id)

    def clear(self) -> None:
        """Before locking: nothing personal stays on screen."""
        self.queue_model.clear()
        self.addenda_model.clear()
        self.reader.show_record(None)
        self.dashboard.clear()
        self.notice.clear()
        self.queue = None

    def show_queue(self, queue: ApprovalQueue) -> None:
        self.queue = queue
        current = self.reader.record.record_id if self.reader.record else None
        self.queue_model.set_rows(queue.entries)
        n = len(queue.entries)
        oldest = (
            f" · {_('oldest')} {age_words(queue.oldest_age_hours)}"
            if queue.oldest_age_hours is not None
            else ""
        )
        danger = sum(1 for e in queue.entries if e.danger)
        flagged = (
            " · ⚠ " + _("{n} with present danger, listed first").format(n=danger) if danger else ""
        )
        self.queue_heading.setText(
            f"<h2>{escape(_('Waiting for my approval'))}: {n}{escape(oldest)}{escape(flagged)}</h2>"
        )
        self.tabs.setTabText(0, _("&Approvals") + f" ({n})")
        for row, entry in enumerate(queue.entries):
            if entry.record_id == current:
                self.queue_table.selectRow(row)

    def show_addenda(self, addenda: list) -> None:
        self.addenda = list(addenda)
        self.addenda_model.set_rows(self.addenda)
        n = len(self.addenda)
        # say so when late proposed changes are among them: they are not addenda the caseworker wrote
        if any(a.addendum.kind == "proposal" for a in self.addenda):
            heading = _("Addenda and proposed changes waiting for me to acknowledge")
        else:
            heading = _("Addenda waiting for me to acknowledge")
        self.addenda_heading.setText(f"<h3>{escape(heading)}: {n}</h3>")
        # nothing to show: the section keeps its heading (it says 0) but not an empty table
        self.addenda_label.setVisible(n > 0)
        self.addenda_table.setVisible(n > 0)

    def _addendum_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._open_addendum(indexes[0])

    def _open_addendum(self, index: QModelIndex) -> None:
        row = self.addenda_model.row_at(index.row())
        self.queue_table.clearSelection()  # one highlighted row: the entry the reader shows
        if row is not None and (
            self.reader.record is None or self.reader.record.record_id != row.record_id
        ):
            self.vm.open_entry(row.record_id)

    def _commented(self, _line) -> None:
        self.notice.show_message(
            _(
                "Question saved on this laptop; it reaches the caseworker with the next sync. "
                "The entry stays in your queue."
            ),
            "ok",
        )
        self.decision_queued.emit(None)

    def _acknowledged(self, _record_id: str) -> None:
        self.notice.show_message(
            _("Acknowledged: saved on this laptop; the caseworker sees it after the next sync."),
            "ok",
        )
        self.decision_queued.emit(None)

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self._open_index(indexes[0])

    def _open_index(self, index: QModelIndex) -> None:
        entry = self.queue_model.row_at(index.row())
        self.addenda_table.clearSelection()
        if entry is not None and (
            self.reader.record is None or self.reader.record.record_id != entry.record_id
        ):
            self.vm.open_entry(entry.record_id)

    def _entry_opened(self, record: ReviewRecord) -> None:
        message, self._refusal = self._refusal, None
        self.reader.show_record(record, message=message)

    def _decided(self, decision: Decision) -> None:
        words = _("Approved") if decision.decision == "approve" else _("Returned")
        self.notice.show_message(
            words + ": " + _("saved on this laptop; it reaches the server with the next sync."),
            "ok",
        )
        self.decision_queued.emit(decision)

    def _refused(self, message: str) -> None:
        self._refusal = message
        self.notice.show_message(_("Look again: ") + message, "warning")


def build_supervisor_view(
    *,
    worker: StoreWorker,
    session: Session,
    now: Callable[[], datetime],
    names: Mapping[str, str] | None = None,
    parent: QWidget | None = None,
) -> SupervisorView:
    """For the composition root: the supervisor's workspace, ready for `refresh()` once unlocked."""
    return SupervisorView(worker=worker, session=session, now=now, names=names, parent=parent)
