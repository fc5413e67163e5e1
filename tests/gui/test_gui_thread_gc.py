"""Cycles are collected on the GUI thread, never on a worker (ui/gui_thread_gc.py): a Qt object
destroyed on a worker thread crashed the process in the middle of an autosave."""

from __future__ import annotations

import gc
import threading
from typing import ClassVar

import pytest

from fieldcase.ui.gui_thread_gc import GuiThreadCollector


class _InACycle:
    """Notes the thread that destroys it."""

    died_on: ClassVar[list[str]] = []

    def __init__(self) -> None:
        self.me = self  # only the cycle collector can free it

    def __del__(self) -> None:
        _InACycle.died_on.append(threading.current_thread().name)


@pytest.fixture
def automatic_collection():
    """Python's automatic collection on, as in a process without a collector (every GUI test runs
    inside one: tests/gui/conftest.py), and that test's state back afterwards."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


CYCLES = 3 * gc.get_threshold()[0]  # more than the youngest generation holds: collection is due


def _garbage_in_cycles() -> None:
    for _ in range(CYCLES):
        _InACycle()  # the automatic collector, if on, runs on this thread as these pile up


def test_cycles_made_on_a_worker_are_collected_on_the_gui_thread(qtbot, automatic_collection):
    _InACycle.died_on.clear()
    collector = GuiThreadCollector(interval_ms=20)
    try:
        worker = threading.Thread(target=_garbage_in_cycles, name="store-worker-like")
        worker.start()
        worker.join(10)
        assert _InACycle.died_on == []  # nothing collected on the worker
        qtbot.waitUntil(lambda: len(_InACycle.died_on) == CYCLES, timeout=5000)
        assert set(_InACycle.died_on) == {threading.main_thread().name}
    finally:
        collector.stop()
    assert gc.isenabled()


def test_collectors_nest_and_the_outer_one_turns_collection_back_on(qtbot, automatic_collection):
    outer = GuiThreadCollector()
    inner = GuiThreadCollector()
    inner.stop()
    assert not gc.isenabled()  # the outer one still holds it
    outer.stop()
    assert gc.isenabled()
