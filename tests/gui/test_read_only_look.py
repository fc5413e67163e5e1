"""An approved record's text and date fields look read-only (the window's background), not white and
editable beside greyed choice boxes — seen on an approved case plan's "Date signed" — and look
editable again when the record is (a draft reopened)."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from fieldcase.ui.date_entry import NullableDateEdit
from fieldcase.ui.forms.editors import TextEditor
from fieldcase.ui.forms.spec import Field


def _looks_read_only(widget) -> bool:
    palette = widget.palette()
    return palette.color(QPalette.ColorRole.Base) == palette.color(QPalette.ColorRole.Window)


def test_a_read_only_date_and_text_field_look_read_only_and_back(qtbot):
    day = NullableDateEdit()
    text = TextEditor(Field("name", "Or name", "text"))
    qtbot.addWidget(day)
    qtbot.addWidget(text.widget)
    assert not _looks_read_only(day.edit) and not _looks_read_only(text.widget)

    day.set_read_only(True)
    text.set_read_only(True)
    assert day.edit.isReadOnly() and text.widget.isReadOnly()  # still selectable, still read aloud
    assert _looks_read_only(day.edit) and _looks_read_only(text.widget)

    day.set_read_only(False)
    text.set_read_only(False)
    assert not _looks_read_only(day.edit) and not _looks_read_only(text.widget)
