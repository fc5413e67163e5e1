"""The main window: the unlock screen, or the workspace (caseload | case and open records), with the
sync bar below. Ctrl+L locks: autosaves are flushed, then every widget holding personal data is
cleared or destroyed before the unlock screen shows.

Start-up is kept light: what only some sessions need (enrollment, the supervisor's views, printing,
conflicts, the record editor) is imported where it is first used, and after an unlock the caseload
is asked for first; the rest of the unlock work waits until the caseload has been painted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
)

from fieldcase.domain import kinds
from fieldcase.services.caseload import Caseload, CaseloadRow, CaseloadSummary
from fieldcase.ui import compliance_words, second_draft
from fieldcase.ui.accessible_text import set_heading
from fieldcase.ui.case_view import CaseView
from fieldcase.ui.caseload_view import CaseloadSummaryViewModel, CaseloadView
from fieldcase.ui.i18n import _
from fieldcase.ui.main_menus import MainMenus
from fieldcase.ui.models import CaseloadModel
from fieldcase.ui.session import SessionViewModel
from fieldcase.ui.status_line import StatusLine
from fieldcase.ui.sync_bar import SyncBar, SyncViewModel
from fieldcase.ui.unlock import UnlockScreen
from fieldcase.ui.widgets import Banner
from fieldcase.ui.workspace import WorkspaceViewModel, form_context

if TYPE_CHECKING:  # imported where first used: most sessions never need them
    from fieldcase.services.cases import CaseDetail
    from fieldcase.services.field_records import OpenedRecord
    from fieldcase.ui.conflict_dialog import ConflictDialog
    from fieldcase.ui.enroll import EnrollScreen, EnrollViewModel
    from fieldcase.ui.print_dialog import PrintDialog
    from fieldcase.ui.printing import PrintViewModel
    from fieldcase.ui.record_page import RecordPage
    from fieldcase.ui.supervisor import SupervisorView

#: the rest of the unlock work starts at the latest this long after the caseload arrived, even if the
#: window was never painted (hidden, minimised)
AFTER_PAINT_FALLBACK_MS = 300


class _FirstPaint(QObject):
    """Calls `then` once, on the event loop's next turn after `widget` has painted (or after
    `fallback_ms`, whichever comes first; None: only after a paint)."""

    def __init__(self, widget, then, fallback_ms: int | None) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then = then
        self.fired = False
        widget.installEventFilter(self)
        if fallback_ms is not None:
            QTimer.singleShot(fallback_ms, self, self.fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.fired:
            QTimer.singleShot(0, self, self.fire)
        return False

    def fire(self) -> None:
        if self.fired:
            return
        self.fired = True
        self.widget.removeEventFilter(self)
        self.then()
        self.deleteLater()


class MainWindow(MainMenus, QMainWindow):
    settings_requested = Signal()
    unlock_screen_painted = Signal()
    #: the first caseload after an unlock has painted (or will not come); the rest of the unlock follows
    caseload_on_screen = Signal()
    unlock_screen_was_painted = False
    retired = False

    def __init__(
        self,
        *,
        session_vm: SessionViewModel,
        workspace: WorkspaceViewModel,
        sync_vm: SyncViewModel,
        role: str = "caseworker",
        autosave_ms: int | None = None,
        enroll_vm: EnrollViewModel | None = None,
        print_vm: PrintViewModel | None = None,
    ) -> None:
        super().__init__()
        self.session_vm = session_vm
        self.workspace = workspace
        self.sync_vm = sync_vm
        self.print_vm = print_vm
        self.role = role
        self.names: dict[
            str, str
        ] = {}  # user id -> name, for the people the app knows (the signed-in user)
        self.supervisor: SupervisorView | None = None
        self._after_caseload: list = []  # unlock work that waits until the caseload has painted
        self.print_dialog: PrintDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.autosave_ms = autosave_ms
        self.setWindowTitle(
            _("fieldcase") + (" — " + _("Supervisor") if role == "supervisor" else "")
        )
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.unlock = UnlockScreen()
        self.stack.addWidget(self.unlock)
        # once the unlock screen is on screen, the store loads on the store worker while the passphrase is typed
        _FirstPaint(self.unlock, self._unlock_screen_shown, None)

        self.caseload_model = CaseloadModel(self)
        self.caseload = CaseloadView(self.caseload_model)
        self.caseload_summary = CaseloadSummaryViewModel(
            session_vm.worker, session_vm.session, now=workspace.now, parent=self
        )
        if role == "supervisor":
            set_heading(self.caseload.heading, _("My team’s children"))
        self.case_view = CaseView()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Open case and records"))
        self.tabs.addTab(self.case_view, _("Case"))
        self.tabs.setTabsClosable(False)
        self.notice = Banner()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.caseload)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([700, 740])
        split.setChildrenCollapsible(False)
        self.split = split
        self.stack.addWidget(split)
        self.pages: list[RecordPage] = []
        self._show_case_tab = False

        if role == "supervisor":
            self._build_supervisor()

        self.sync_bar = SyncBar(sync_vm)
        self.statusBar().addPermanentWidget(self.sync_bar)
        self.sync_bar.hide()  # nothing to sync, and nothing to show, while locked
        self.idle_label = QLabel()
        self.statusBar().addWidget(self.idle_label)
        self.status_line = StatusLine()  # passing messages, never painted into the sync text
        self.statusBar().addWidget(self.status_line, 1)
        self._build_menus()

        session_vm.unlocked.connect(self._unlocked)
        session_vm.unlock_failed.connect(self.unlock.show_failure)
        session_vm.busy_changed.connect(self.unlock.set_busy)
        session_vm.about_to_lock.connect(self._flush_all)
        session_vm.locked.connect(self._locked)
        self.unlock.unlock_requested.connect(session_vm.unlock)
        self.caseload.child_opened.connect(self._child_opened)
        self.caseload.notes_search_requested.connect(workspace.search_notes)
        workspace.note_hits.connect(self.caseload.show_note_hits)
        workspace.caseload_loaded.connect(self._caseload_loaded)
        workspace.interrupted_reopened.connect(self._interrupted_reopened)
        self.caseload_summary.summary_loaded.connect(self._summary_loaded)
        self.caseload_summary.failed.connect(self._show_error)
        workspace.case_loaded.connect(self._case_loaded)
        workspace.record_ready.connect(self._record_ready)
        workspace.revealed.connect(self.case_view.show_revealed)
        workspace.failed.connect(self._show_error)
        self.case_view.new_record_requested.connect(workspace.new_record)
        self.case_view.court_report_requested.connect(workspace.new_court_report)
        self.case_view.clone_requested.connect(
            lambda case_id: workspace.new_record("home_visit", case_id, clone=True)
        )
        self.case_view.record_opened.connect(workspace.open_record)
        self.case_view.reveal_requested.connect(workspace.reveal)
        # people, placements, hearings … (case_view.py)
        from fieldcase.ui.case_data_actions import CaseDataActions

        self.case_data = CaseDataActions(
            self,
            worker=session_vm.worker,
            session=session_vm.session,
            today=lambda: workspace.now().date(),
            on_saved=self._record_changed,
            users=lambda: self.names,
            autosave_ms=autosave_ms,
        )
        self.case_data.failed = self._show_error
        self.case_view.case_data_requested.connect(
            lambda action, record_id: self.case_data.open(action, record_id, self.case_view.detail)
        )
        sync_vm.sync_finished.connect(lambda _m: self._refresh_after_sync())
        self.sync_bar.attention_requested.connect(sync_vm.load_attention)
        sync_vm.attention_loaded.connect(self._show_attention)
        sync_vm.conflict_loaded.connect(self._show_conflict)
        sync_vm.conflict_resolved.connect(self._conflict_resolved)
        sync_vm.failed.connect(self._show_error)
        workspace.user_loaded.connect(self._user_loaded)
        workspace.names_loaded.connect(self._names_loaded)
        workspace.draft_found.connect(
            lambda record_id, case_id, clone: second_draft.offer(
                self,
                open_draft=lambda: workspace.open_record(record_id),
                start_new=lambda: workspace.new_record(
                    "home_visit", case_id, clone=clone, second=True
                ),
            )
        )
        # its tab, menu entry, shortcut and reminders
        from fieldcase.ui.week_ahead import WeekAheadTab

        self.week_ahead = WeekAheadTab(self)
        self._restore_geometry()
        self.enroll: EnrollScreen | None = None
        if enroll_vm is not None and not session_vm.session.is_enrolled:
            from fieldcase.ui.enroll import EnrollScreen

            self.enroll = EnrollScreen(enroll_vm)
            self.stack.addWidget(self.enroll)
            enroll_vm.enrolled.connect(self._enrolled)
            self.stack.setCurrentWidget(self.enroll)
        else:
            self.stack.setCurrentWidget(self.unlock)

    def _unlock_screen_shown(self) -> None:
        self.unlock_screen_was_painted = True
        self.session_vm.warm_up()
        self.unlock_screen_painted.emit()

    def _copy_diagnostics(self) -> None:
        """Versions, store schema, sync counts and the log's last lines (no personal data) onto the
        clipboard for IT; read on the store worker, which owns the store."""
        from PySide6.QtCore import qVersion

        from fieldcase.services.diagnostics import diagnostics_text

        self.session_vm.worker.run(
            diagnostics_text,
            self.session_vm.session,
            qt_version=qVersion(),
            on_done=self._diagnostics_copied,
        )

    def _diagnostics_copied(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.status_line.show_message(
            _("Diagnostics copied: paste them into your message to IT."), 15000
        )

    # session ---------------------------------------------------------------------------------

    def _enrolled(self, done) -> None:
        self.session_vm.adopt(self.session_vm.session.adopt(done.store))
        self.sync_vm.sync_now()  # the first sync downloads the caseload

    def _build_supervisor(self) -> SupervisorView:
        """The supervisor's workspace: approvals and team first; the team's children (caseload and
        case view) as a third tab."""
        from fieldcase.ui.supervisor import build_supervisor_view

        self.supervisor = build_supervisor_view(
            worker=self.session_vm.worker,
            session=self.session_vm.session,
            now=self.workspace.now,
            names=self.names,
        )
        self.stack.removeWidget(self.split)
        self.supervisor.tabs.addTab(self.split, _("&Children"))
        self.stack.addWidget(self.supervisor)
        set_heading(self.caseload.heading, _("My team’s children"))
        # the decision waits in the outbox: the bar's "waiting to sync" count goes up
        self.supervisor.decision_queued.connect(lambda _d: self.sync_vm.refresh())
        return self.supervisor

    def workspace_page(self):
        return self.supervisor if self.supervisor is not None else self.split

    def _unlocked(self, who) -> None:
        self.workspace.user_id = who.user_id
        self.stack.setCurrentWidget(self.workspace_page())
        self._set_workspace_enabled(True)
        self.sync_bar.show()
        if self.supervisor is not None:
            # the approval queue is a supervisor's first page: it comes first
            self.supervisor.refresh()
            self.supervisor.queue_table.setFocus()
            self.workspace.load_user()
            self.workspace.load_caseload()
            self.sync_vm.refresh()
            QTimer.singleShot(0, self, self.caseload_on_screen.emit)
            return
        self.caseload.filter.setFocus()
        # the caseload first (the store worker runs jobs in order); who is signed in, the compliance
        # summary and the sync status once the caseload is on screen, so they do not hold it up
        self._after_caseload = [
            self.workspace.load_user,
            self.caseload_summary.load,
            self.sync_vm.refresh,
            self.workspace.reopen_interrupted,
        ]
        self.workspace.load_caseload()

    def _run_after_caseload(self) -> None:
        pending, self._after_caseload = self._after_caseload, []
        if self.session_vm.is_locked:
            return
        for job in pending:
            job()
        self.caseload_on_screen.emit()

    def _names_loaded(self, names: dict) -> None:
        self.names.update(names)  # the directory's names over account names
        if self.supervisor is not None:
            self.supervisor.vm.names.update(self.names)
            self.supervisor.reader.labels.update(self.names)

    def _user_loaded(self, user) -> None:  # session.SignedInUser
        if user.username:
            self.names.setdefault(user.user_id, user.username)
        if self.supervisor is not None:
            self.supervisor.vm.names.update(self.names)
            self.supervisor.reader.labels.update(self.names)
        if user.role == "supervisor" and self.supervisor is None:
            # the server says so (stored at enrollment), whatever the window was opened with
            self.role = "supervisor"
            self.setWindowTitle(_("fieldcase") + " — " + _("Supervisor"))
            supervisor = self._build_supervisor()
            if not self.session_vm.is_locked:
                self.stack.setCurrentWidget(supervisor)
                supervisor.refresh()

    def _flush_all(self) -> None:
        for page in self.pages:
            page.editor.close()
        self.case_data.close_all()

    def _locked(self) -> None:
        """Drop every widget that held personal data, and our clipboard contents."""
        for dialog in (self.print_dialog, self.conflict_dialog):
            if dialog is not None:
                dialog.reject()
        self.print_dialog = self.conflict_dialog = None
        if self.supervisor is not None:
            self.supervisor.clear()
        for page in list(self.pages):
            self._remove_page(page)
        self.case_view.clear()
        self.caseload.clear()
        self.workspace.clear()
        self.sync_bar.clear()
        self.sync_bar.hide()
        self.notice.clear()
        self.status_line.clear_message()
        self.idle_label.clear()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear()
        self._after_caseload = []
        self._set_workspace_enabled(False)
        self.unlock.reset()
        self.stack.setCurrentWidget(self.unlock)

    # data arriving -------------------------------------------------------------------------------

    def _caseload_loaded(self, caseload: Caseload) -> None:
        if self.session_vm.is_locked:  # read just before the lock, arriving after it: not shown
            return
        self.caseload_model.set_caseload(caseload.rows, text=self.caseload.filter.text())
        if (
            self._after_caseload
        ):  # the first caseload after an unlock: its summary comes after the paint
            _FirstPaint(
                self.caseload.table.viewport(), self._run_after_caseload, AFTER_PAINT_FALLBACK_MS
            )
        else:  # a refresh (an edit, a sync): the summary follows the rows
            self.caseload_summary.load()

    def _summary_loaded(self, summary: CaseloadSummary) -> None:
        if not self.session_vm.is_locked:  # a summary still on its way when the caseworker locked
            if summary.counts is None:
                self.caseload.show_compliance(summary.headline, summary.lines)
            else:  # in the caseworker's language
                self.caseload.show_compliance(*compliance_words.summary(summary.counts))

    def _child_opened(self, row: CaseloadRow) -> None:
        self._show_case_tab = True
        self.workspace.open_case(row.case_id)

    def _case_loaded(self, detail: CaseDetail) -> None:
        self.case_view.show_case(detail)
        if (
            self._show_case_tab
        ):  # a refresh after an autosave must not pull the caseworker off the form
            self._show_case_tab = False
            self.tabs.setCurrentWidget(self.case_view)
            if self.supervisor is not None:
                self.supervisor.tabs.setCurrentWidget(self.split)

    def _record_ready(self, opened: OpenedRecord, is_new: bool, detail: CaseDetail | None) -> None:
        for page in self.pages:
            if page.editor.record_id == opened.record.id:
                self.tabs.setCurrentWidget(page)
                return
        from fieldcase.ui.record_editor import RecordEditor
        from fieldcase.ui.record_page import RecordPage

        kwargs: dict[str, Any] = (
            {} if self.autosave_ms is None else {"autosave_ms": self.autosave_ms}
        )
        editor = RecordEditor(
            worker=self.session_vm.worker,
            session=self.session_vm.session,
            opened=opened,
            is_new=is_new,
            **kwargs,
        )
        page = RecordPage(editor, form_context(detail, users=self.names))
        editor.setParent(page)
        editor.saved.connect(lambda _s: self._record_changed())
        editor.submitted.connect(lambda _s: self._record_changed())
        # a proposed change is queued like a save: the bar's "waiting to sync" count goes up now
        editor.proposal_kept.connect(lambda _k: self._record_changed())
        page.close_requested.connect(lambda: self._remove_page(page))
        page.open_record_requested.connect(self.workspace.open_record)
        self.pages.append(page)
        self.workspace.form_opened(opened.record.id, is_open=True)
        index = self.tabs.addTab(page, _(kinds.title(opened.kind)))
        self.tabs.setCurrentIndex(index)
        if self.supervisor is not None:
            self.supervisor.tabs.setCurrentWidget(self.split)
        page.form.focus_first_field()  # Ctrl+N lands on the first field, not on the scroll area

    def _interrupted_reopened(self, record_ids: list) -> None:
        for page in self.pages:
            if page.editor.record_id in record_ids:
                page.show_interrupted()

    def _record_changed(self) -> None:
        if self.case_view.detail is not None:
            self.workspace.open_case(self.case_view.detail.case_id)
        self.workspace.load_caseload()
        self.sync_vm.refresh()

    def _refresh_after_sync(self) -> None:
        if not self.session_vm.is_locked:
            self.workspace.load_caseload()
            self.workspace.load_names()
            if self.supervisor is not None:
                self.supervisor.refresh()
            for page in self.pages:
                page.editor.reload()

    def _remove_page(self, page: RecordPage) -> None:
        page.editor.close()
        if not self.session_vm.is_locked:  # at a lock the session forgets every form at once
            self.workspace.form_opened(page.editor.record_id, is_open=False)
        page.clear_personal_data()
        self.tabs.removeTab(self.tabs.indexOf(page))
        self.pages.remove(page)
        page.deleteLater()

    def _close_current(self) -> None:
        current = self.current_page()
        if current is not None:
            self._remove_page(current)

    def current_page(self) -> RecordPage | None:
        current = self.tabs.currentWidget()
        return next((page for page in self.pages if page is current), None)

    def _show_error(self, message: str) -> None:
        if (
            self._after_caseload
        ):  # the caseload did not come: do not hold the rest of the unlock back
            QTimer.singleShot(0, self, self._run_after_caseload)
        self.status_line.show_message(_("Problem: {message}").format(message=message), 15000)

    def _show_attention(self, items: list) -> None:
        if not items:
            QMessageBox.information(self, _("Needs attention"), _("Nothing needs your attention."))
            return
        from fieldcase.ui.attention import AttentionDialog

        dialog = AttentionDialog(items, self)
        dialog.open_record.connect(self.workspace.open_record)
        dialog.dismiss.connect(self.sync_vm.dismiss)
        dialog.resolve_conflict.connect(self.sync_vm.load_conflict)
        dialog.exec()

    # conflicts --------------------------------------------------------------------------------------

    def _show_conflict(self, conflict) -> None:  # conflicts.ConflictItem
        if self.session_vm.is_locked:
            return
        from fieldcase.ui.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(conflict, names=self.names, parent=self)
        dialog.resolved.connect(self.sync_vm.resolve_conflict)
        self.conflict_dialog = dialog
        dialog.open()

    def _conflict_resolved(self, record_id: str) -> None:
        self.conflict_dialog = None
        self.status_line.show_message(
            _("Conflict settled; your choice reaches the server with the next sync."), 15000
        )
        for page in self.pages:
            if page.editor.record_id == record_id:
                page.editor.reload()
        if self.case_view.detail is not None:
            self.workspace.open_case(self.case_view.detail.case_id)

    # idle --------------------------------------------------------------------------------------

    def show_idle_warning(self, seconds: int) -> None:
        self.idle_label.setText(
            _(
                "Locking in {seconds} s because nothing was typed. Move the mouse or press a key to stay unlocked."
            ).format(seconds=seconds)
        )

    def clear_idle_warning(self) -> None:
        self.idle_label.clear()

    # geometry (QSettings: geometry only, never personal data) ------------------------------------

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        # first start: 1280 x 800, or most of a smaller screen, centred
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        if area is None or area.isEmpty():
            self.resize(1280, 800)
            return
        self.resize(min(1280, int(area.width() * 0.9)), min(800, int(area.height() * 0.9)))
        self.move(area.center() - self.rect().center())

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if not self.retired:
            self.session_vm.lock()
        super().closeEvent(event)
