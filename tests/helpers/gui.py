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


def _mnemonic(text: str) -> str | None:
    """The Alt+letter of a text ("&Find" -> "f"; "&&" is a literal ampersand)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def mnemonics_in(window) -> dict[str, list[str]]:
    """Every Alt+letter reachable at once in a window: the menu bar's titles, the visible buttons,
    labels with a buddy, group boxes and tabs. A letter with two owners is a clash (Alt+F opening
    the File menu or the Find field, by chance)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar

    owners: dict[str, list[str]] = {}

    def add(text: str) -> None:
        letter = _mnemonic(text)
        if letter:
            owners.setdefault(letter, []).append(text)

    for bar in window.findChildren(QMenuBar):
        if not bar.isVisible():
            continue
        for action in bar.actions():
            if action.isVisible():
                add(action.text())
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.isEnabled():
            add(button.text())
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None:
            add(label.text())
    for box in window.findChildren(QGroupBox):
        if box.isVisible():
            add(box.title())
    for tabs in window.findChildren(QTabBar):
        if tabs.isVisible():
            for i in range(tabs.count()):
                add(tabs.tabText(i))
    return owners


def mnemonic_clashes(window) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in mnemonics_in(window).items() if len(texts) > 1}
