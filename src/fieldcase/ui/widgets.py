"""Small accessible building blocks: labelled rows (a label buddy and an accessible name on every
input), yes/no/not-recorded choices and message banners that never
rely on colour alone (each starts with a word: "Returned:", "Read-only:", "Problem:")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from fieldcase.ui.i18n import _


class FieldLabel(QLabel):
    """A form row's label that wraps only when the label column is too narrow for it.

    QFormLayout sizes a row from the label's height at the *column's* width, then places the label
    at its own size hint's width; a word-wrapped QLabel hints a narrow width (Qt's guess at a pleasing
    shape), so "Child's placement at the time" wrapped onto two lines in a row sized for one and
    its first line was cut off. Here the hint is the text on one line, up to about 30 characters:
    a label that has to wrap hints that most, which is then the column's width, so it is drawn at
    the width its row was sized for. The hint follows the font, so text scaled by the caseworker stays whole."""

    MAX_CHARACTERS = 30

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        if not self.wordWrap():
            return hint
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        one_line = metrics.horizontalAdvance(
            self.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        )
        width = (
            min(one_line, metrics.averageCharWidth() * self.MAX_CHARACTERS)
            + margins.left()
            + margins.right()
            + 2 * self.margin()
            + 1
        )
        # never Qt's own guess: every label that wraps then hints the same width, the column's
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event) -> None:  # Qt's name
        """Placed narrower than its hint (a narrow window, large text), it wraps onto more lines than its
        row was sized for: it asks for that height, and the form makes the row that tall."""
        super().resizeEvent(event)
        if self.wordWrap():
            needed = self.heightForWidth(self.width())
            if needed > self.height() and needed != self.minimumHeight():
                self.setMinimumHeight(needed)


def labelled(layout: QFormLayout, text: str, widget: QWidget, *, hint: str | None = None) -> QLabel:
    """Add `widget` to a form with a label that is its buddy (Alt+letter reaches it) and its name."""
    label = FieldLabel(text)
    label.setBuddy(widget)
    label.setWordWrap(True)
    widget.setAccessibleName(text.replace("&", ""))
    if hint:
        widget.setAccessibleDescription(hint)
        widget.setToolTip(hint)
    layout.addRow(label, widget)
    return label


class ChoiceCombo(QComboBox):
    """A choice that may be left open: the first item is "— choose —" (None)."""

    changed = Signal()

    def __init__(
        self,
        choices: Sequence[tuple[object, str]],
        parent: QWidget | None = None,
        *,
        empty: str | None = None,
    ) -> None:
        super().__init__(parent)
        # its width comes from the form, not from its longest choice: a provider's "name · county ·
        # services" made the whole referral form wider than the pane (cut off on the right); a
        # choice longer than the box is elided below, and the open list shows it whole
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.addItem(empty or _("— choose —"), None)
        for value, text in choices:
            self.addItem(text, value)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())

    #: a choice longer than the box ends in "…", never cut silently; its tooltip holds it whole
    elides = True

    def paintEvent(self, _event) -> None:  # Qt's name
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = (
            self.style()
            .subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                option,
                QStyle.SubControl.SC_ComboBoxEditField,
                self,
            )
            .width()
        )
        shown = self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, room)
        if shown != option.currentText and self.toolTip() != option.currentText:
            self.setToolTip(
                option.currentText
            )  # cut short on screen: whole on hover, and for the checker
        option.currentText = shown
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def value(self) -> object:
        return self.currentData()

    def set_value(self, value: object) -> None:
        index = self.findData(value)
        self.setCurrentIndex(index if index >= 0 else 0)

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)


def yes_no() -> ChoiceCombo:
    return ChoiceCombo([(True, _("Yes")), (False, _("No"))], empty=_("— not recorded —"))


class Banner(QFrame):
    """A message strip. The kind's word leads the text, so colour is never the only signal."""

    KINDS: ClassVar[dict[str, str]] = {
        "info": "#e8f0fe",
        "warning": "#fff4ce",
        "error": "#fde7e9",
        "ok": "#e6f4ea",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setStyleSheet(
            f"Banner {{ background: {self.KINDS.get(kind, '#eeeeee')}; border: 1px solid #8a8a8a; border-radius: 4px; }}"
            " QLabel { color: #1b1b1b; }"
        )
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.setAccessibleName(text)
        self.show()

    def clear(self) -> None:
        self.label.clear()
        self.label.setAccessibleName("")
        self.hide()
