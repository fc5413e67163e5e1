"""Progress and cancel for a sync, plain Python (architecture.md "Threads and long work"): the UI
samples `Progress.snapshot()` on a timer and calls `Cancel.cancel()` from its button."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from fieldcase.sync.errors import SyncCancelled

PHASES = ("idle", "hello", "push", "pull", "attachments", "purge", "done")


@dataclass(frozen=True)
class ProgressSnapshot:
    phase: str
    counts: dict[str, int] = field(default_factory=dict)


class Progress:
    def __init__(self, listener: Callable[[ProgressSnapshot], None] | None = None) -> None:
        self._lock = threading.Lock()
        self._phase = "idle"
        self._counts: dict[str, int] = {}
        self._listener = listener

    def phase(self, name: str) -> None:
        with self._lock:
            self._phase = name
        self._notify()

    def add(self, **counts: int) -> None:
        with self._lock:
            for key, value in counts.items():
                self._counts[key] = self._counts.get(key, 0) + value
        self._notify()

    def snapshot(self) -> ProgressSnapshot:
        with self._lock:
            return ProgressSnapshot(self._phase, dict(self._counts))

    def _notify(self) -> None:
        if self._listener is not None:
            self._listener(self.snapshot())


class Cancel:
    """Cooperative: the engine checks it between batches and pages, where everything is committed."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise SyncCancelled()
