"""What a screen reader reads for text the app shows: names and descriptions in plain words (never
markup such as "<h2>"), headings announced as headings, and labels whose text changes (the sync
status, the caseload summary, a record's status) named by their current text, not a fixed word.

One place for it, so every rich-text heading and every live label is spoken the same way."""

from __future__ import annotations

import html
import re

import shiboken6
from PySide6.QtGui import QAccessible, Qt
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(br|/p|/h\d|/li|/tr)\s*/?>", re.IGNORECASE)


def plain(text: str) -> str:
    """The words of a label's text without markup: "<h2>Case 7</h2><br>Ana" -> "Case 7. Ana".
    Plain text is returned as it is (a "<" in a name typed by a person stays)."""
    if not Qt.mightBeRichText(text):
        return text
    spaced = _BREAK.sub(". ", text)
    words = html.unescape(_TAG.sub("", spaced))
    words = re.sub(r"\s*\.(\s*\.)+", ".", words)  # "</h2><br>" made two stops
    return re.sub(r"\s+", " ", words).strip(" .") if words.strip() else ""


def set_accessible_text(widget: QWidget, text: str, *, what: str | None = None) -> None:
    """Name a widget by the text it shows (in plain words); `what` it is goes in the description."""
    widget.setAccessibleName(plain(text))
    if what is not None:
        widget.setAccessibleDescription(what)


class LiveLabel(QLabel):
    """A label whose text is its state (the sync status, the caseload summary): its accessible name
    follows the text on every change, and `what` it is stays in the description, so a screen reader
    reads "3 waiting to sync — Sync status", never only "Sync status"."""

    def __init__(self, what: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setAccessibleDescription(what)
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt's name
        super().setText(text)
        self.setAccessibleName(plain(text) or self.what)

    def clear(self) -> None:
        self.setText("")


#: the heading interfaces made here. Python owns each one, so it must outlive its label: Qt's
#: accessibility cache deletes an interface when its object goes (the wrapper is then invalid), and
#: only then is it let go — letting go of a live one would delete it under the cache's feet.
_heading_faces: list[QAccessibleWidget] = []


def _read_as_heading(label: QLabel) -> None:
    """Give `label` the Heading role (AT-SPI "heading": Orca says "heading" and its H key finds it).
    Registered for this label alone, with Qt's own QAccessibleWidget and no Python method in it:
    a Python accessibility factory would be asked about every object, across the C++/Python
    boundary, so none is installed."""
    _heading_faces[:] = [face for face in _heading_faces if shiboken6.isValid(face)]
    face = QAccessibleWidget(label, QAccessible.Role.Heading)
    QAccessible.registerAccessibleInterface(face)
    _heading_faces.append(face)


def heading(text: str = "", level: int = 2, parent: QWidget | None = None) -> QLabel:
    """A heading: shown large (as <hN>), read as a heading, named in plain words (no markup in what a
    screen reader says)."""
    label = (
        QLabel()
    )  # no parent yet: Qt may make a label's ordinary interface as soon as it has one
    _read_as_heading(label)
    if parent is not None:
        label.setParent(parent)
    label.setProperty("fieldcase_heading", level)
    set_heading(label, text)
    return label


def set_heading(label: QLabel, text: str) -> None:
    """Change a heading's words (plain text or with inline markup; escaped by the caller)."""
    level = int(label.property("fieldcase_heading") or 2)
    label.setText(f"<h{level}>{text}</h{level}>")
    label.setAccessibleName(plain(text))
