"""Sync in the status bar: online/offline in words, last sync, items waiting, a progress bar and
cancel while it runs, and a "needs attention" count that opens the panel. The sync itself runs on a
thread of its own (`SyncWorker`), so the store worker stays free for autosaves and reads while it
runs; its `Progress` is sampled by a timer (neither worker touches Qt). Locking the app stops it:
`Store.lock()` cancels a running sync and waits for it before the engine is disposed."""

from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from fieldcase.errors import UserError
from fieldcase.services.session import Session
from fieldcase.ui.accessible_text import LiveLabel
from fieldcase.ui.announce import announce
from fieldcase.ui.attention import split_attention
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.worker import StoreWorker, SyncWorker

if TYPE_CHECKING:
    from fieldcase.services import conflicts
    from fieldcase.services import sync as sync_service


def _sync() -> ModuleType:
    """The sync service (httpx and the wire protocol behind it), loaded on first use — normally by
    the first status refresh on the store worker, after the caseload is on screen."""
    from fieldcase.services import sync as service

    return service


def _conflicts() -> ModuleType:
    from fieldcase.services import conflicts as service

    return service


#: how often the app checks whether an automatic sync is due (the check itself is cheap)
AUTO_CHECK_MS = 30_000


def _after_the_page_check() -> None:
    """Nothing: queued on the store worker, it returns once the jobs before it (the page check) ran."""


class SyncViewModel(QObject):
    status_changed = Signal(object)  # SyncStatus
    sync_started = Signal()
    sync_progress = Signal(str, int)  # phase, items done
    sync_finished = Signal(str)  # message in words
    attention_loaded = Signal(list)
    attention_counted = Signal(int, int)  # need action, notices
    conflict_loaded = Signal(object)  # conflicts.ConflictItem
    conflict_resolved = Signal(str)  # record id
    failed = Signal(str)

    def __init__(
        self,
        worker: StoreWorker,
        session: Session,
        parent: QObject | None = None,
        *,
        sync_worker: StoreWorker | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker  # status, attention, conflicts: short store calls
        self.sync_worker = sync_worker or SyncWorker(
            self
        )  # the sync itself, and the reachability probe
        #: passed to the sync engine (tests put the server app's transport here)
        self.engine_options: dict[str, Any] = {}
        self.session = session
        self.running = False
        self.progress: sync_service.Progress | None = None
        self.cancel_token: sync_service.Cancel | None = None
        self.sampler = QTimer(self)
        self.sampler.setInterval(200)
        self.sampler.timeout.connect(self._sample)
        self.online: bool | None = None
        # automatic sync when the server becomes reachable (architecture.md): a cheap /health probe
        # on the sync thread every AUTO_CHECK_MS; the service decides when a sync is due and backs off
        self.auto: sync_service.AutoSync | None = None
        self._auto_store: object | None = None
        self.auto_timer = QTimer(self)
        self.auto_timer.setInterval(AUTO_CHECK_MS)
        self.auto_timer.timeout.connect(self.auto_tick)
        self.auto_timer.start()

    def auto_tick(self) -> None:
        session = self.session
        # not before the page check after unlock: a sync would write into a store that may be damaged
        if (
            self.running
            or session.is_locked
            or not session.is_enrolled
            or not session.pages_checked
        ):
            return
        store = session.store
        if self.auto is None or self._auto_store is not store:  # a new unlock: a new store object
            self.auto, self._auto_store = _sync().AutoSync(store, **self.engine_options), store
        auto = self.auto
        self.running = True
        self.progress = _sync().Progress()
        self.cancel_token = _sync().Cancel()
        progress, cancel = self.progress, self.cancel_token
        self.sampler.start()
        self.sync_worker.run(
            lambda: auto.tick(progress=progress, cancel=cancel),
            on_done=self._auto_done,
            on_error=self._failed,
        )

    def _auto_done(self, report: object) -> None:
        if report is not None:
            self._done(report)
            return
        self._stop()
        if self.auto is not None and self.auto.last_error is not None:
            self.online = False

    def refresh(self) -> None:
        session = self.session
        self.worker.run(
            lambda: (_sync().sync_status(session.store), _sync().needs_attention(session.store)),
            on_done=self._refreshed,
            on_error=self._ignore,
        )

    def _refreshed(self, found: tuple) -> None:
        status, items = found
        self.status_changed.emit(status)
        self.attention_counted.emit(*(len(part) for part in split_attention(items)))

    def _ignore(self, _err: UserError) -> None:
        pass  # locked, or not enrolled: the bar says so already

    def dismiss(self, ids: list) -> None:
        session = self.session

        def job() -> None:
            for attention_id in ids:
                _sync().dismiss_attention(session.store, attention_id)

        self.worker.run(job, on_done=lambda _r: self.refresh(), on_error=self._ignore)

    def load_attention(self) -> None:
        session = self.session
        self.worker.run(
            lambda: _sync().needs_attention(session.store),
            on_done=self.attention_loaded.emit,
            on_error=lambda _e: None,
        )

    def load_conflict(self, conflict_id: str) -> None:
        session = self.session

        def find() -> conflicts.ConflictItem:
            for item in _conflicts().list_conflicts(session.store):
                if item.conflict_id == conflict_id:
                    return item
            raise _conflicts().ConflictNotFound()

        self.worker.run(
            find,
            on_done=self.conflict_loaded.emit,
            on_error=lambda err: self.failed.emit(error_words(err)),
        )

    def resolve_conflict(self, conflict_id: str, choice: str, value: object = None) -> None:
        session = self.session

        def resolve() -> str:
            record_id = next(
                (
                    c.record_id
                    for c in _conflicts().list_conflicts(session.store)
                    if c.conflict_id == conflict_id
                ),
                None,
            )
            _conflicts().resolve_conflict(session.store, conflict_id, choice=choice, value=value)
            return record_id or ""

        self.worker.run(
            resolve, on_done=self._resolved, on_error=lambda err: self.failed.emit(error_words(err))
        )

    def _resolved(self, record_id: str) -> None:
        self.conflict_resolved.emit(record_id)
        self.refresh()

    def sync_now(self) -> None:
        if self.running:
            return
        self.running = True
        self.progress = _sync().Progress()
        self.cancel_token = _sync().Cancel()
        self.sync_started.emit()
        self.sampler.start()
        if self.session.pages_checked:
            self._start_sync_now()
        else:
            # pressed in the first moments after unlock: the page check is on the store worker, which
            # runs jobs in order, so a job queued behind it starts the sync once the check has run
            # (a sync writes, and the store may be damaged; damage found locks, and the sync says so)
            self.worker.run(
                _after_the_page_check, on_done=self._start_sync_now, on_error=self._failed
            )

    def _start_sync_now(self, _checked: object = None) -> None:
        session, progress, cancel, options = (
            self.session,
            self.progress,
            self.cancel_token,
            dict(self.engine_options),
        )
        self.sync_worker.run(
            lambda: _sync().sync_now(session.store, progress=progress, cancel=cancel, **options),
            on_done=self._done,
            on_error=self._failed,
        )

    def cancel(self) -> None:
        if self.cancel_token is not None:
            self.cancel_token.cancel()

    def _sample(self) -> None:
        if self.progress is not None:
            snap = self.progress.snapshot()
            self.sync_progress.emit(snap.phase, sum(snap.counts.values()))

    def _done(self, report: object) -> None:
        self._stop()
        self.online = True
        self.sync_finished.emit(_("Sync finished."))
        self.refresh()

    def _failed(self, err: UserError) -> None:
        self._stop()
        if err.code in ("server_unreachable", "unreachable"):
            self.online = False
        self.sync_finished.emit(error_words(err))
        self.refresh()

    def _stop(self) -> None:
        self.running = False
        self.sampler.stop()


class SyncBar(QWidget):
    attention_requested = Signal()

    PHASES: ClassVar[dict[str, str]] = {
        "idle": "Starting",
        "hello": "Connecting",
        "push": "Sending",
        "pull": "Receiving",
        "attachments": "Attachments",
        "purge": "Tidying",
        "done": "Finishing",
    }

    def __init__(self, model: SyncViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        # named by what they say (a screen reader reads "3 waiting to sync", not only "Sync status")
        self.state = LiveLabel(_("Sync status"), _("Offline: not synced yet"))
        self.waiting = LiveLabel(_("Sync status"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setAccessibleName(_("Sync progress"))
        self.progress.hide()
        self.sync_button = QPushButton(_("S&ync now"))
        self.cancel_button = QPushButton(_("Cancel sync"))
        self.cancel_button.hide()
        self.attention = QPushButton(_("Needs attention: {count}").format(count=0))
        self.attention.hide()
        for widget in (
            self.state,
            self.waiting,
            self.progress,
            self.cancel_button,
            self.attention,
            self.sync_button,
        ):
            row.addWidget(widget)
        self.sync_button.clicked.connect(model.sync_now)
        self.cancel_button.clicked.connect(model.cancel)
        self.attention.clicked.connect(self.attention_requested.emit)
        model.status_changed.connect(self.show_status)
        model.sync_started.connect(self._started)
        model.sync_progress.connect(self._progress)
        model.sync_finished.connect(self._finished)
        model.attention_counted.connect(self.show_attention)

    def show_status(self, status: sync_service.SyncStatus) -> None:
        if not status.enrolled:
            self.state.setText(_("Offline: this laptop is not connected to a server"))
        elif status.paused_reason:
            self.state.setText(_("Sync paused: {reason}").format(reason=status.paused_reason))
        else:
            last = _sync_time(status.last_sync_at, date.today())
            if self.model.online is None:
                # not checked yet: saying so took a quarter of the status bar at 150 % in Spanish
                # and pushed the week-ahead reminder beside it out of sight
                self.state.setText(_("Last sync {when}").format(when=last))
            else:
                online = _("Online") if self.model.online else _("Offline")
                self.state.setText(
                    _("{online} · last sync {when}").format(online=online, when=last)
                )
        self.waiting.setText(_("{count} waiting to sync").format(count=status.waiting))

    def show_attention(self, actions: int, notices: int) -> None:
        if actions:
            self.attention.setText(_("⚠ Needs attention: {count}").format(count=actions))
        else:
            self.attention.setText(_("{count} updates").format(count=notices))
        self.attention.setAccessibleName(self.attention.text())
        self.attention.setVisible(actions + notices > 0)

    def _started(self) -> None:
        self.progress.show()
        self.cancel_button.show()
        self.sync_button.setEnabled(False)
        self.state.setText(_("Syncing…"))

    def _progress(self, phase: str, done: int) -> None:
        self.state.setText(
            _("Syncing: {phase} ({count})").format(
                phase=_(self.PHASES.get(phase, phase)), count=done
            )
        )

    def _finished(self, message: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.sync_button.setEnabled(True)
        self.state.setText(message)
        announce(self.state, message)

    def clear(self) -> None:
        self.state.setText(_("Locked"))
        self.waiting.clear()
        self.attention.hide()


def _sync_time(stamp: str | None, today: date) -> str:
    """When the last sync was, as short as it can be said: the time alone on the day it happened."""
    if not stamp:
        return _("never")
    shown = stamp[:16].replace("T", " ")
    return shown[11:] if shown[:10] == today.isoformat() else shown
