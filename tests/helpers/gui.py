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


def clipped_text(root) -> list[str]:
    """What a person needs to read but cannot, under `root` as it is laid out now:
    - word-wrapped labels shorter than their text needs at their width (heightForWidth);
    - one-line labels narrower than their text, unless they elide with the whole text in a tooltip;
    - line edits, date fields, spin boxes and combo boxes whose text is wider than the room inside;
    - table columns narrower than a header or a cell's text, with no tooltip for the cell.
    Hidden widgets, widgets with no room at all (size 0: inside a collapsed splitter or a scroll
    area's unseen part) and scroll areas' insides that can scroll are not counted: scrolling is fine."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QLabel,
        QLineEdit,
        QStyle,
        QStyleOptionComboBox,
        QStyleOptionFrame,
        QTableView,
    )

    cut: list[str] = []
    for label in root.findChildren(QLabel):
        if (
            not label.isVisibleTo(root)
            or not label.text().strip()
            or label.width() == 0
            or (label.pixmap() is not None and not label.pixmap().isNull())
        ):
            continue
        room = label.contentsRect()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                cut.append(f"label {label.text()[:60]!r}: {label.height()} of {needed} px high")
        elif label.textFormat() != Qt.TextFormat.RichText and "<" not in label.text():
            wide = max(
                label.fontMetrics().horizontalAdvance(line) for line in label.text().split("\n")
            )
            if wide > room.width() + 1 and not (label.text().endswith("…") and label.toolTip()):
                cut.append(f"label {label.text()[:60]!r}: {room.width()} of {wide} px wide")
    for edit in root.findChildren(QLineEdit):
        if not edit.isVisibleTo(root) or edit.width() == 0:
            continue
        parent = edit.parent()
        text = (
            edit.text() or edit.placeholderText()
            if not isinstance(parent, (QAbstractSpinBox, QComboBox))
            else edit.text()
        )
        if isinstance(parent, QComboBox):
            continue  # measured as a combo below
        if not text:
            continue
        option = QStyleOptionFrame()
        edit.initStyleOption(option)
        margins = edit.textMargins()
        inner = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
        room = (
            inner.width() - margins.left() - margins.right() - 4
        )  # QLineEdit's own inner margin, 2 a side
        wide = edit.fontMetrics().horizontalAdvance(text)
        if wide > room + 1:
            owner = parent if isinstance(parent, QAbstractSpinBox) else edit
            name = owner.accessibleName() or edit.accessibleName() or type(owner).__name__
            cut.append(f"field {name!r} shows {text[:40]!r}: {room} of {wide} px wide")
    for combo in root.findChildren(QComboBox):
        if not combo.isVisibleTo(root) or combo.width() == 0 or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        room = (
            combo.style()
            .subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                option,
                QStyle.SubControl.SC_ComboBoxEditField,
                combo,
            )
            .width()
        )
        wide = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if wide > room + 1 and not (
            getattr(combo, "elides", False) and combo.toolTip() == combo.currentText()
        ):
            cut.append(
                f"choice {combo.accessibleName()!r} shows {combo.currentText()[:40]!r}: {room} of {wide} px wide"
            )
    for table in root.findChildren(QTableView):
        if not table.isVisibleTo(root) or table.width() == 0 or table.model() is None:
            continue
        model, header = table.model(), table.horizontalHeader()
        for column in range(model.columnCount()):
            if table.isColumnHidden(column):
                continue
            width = header.sectionSize(column)
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
            if header.isVisible() and header.fontMetrics().horizontalAdvance(title) + 12 > width:
                cut.append(
                    f"column {title!r}: header needs {header.fontMetrics().horizontalAdvance(title) + 12} of {width} px"
                )
            for row in range(min(model.rowCount(), 50)):
                index = model.index(row, column)
                text = str(model.data(index) or "")
                if not text:
                    continue
                wide = table.fontMetrics().horizontalAdvance(text) + 8
                if wide > width and not model.data(index, Qt.ItemDataRole.ToolTipRole):
                    cut.append(
                        f"column {title!r} row {row}: {text[:40]!r} needs {wide} of {width} px, no tooltip"
                    )
                    break
    return cut
