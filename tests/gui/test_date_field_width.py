"""Issue 22 item 4, seen again at 150 % in Spanish: an empty "Contact ended" showed
"aaaa-mm-dd hh:…" (its minimum was measured in digits, narrower than the placeholder's letters) while
the calendar button beside it, one arrow, took 80 pixels as every push button with text does."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from fieldcase.ui.date_entry import NullableDateTimeEdit


def test_an_empty_date_shows_its_whole_hint_and_the_arrow_takes_little_room(qtbot, request):
    before = QFont(QApplication.font())
    request.addfinalizer(lambda: QApplication.setFont(before))
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    QApplication.setFont(font)
    field = NullableDateTimeEdit()
    qtbot.addWidget(field)
    field.edit.setPlaceholderText("aaaa-mm-dd hh:mm")  # the Spanish hint
    needed = field.edit.fontMetrics().horizontalAdvance("aaaa-mm-dd hh:mm")
    assert field.edit.minimumSizeHint().width() > needed
    assert field.calendar.minimumSizeHint().width() < field.now.sizeHint().width()
