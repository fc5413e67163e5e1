"""What a screen reader reads for text the app shows: names and descriptions in plain words (never
markup such as "<h2>"), headings announced as headings, and labels whose text changes (the sync
status, the caseload summary, a record's status) named by their current text, not a fixed word.

One place for it, so every rich-text heading and every live label is spoken the same way."""

from __future__ import annotations

import html
import re

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel, QWidget

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


def heading(text: str = "", level: int = 2, parent: QWidget | None = None) -> QLabel:
    """A heading: shown large (as <hN>), named in plain words (no markup in what a screen reader says)."""
    # Named in plain words only. A Python accessibility factory gave these labels the Heading role,
    # but Qt calls such a factory for every object it makes accessible, across the C++/Python
    # boundary, and the process crashed at exit in a reference count (bool_dealloc) after a long
    # GUI run: no role is worth a crash on a caseworker's laptop.
    label = QLabel(parent)
    label.setProperty("fieldcase_heading", level)
    set_heading(label, text)
    return label


def set_heading(label: QLabel, text: str) -> None:
    """Change a heading's words (plain text or with inline markup; escaped by the caller)."""
    level = int(label.property("fieldcase_heading") or 2)
    label.setText(f"<h{level}>{text}</h{level}>")
    label.setAccessibleName(plain(text))
