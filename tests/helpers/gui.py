"""Helpers for GUI tests: wait for the store worker, open a case, start a record."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)


def settle(qtbot, app, condition=None, timeout: int = 10000) -> None:
    """Let queued store work finish and its results arrive on the GUI thread."""
    if condition is not None:
        qtbot.waitUntil(condition, timeout=timeout)
    app.worker.wait()
    qtbot.waitUntil(lambda: app.worker._pending == 0, timeout=timeout)


def open_first_case(qtbot, app):
    window = app.window
    window.caseload._activated(window.caseload.sorter.index(0, 0))
    settle(qtbot, app, lambda: window.case_view.detail is not None)
    return window.case_view.detail


def new_record(qtbot, app, kind: str):
    window = app.window
    before = len(window.pages)
    window.workspace.new_record(kind, window.case_view.detail.case_id)
    settle(qtbot, app, lambda: len(window.pages) > before)
    return window.pages[-1]
