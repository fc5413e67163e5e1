"""Work that finishes after its form was closed has nobody to answer: seen in CI as "RuntimeError:
Signal source has been deleted" from a lambda emitting a closed form's signal (only a bound method
of a deleted object was recognised). Neither shape may raise in the Qt event loop."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QObject, Signal

from fieldcase.ui.worker import StoreWorker


class _Form(QObject):
    ready = Signal(object)

    def got(self, value) -> None:
        self.ready.emit(value)


def _closure_over(form: _Form):
    return lambda value: form.ready.emit(value)  # noqa: PLW0108 - a closure, as the view-models write their callbacks


@pytest.mark.parametrize("shape", ["closure", "method"])
def test_an_answer_for_a_closed_form_is_dropped(qtbot, shape):
    worker = StoreWorker()
    try:
        form = _Form()
        worker.run(lambda: 1, on_done=_closure_over(form) if shape == "closure" else form.got)
        worker.wait()
        shiboken6.delete(form)  # closed while the answer waits in the event queue
        qtbot.wait(20)  # delivered now: pytest-qt fails the test on an exception in the loop
    finally:
        worker.shutdown()
