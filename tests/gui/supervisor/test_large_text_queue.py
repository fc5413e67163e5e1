"""Issue 22 item 4: the supervisor's queue at 150 % and 200 % text: nothing cut off that a person
needs to read (columns fit their texts or the table scrolls; long texts end in "…" with a tooltip)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from gui.supervisor.conftest import settle_view
from helpers.gui import clipped_text


@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_the_queue_at_large_text(qtbot, supervisor_view, team_store, scale, request):
    before = QFont(QApplication.font())
    request.addfinalizer(lambda: QApplication.setFont(before))
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * scale)
    QApplication.setFont(font)
    view = supervisor_view
    view.resize(1280, 860)
    view.show()
    view.refresh()
    settle_view(qtbot, view, lambda: view.queue is not None)
    qtbot.wait(50)
    assert clipped_text(view.queue_table) == []
    assert clipped_text(view.queue_heading.parentWidget()) == []
