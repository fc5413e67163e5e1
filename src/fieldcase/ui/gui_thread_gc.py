"""Python's cycle collector runs on the GUI thread only.

The collector runs on whichever thread happens to allocate when a generation fills up — with the
store worker and the sync on their own threads, usually one of those. When the garbage it finds
holds a Qt object (a closed form's page, kept in a cycle by a connected lambda), that object is
destroyed on the worker thread, which Qt does not allow: the process crashed with a segmentation
fault in the middle of an autosave (seen in CI). Reference counting still frees almost everything
at once on any thread; only cycles wait, for at most `INTERVAL_MS`, and are collected here, on the
GUI thread, generation by generation as Python itself would (the thresholds are Python's).
This is the known remedy for PySide/PyQt apps with threads (pyqtgraph's GarbageCollector).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Turns automatic collection off while it lives and collects from a timer on its own thread
    (create it on the GUI thread). `stop` collects once more and turns automatic collection back on
    if it was on before, so collectors may nest (the app's inside a test's)."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start()

    def collect_due(self) -> int:
        """Collect the generations that are over Python's thresholds, as the automatic collector
        would have; returns how many unreachable objects were found."""
        young, middle, old = gc.get_count()
        if young <= self._thresholds[0]:
            return 0
        if old > self._thresholds[2]:
            return gc.collect(2)  # each generation includes the younger ones
        if middle > self._thresholds[1]:
            return gc.collect(1)
        return gc.collect(0)

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
