"""Walks every window and fails on an input without a label buddy or accessible name, a button
that the keyboard cannot reach, or a menu action without a keyboard path."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from fieldcase.services.settings import Settings
from fieldcase.ui.date_entry import KEYBOARD_ALTERNATIVE
from fieldcase.ui.forms.spec import SPECS
from fieldcase.ui.settings_dialog import SettingsDialog
from fieldcase.ui.signature import SignatureDialog
from fieldcase.ui.unlock import PassphraseSetup
from helpers.gui import new_record, open_first_case

TEXT_INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox)
CONTROLS = TEXT_INPUTS + (QAbstractButton, QAbstractItemView)


def _is_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside a composite control (a spin box's line edit, a tab bar's arrows…)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QAbstractSpinBox, QComboBox, QAbstractItemView, QTabBar, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return isinstance(widget, QAbstractSlider) or widget.objectName().startswith("qt_")


def _labels_for(root: QWidget) -> set[int]:
    buddies = set()
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        while buddy is not None:
            buddies.add(id(buddy))
            buddy = buddy.focusProxy()
    return buddies


def walk(root: QWidget) -> list[str]:
    problems = []
    buddies = _labels_for(root)
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or _is_internal(widget):
            continue
        kind = type(widget).__name__
        name = widget.accessibleName() or (
            widget.text() if isinstance(widget, QAbstractButton) else ""
        )
        if not name.strip():
            problems.append(
                f"{kind} without an accessible name (parent {type(widget.parentWidget()).__name__})"
            )
        if isinstance(widget, TEXT_INPUTS) and id(widget) not in buddies:
            problems.append(f"{kind} '{widget.accessibleName()}' has no label buddy")
        if not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and not widget.property(
            KEYBOARD_ALTERNATIVE
        ):
            problems.append(f"{kind} '{name}' cannot be reached with Tab")
    window = root.window()
    for menu in window.findChildren(QMenu):
        for action in menu.actions():
            if action.isSeparator() or action.menu() is not None:
                continue
            if "&" not in action.text() and action.shortcut().isEmpty():
                problems.append(f"menu action '{action.text()}' has no mnemonic or shortcut")
    return problems


def test_unlock_screen_and_main_window(make_app, unlocked, qtbot):
    app = make_app()
    assert walk(app.window) == []
    window = unlocked.window
    open_first_case(qtbot, unlocked)
    # every form of a record (a court report is started from a hearing: its own tests walk it)
    for kind in (k for k in SPECS if k != "court_report"):
        page = new_record(qtbot, unlocked, kind)
        for rows in page.form.rows.values():
            if not rows.rows:
                rows.add_button.click()  # walk a row of every kind too
    assert walk(window) == []


def test_dialogs(qtbot):
    for dialog in (SettingsDialog(Settings()), SignatureDialog(), PassphraseSetup()):
        qtbot.addWidget(dialog)
        assert walk(dialog) == [], type(dialog).__name__


def test_tab_order_follows_the_form(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.window().activateWindow()
    order = []
    widget = page.form.editor("contact_start").widget.edit
    for _ in range(12):
        order.append(widget)
        widget = widget.nextInFocusChain()
        while not (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) or _is_internal(widget):
            widget = widget.nextInFocusChain()
    names = [w.accessibleName() for w in order]
    # "Now" and "Clear" are for the mouse: the keyboard types "now" or empties the field (ui/date_entry.py)
    assert names[:2] == ["Contact started", "Contact ended"]
    assert names.index("Outcome") < names.index("Conducted by") < names.index("Location")


def test_enrollment_screen_on_a_new_laptop(make_app, tmp_path):
    app = make_app(data_dir=tmp_path / "new-laptop")
    assert app.window.stack.currentWidget() is app.window.enroll
    assert walk(app.window) == []


def test_attention_dialog(qtbot):
    from types import SimpleNamespace

    from fieldcase.ui.attention import AttentionDialog, split_attention

    items = [
        SimpleNamespace(
            id="a1",
            topic="conflict",
            record_id="r1",
            message="Your edit and your supervisor's edit differ.",
            details={},
        ),
        SimpleNamespace(
            id="a2",
            topic="approved",
            record_id="r2",
            message="Your supervisor approved this visit.",
            details={},
        ),
    ]
    assert [len(part) for part in split_attention(items)] == [1, 1]
    dialog = AttentionDialog(items)
    qtbot.addWidget(dialog)
    assert walk(dialog) == []
    assert dialog.list.item(0).text().startswith("Conflict: ")
    dismissed = []
    dialog.dismiss.connect(dismissed.append)
    dialog.dismiss_notices.click()
    assert dismissed == [["a2"]] and dialog.list.count() == 1
