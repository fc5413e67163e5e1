"""The worker thread the app's store calls run on (Anki's taskman): every store call of the window
runs there, in order; results and errors come back to the GUI thread by a queued signal. The
worker never touches a widget. The sync has a thread of its own (`SyncWorker`): the store lets
both in, one short transaction at a time (store/connection_lock.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from fieldcase import logs
from fieldcase.errors import UserError
from fieldcase.ui.i18n import error_words

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[UserError], None]


class StoreWorker(QObject):
    #: (callback, value) delivered on the GUI thread
    _delivered = Signal(object, object)
    #: a user error nobody handled, for the status bar
    error_shown = Signal(str)
    #: a bug: logged without personal data, shown as a generic message
    bug_happened = Signal(str)
    busy_changed = Signal(bool)

    thread_name = "fieldcase-store"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=self.thread_name)
        self._delivered.connect(self._deliver)
        self._pending = 0
        self._closed = False

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
        **kwargs: Any,
    ) -> Future | None:
        """Run `fn(*args, **kwargs)` on the store thread; `on_done(result)` / `on_error(err)` on the GUI thread."""
        if self._closed:
            # late refreshes after shutdown (a save finishing as the window closes) have nowhere to go
            return None
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def job() -> None:
            try:
                value = fn(*args, **kwargs)
            except UserError as err:
                self._delivered.emit(self._failure(on_error), err)
                return
            except Exception as err:  # noqa: BLE001 - a bug; never crash the worker thread
                # the type and code lines only: an exception's message may quote personal data
                frames = logs.safe_traceback((type(err), err, err.__traceback__))
                log.error(
                    "bug in background work: %s\n%s", type(err).__name__, logs.Safe(frames or "")
                )
                self._delivered.emit(self._bug, err)
                return
            self._delivered.emit(on_done or (lambda _v: None), value)

        return self._executor.submit(job)

    def _failure(self, on_error: Failed | None) -> Callable[[Any], None]:
        if on_error is not None:
            return on_error
        return lambda err: self.error_shown.emit(error_words(err))

    def _bug(self, err: Exception) -> None:
        self.bug_happened.emit(type(err).__name__)

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if _receiver_gone(callback):
            return  # its window was closed (or locked away) while the work ran
        try:
            callback(value)
        except RuntimeError as err:
            # a receiver deleted between the check and the call, or reached further in (a lambda
            # emitting a closed form's signal): the answer has nobody left to go to
            if not any(words in str(err) for words in _DELETED):
                raise

    def wait(self, timeout: float = 30.0) -> None:
        """Block until everything queued so far has run (shutdown and tests only)."""
        self._executor.submit(lambda: None).result(timeout=timeout)

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)


#: what shiboken says when a deleted Qt object is used (its C++ half gone with its window)
_DELETED = ("Signal source has been deleted", "already deleted")


def _receiver_gone(callback: Callable[[Any], None]) -> bool:
    """The callback is a deleted Qt object's method, or a closure over one (`lambda v:
    self.ready.emit(v)` in a form that was closed while the work ran)."""
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, QObject) and not shiboken6.isValid(owner):
        return True
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            held = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(held, QObject) and not shiboken6.isValid(held):
            return True
    return False


class RenderWorker(StoreWorker):
    """The second executor (architecture.md): PDF rendering, page images, writing an exported file —
    work that never touches the store, so a batch of 500 summaries does not hold up autosave."""

    thread_name = "fieldcase-render"


class SyncWorker(StoreWorker):
    """The sync's own thread (issue #5): a sync — minutes after weeks offline, mostly network waits —
    runs here, beside the store worker, and takes the store for one short transaction at a time
    (each pulled page applied, each batch of results recorded). An autosave, opening a case or a
    search asked for meanwhile runs on the store worker and waits for at most one such transaction,
    never for the whole sync. Nothing here touches Qt objects: results come back by the same queued
    signal as the store worker's."""

    thread_name = "fieldcase-sync"
