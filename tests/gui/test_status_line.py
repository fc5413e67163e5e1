"""Issue 22 item 11: a passing message in the status bar ran into the sync text (Qt paints it up to
2 px from the permanent widgets, cut mid-word). It keeps a gap, ends in "…", and the whole message is
in its tooltip and accessible name, and announced."""

from __future__ import annotations

from helpers.gui import settle


def test_a_long_message_stops_before_the_sync_text(unlocked, qtbot):
    app = unlocked
    window = app.window
    window.resize(760, 600)
    settle(qtbot, app, window.sync_bar.isVisible)
    message = (
        "That record is not on this laptop; it comes back with the next sync when the server has it "
        * 2
    )
    window._show_error(message.strip())
    qtbot.wait(50)
    line = window.status_line
    assert line.isVisible() and line.full_text.endswith("server has it")
    shown = line.text()
    assert shown.endswith("…") and len(shown) < len(line.full_text)
    used = line.fontMetrics().horizontalAdvance(shown)
    gap = window.sync_bar.mapTo(window, window.sync_bar.rect().topLeft()).x() - (
        line.mapTo(window, line.rect().topLeft()).x() + used
    )
    assert gap >= line.fontMetrics().averageCharWidth(), gap
    assert line.toolTip() == line.full_text == line.accessibleName()
