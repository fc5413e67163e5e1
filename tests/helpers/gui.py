"""Helpers for GUI tests: wait for the store worker, open a case, start a record."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)


def settle(qtbot, app, condition=None, timeout: int = 10000) -> None:
    """Let queued store work finish and its results arrive on the GUI thread."""
    if condition is not None:
        qtbot.waitUntil(condition, timeout=timeout)
    app.worker.wait()
    qtbot.waitUntil(lambda: app.worker._pending == 0, timeout=timeout)


def open_first_case(qtbot, app):
    """Open the first child of the caseload as a caseworker does: the row current in the table,
    then Enter — the view's own `activated` signal, not the slot behind it, so a broken connection
    between the table and the case view fails every test that opens a case."""
    window = app.window
    table = window.caseload.table
    qtbot.waitUntil(lambda: table.model().rowCount() > 0, timeout=10000)
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    settle(qtbot, app, lambda: window.case_view.detail is not None)
    return window.case_view.detail


def new_record(qtbot, app, kind: str):
    window = app.window
    before = len(window.pages)
    window.workspace.new_record(kind, window.case_view.detail.case_id)
    settle(qtbot, app, lambda: len(window.pages) > before)
    return window.pages[-1]
