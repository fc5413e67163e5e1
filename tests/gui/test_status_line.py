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


def test_the_sync_text_leaves_room_for_messages(unlocked, qtbot):
    """At 150 % in Spanish, "Sin comprobar · última sincronización 2026-12-07 11:24" took a quarter of
    the status bar and the week-ahead reminder beside it showed as "Semana próxima: …". Before the
    first check the sync text says only when the last sync was, and a sync of today only its time."""
    from datetime import date

    from fieldcase.services.sync import SyncStatus
    from fieldcase.ui.sync_bar import _sync_time

    app = unlocked
    bar = app.window.sync_bar
    assert bar.model.online is None
    synced = SyncStatus(True, "https://fieldcase.example.org", None, 0, 0, "2026-01-05T09:30:00")
    bar.show_status(synced)
    assert bar.state.text() == "Last sync 2026-01-05 09:30"
    bar.model.online = False
    bar.show_status(synced)
    assert bar.state.text() == "Offline · last sync 2026-01-05 09:30"
    today = date(2026, 12, 7)
    assert _sync_time("2026-12-07T11:24:05-06:00", today) == "11:24"
    assert _sync_time("2026-12-06T23:50:00-06:00", today) == "2026-12-06 23:50"
    assert _sync_time(None, today) == "never"
