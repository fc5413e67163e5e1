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


def test_a_long_queue_heading_wraps_instead_of_widening_the_window(
    qtbot, supervisor_view, team_store, request
):
    """Seen at 150 % in Spanish on a 1600-pixel laptop: "Pendiente de mi aprobación: 59 · más
    antiguo 5 días" in heading type made the window 1683 pixels wide, its right edge off the screen."""
    before = QFont(QApplication.font())
    request.addfinalizer(lambda: QApplication.setFont(before))
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    QApplication.setFont(font)
    view = supervisor_view
    view.show()
    view.refresh()
    settle_view(qtbot, view, lambda: view.queue is not None)
    narrow = view.minimumSizeHint().width()
    view.queue_heading.setText(
        "<h2>" + "Pendiente de mi aprobación: 59 · más antiguo 5 días · " * 3 + "</h2>"
    )
    qtbot.wait(20)
    assert view.minimumSizeHint().width() <= narrow
