"""The session view-model: unlock (key derivation on the store worker, so the window keeps painting),
lock, and the inactivity watcher that warns and then locks."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from fieldcase.errors import UserError
from fieldcase.services.session import WARM_UP, IdlePolicy, Session, Unlocked, warm_up
from fieldcase.ui.i18n import error_words
from fieldcase.ui.worker import StoreWorker


class SessionViewModel(QObject):
    unlocked = Signal(object)  # Unlocked
    unlock_failed = Signal(str, int)  # message, seconds of lockout left (0 = none)
    about_to_lock = Signal()  # windows flush autosaves and drop personal data now
    locked = Signal()
    busy_changed = Signal(bool)
    warmed = Signal()  # the warm-up has finished: an unlock now needs no more imports

    def __init__(
        self, session: Session, worker: StoreWorker, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.worker = worker
        self.identity: Unlocked | None = None
        self._busy = False
        self._warm_up_asked = False
        self._to_warm: list[str] = []
        self.is_warm = False

    @property
    def is_locked(self) -> bool:
        return self.identity is None

    @property
    def busy(self) -> bool:
        """An unlock is under way."""
        return self._busy

    def warm_up(self) -> None:
        """While the unlock screen waits for the passphrase: import the store and what the first
        caseload needs on the store worker (once; not when an unlock is already under way)."""
        if self._warm_up_asked or self._busy or not self.is_locked:
            return
        self._warm_up_asked = True
        self._to_warm = list(WARM_UP)
        self._warm_next(None)

    def _warm_next(self, _none: None) -> None:
        """One module per job: an Unlock pressed meanwhile stops the warm-up and waits for one import
        at most (what is left is imported where it is first used)."""
        if self._busy or not self.is_locked:
            return
        if not self._to_warm:
            self.is_warm = True
            self.warmed.emit()
            return
        self.worker.run(warm_up, self._to_warm.pop(0), on_done=self._warm_next)

    def unlock(self, passphrase: str) -> None:
        if self._busy:
            return
        self._set_busy(True)
        self.worker.run(
            self.session.unlock,
            passphrase=passphrase,
            on_done=self._unlocked,
            on_error=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_changed.emit(busy)

    def _unlocked(self, who: Unlocked) -> None:
        self._set_busy(False)
        self.identity = who
        self.unlocked.emit(who)  # the window queues the caseload read first …
        # … then the page check, before any edit can be queued (the store worker runs jobs in order)
        self.worker.run(self.session.check_integrity, on_error=self._damaged)

    def _damaged(self, err: UserError) -> None:
        """The check after unlock found damage; the session has locked itself: nothing is written."""
        if self.identity is None:
            return
        self.identity = None
        self.locked.emit()
        self.unlock_failed.emit(error_words(err), 0)

    def _failed(self, err: UserError) -> None:
        self._set_busy(False)
        seconds = int(
            getattr(err, "seconds_left", 0)
        )  # UnlockLockedOut says how long the lockout lasts
        self.unlock_failed.emit(error_words(err), seconds)

    def adopt(self, who: Unlocked) -> None:
        """The store was opened by enrollment or the demo: go straight to work."""
        self.identity = who
        self.unlocked.emit(who)

    def lock(self) -> None:
        if self.identity is None:
            return
        self.about_to_lock.emit()  # pending autosaves are queued before the lock below
        self.identity = None
        self.worker.run(self.session.lock)
        self.locked.emit()


class IdleWatcher(QObject):
    """Installed on the application: any key, mouse or tablet input counts as activity."""

    warn = Signal(int)  # seconds left
    warning_cleared = Signal()
    timed_out = Signal()

    ACTIVITY: ClassVar[set[QEvent.Type]] = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
        QEvent.Type.TouchBegin,
    }

    def __init__(
        self, policy: IdlePolicy, parent: QObject | None = None, *, interval_ms: int = 1000
    ) -> None:
        super().__init__(parent)
        self.policy = policy
        self.active = False
        self._warned = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.active = True
        self.policy.touch()
        self.timer.start()

    def stop(self) -> None:
        self.active = False
        self.timer.stop()
        if self._warned:
            self._warned = False
            self.warning_cleared.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.active and event.type() in self.ACTIVITY:
            self.policy.touch()
            if self._warned:
                self._warned = False
                self.warning_cleared.emit()
        return False

    def check(self) -> None:
        if not self.active:
            return
        state = self.policy.state()
        if state.lock:
            self.stop()
            self.timed_out.emit()
        elif state.warn:
            self._warned = True
            self.warn.emit(int(state.seconds_left))
