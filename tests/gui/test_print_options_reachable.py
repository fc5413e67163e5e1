"""Every option a document asks for is on screen beside its label and reached with Tab alone: the
court packet's child and dates, the roll-up's plan and month, the batch's month, the mileage log's
dates. (They were laid out, then hidden with the options other documents use: the labels stood
beside nothing, and a caseworker could print only the defaults.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from helpers.gui import open_first_case, settle

#: the Print menu's actions (ui/main_menus.py) and the fields each document asks for
DOCUMENTS = [
    (1, ("plan", "month")),  # a visitation plan's monthly roll-up
    (2, ("child", "date_from", "date_to")),  # court packet
    (3, ("date_from", "date_to")),  # mileage log
    (4, ("month",)),  # approved visits of a month
]


@pytest.mark.parametrize(("action", "fields"), DOCUMENTS)
def test_each_documents_options_are_shown_and_reached_by_tab(unlocked, qtbot, action, fields):
    app, window = unlocked, unlocked.window
    window.show()
    open_first_case(qtbot, app)
    window.print_actions[action].trigger()
    dialog = window.print_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    settle(qtbot, app)
    widgets = [getattr(dialog, name) for name in fields]
    for widget in widgets:
        assert widget.isVisibleTo(dialog), widget.accessibleName()
    dialog.profile.setFocus()
    reached = []
    for _ in range(20):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert all(any(w is r for r in reached) for w in widgets)
    qtbot.waitUntil(lambda: dialog.preview_result is not None or "No " in dialog.status.text())
    assert not dialog.status.text().startswith("1 pages")  # one page is said in the singular
    dialog.reject()
