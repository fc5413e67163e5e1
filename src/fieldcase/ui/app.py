"""The composition root: builds the store worker, the session, the view-models and the window, and
passes each what it needs. No globals besides the active translation catalogue (i18n)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from fieldcase import __version__
from fieldcase.services.session import IdlePolicy, Session, Unlocked
from fieldcase.services.settings import Settings, SettingsFile
from fieldcase.ui import i18n, wheel_guard
from fieldcase.ui.gui_thread_gc import GuiThreadCollector
from fieldcase.ui.main_window import MainWindow
from fieldcase.ui.printing import PrintViewModel
from fieldcase.ui.session import IdleWatcher, SessionViewModel
from fieldcase.ui.sync_bar import SyncViewModel
from fieldcase.ui.worker import RenderWorker, StoreWorker
from fieldcase.ui.workspace import WorkspaceViewModel

if TYPE_CHECKING:
    from fieldcase.services.session import (
        KdfParams,  # the session's own name for it: ui never imports security
    )
    from fieldcase.ui.enroll import EnrollViewModel

log = logging.getLogger(__name__)

#: how long after the unlock screen has painted the idle watcher is installed (see FieldcaseApp)
IDLE_WATCH_WHILE_TYPING_MS = 1000


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("fieldcase")
        QCoreApplication.setApplicationName("fieldcase")
        app = QApplication(argv if argv is not None else sys.argv[:1])
    return app  # type: ignore[return-value]  # instance() is typed QCoreApplication; in this process it is the QApplication made here


def _quit_on_signals(qt_app: QApplication, *, ctrl_c: bool) -> None:
    """SIGTERM (logout, shutdown, `kill`) and SIGHUP (the terminal closed) — and Ctrl+C in the
    terminal when `ctrl_c` — close the app the ordinary way: open forms are saved, the store is
    locked, the demo's server stopped and its folder removed. Python's default would end the process
    on the spot. Qt's event loop would keep Python's handler from running until the next event: a
    timer gives Python a moment to look every 200 ms."""
    import signal

    from PySide6.QtCore import QTimer

    wanted = [
        signal.SIGTERM,
        *([signal.SIGINT] if ctrl_c else []),
        *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else []),
    ]
    for number in wanted:
        signal.signal(number, lambda *_args: qt_app.quit())
    timer = QTimer(qt_app)
    timer.timeout.connect(lambda: None)
    timer.start(200)


class FieldcaseApp(QObject):
    """Everything one running app needs, wired together."""

    def __init__(
        self,
        *,
        data_dir: str | Path,
        config_dir: str | Path | None = None,
        role: str = "caseworker",
        now: Callable[[], datetime] | None = None,
        idle_clock: Callable[[], float] | None = None,
        kdf: KdfParams
        | None = None,  # KDF parameters for a store created here (tests use the floor)
        autosave_ms: int | None = None,
        qt_app: QApplication | None = None,
    ) -> None:
        super().__init__()
        self.qt_app = qt_app or application()
        self.data_dir = Path(data_dir)
        self.settings_file = SettingsFile(config_dir or self.data_dir)
        self.settings: Settings = self.settings_file.load()
        self.role = role
        self.now = now or (lambda: datetime.now().astimezone())
        self.idle_clock = idle_clock
        self.autosave_ms = autosave_ms
        self._base_font = QFont(self.qt_app.font())
        # before any worker thread exists: cycles holding Qt objects must die on this thread
        self.collector = GuiThreadCollector(self)
        self.worker = StoreWorker(self)
        self.renderer = RenderWorker(self)  # PDFs and page images: never on the store thread
        self.session = Session(data_dir=self.data_dir, kdf=kdf)
        self.session_vm = SessionViewModel(self.session, self.worker, self)
        policy_args = {} if idle_clock is None else {"clock": idle_clock}
        self.idle = IdleWatcher(
            IdlePolicy(
                minutes=self.settings.idle_lock_minutes,
                warn_seconds=self.settings.idle_warning_seconds,
                **policy_args,
            ),
            self,
        )
        # The idle watcher, the application's event filter, sees every event in Python; the first event
        # to an object of a class private to Qt (a text label's control, an animation timer) costs
        # PySide 40-100 ms of the GUI thread, once, which would delay the caseload while the store
        # worker loads it (the start-up target of issue 5). Locked, the watcher counts nothing, and
        # the inactivity clock starts at unlock; so it is installed while the passphrase is typed (a
        # second after the unlock screen has painted), else once the first caseload is on screen,
        # or at an unlock before the window was ever painted (enrollment, the demo).
        self._idle_installed = False
        self.session_vm.unlocked.connect(lambda _w: self._watch_idle())
        self.session_vm.locked.connect(self.idle.stop)
        self.idle.timed_out.connect(self.session_vm.lock)
        # OS sleep or session lock, where the platform reports it (security.md "Opening, locking")
        self.qt_app.applicationStateChanged.connect(self._application_state_changed)
        # the session manager is ending the session (Windows shutdown, logout): the process may not
        # get to run its shutdown, so what was typed is saved now, before answering
        self.qt_app.commitDataRequest.connect(self.save_everything_now)
        self.window: MainWindow | None = None
        self._apply_settings()
        self.build_window()

    def _install_idle_watcher(self) -> None:
        if not self._idle_installed:
            self._idle_installed = True
            self.qt_app.installEventFilter(self.idle)
            # the wheel guard is an application filter too: installed at the same moment, for the same reason
            wheel_guard.install(self.qt_app)

    def _install_idle_watcher_soon(self) -> None:
        QTimer.singleShot(IDLE_WATCH_WHILE_TYPING_MS, self, self._install_idle_watcher_while_typing)

    def _install_idle_watcher_while_typing(self) -> None:
        if (
            self.session_vm.is_locked and not self.session_vm.busy
        ):  # not while an unlock is under way
            self._install_idle_watcher()

    def _watch_idle(self) -> None:
        if self.window is None or not self.window.unlock_screen_was_painted:
            self._install_idle_watcher()
        self.idle.start()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.session_vm.lock()

    def _apply_settings(self) -> None:
        i18n.install(self.qt_app, self.settings.language)
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(self._base_font.pointSizeF() * self.settings.text_scale / 100)
        self.qt_app.setFont(font)

    def build_window(self) -> MainWindow:
        """(Re)build the window, e.g. after a language change; unlocked state carries over."""
        old = self.window
        self.workspace = WorkspaceViewModel(self.worker, self.session, now=self.now, parent=self)
        self.sync_vm = SyncViewModel(self.worker, self.session, self)
        self.enroll_vm = self._enroll_view_model() if not self.session.is_enrolled else None
        self.print_vm = PrintViewModel(self.worker, self.renderer, self.session, self)
        window = MainWindow(
            session_vm=self.session_vm,
            workspace=self.workspace,
            sync_vm=self.sync_vm,
            role=self.role,
            autosave_ms=self.autosave_ms,
            enroll_vm=self.enroll_vm,
            print_vm=self.print_vm,
        )
        window.settings_requested.connect(self.edit_settings)
        window.unlock_screen_painted.connect(self._install_idle_watcher_soon)
        window.caseload_on_screen.connect(self._install_idle_watcher)
        self.idle.warn.connect(window.show_idle_warning)
        self.idle.warning_cleared.connect(window.clear_idle_warning)
        self.window = window
        if old is not None:
            old._flush_all()
            for page in list(old.pages):
                old._remove_page(page)
            old.retired = True  # its close must not lock the session the new window uses
            old.hide()
            old.deleteLater()
            for signal in (
                self.session_vm.unlocked,
                self.session_vm.unlock_failed,
                self.session_vm.busy_changed,
                self.session_vm.about_to_lock,
                self.session_vm.locked,
            ):
                try:
                    signal.disconnect(old)
                except (RuntimeError, TypeError):
                    pass
            if self.session_vm.identity is not None:
                window._unlocked(self.session_vm.identity)
        return window

    def _enroll_view_model(self) -> EnrollViewModel:
        """Only a laptop not yet enrolled shows enrollment (MainWindow asks the same): its module is
        imported here, not with the app (the start-up target of issue 5)."""
        from fieldcase.ui.enroll import EnrollViewModel

        return EnrollViewModel(self.worker, self.data_dir, self)

    def edit_settings(self) -> None:
        from fieldcase.ui.settings_dialog import SettingsDialog  # on first use

        dialog = SettingsDialog(self.settings, self.window)
        if dialog.exec():
            self.apply_settings(dialog.result_settings())

    def apply_settings(self, settings: Settings) -> None:
        language_changed = settings.language != self.settings.language
        self.settings = self.settings_file.save(settings)
        self.idle.policy = IdlePolicy(
            minutes=self.settings.idle_lock_minutes,
            warn_seconds=self.settings.idle_warning_seconds,
            **({} if self.idle_clock is None else {"clock": self.idle_clock}),
        )
        self._apply_settings()
        if language_changed:
            was_visible = self.window is not None and self.window.isVisible()
            window = self.build_window()
            if was_visible:
                window.show()

    def adopt_store(self, store) -> None:
        """Open straight into the workspace with a store unlocked elsewhere (enrollment, demo)."""
        who: Unlocked = self.session.adopt(store)
        self.session_vm.adopt(who)

    def save_everything_now(self, _manager: object = None) -> None:
        """Save every open form and wait until the store has it (session end). The forms stay open:
        the user may cancel the shutdown and go on typing."""
        for page in self.window.pages if self.window is not None else ():
            page.editor.flush()
        try:
            self.worker.wait(timeout=10)
        except Exception:  # noqa: BLE001, S110 - a slow disk: the session manager must still get its answer
            pass

    def shutdown(self) -> None:
        if self.window is not None:
            self.window._flush_all()
        self.session_vm.lock()
        self.renderer.shutdown()
        self.worker.shutdown()
        self.collector.stop()  # the workers are gone: collecting anywhere is safe again
        self.qt_app.removeEventFilter(self.idle)
        for signal, slot in (
            (self.qt_app.applicationStateChanged, self._application_state_changed),
            (self.qt_app.commitDataRequest, self.save_everything_now),
        ):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass


def run(
    *,
    data_dir: str | Path,
    role: str = "caseworker",
    store=None,
    argv: list[str] | None = None,
    handle_sigint: bool = False,
) -> int:
    from fieldcase import logs

    # The app's log file first: a bug in a background worker is logged there (there is no console
    # in the Windows bundle); allow-listed fields only (fieldcase/logs.py).
    logs.configure_desktop()
    log.info("fieldcase %s starting", logs.Safe(__version__))
    qt_app = application(argv)
    _quit_on_signals(qt_app, ctrl_c=handle_sigint)
    app = FieldcaseApp(data_dir=data_dir, role=role, qt_app=qt_app)
    if store is not None:
        app.adopt_store(store)
    assert app.window is not None  # FieldcaseApp() builds it
    app.window.show()
    try:
        return qt_app.exec()
    finally:
        app.shutdown()
        log.info("fieldcase stopped")
        logs.stop_desktop()
