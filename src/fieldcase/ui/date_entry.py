"""Dates and times typed as text: an empty field stays empty until something is typed.

Qt's date editors have no empty state. The forms used to fake one with a "not recorded" special
value at 1900-01-01, which trapped keyboard users: Tab walked the editor's sections forever, typed
digits were appended to "not recorded", and the only way out (the Up arrow) set 1901-01-01. Here a
date is a line edit: Tab leaves it like any other field, digits typed into an empty field make a
date, and what cannot be read is kept as typed and reported beside the field (`Unreadable`), never
silently replaced.

Accepted, for dates: 2026-12-07, 2026-12-7, 20261207, 12/07/2026 and 12/7/26 (month first, as
written in the United States). For times, the same date then 14:30, 1430, 2:30 pm or 2:30pm; and
"now" or "today". Up and Down step a day (a minute with Ctrl) from the value, or start at today;
Alt+Down or F4 opens a calendar.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyleOptionFrame,
    QWidget,
    QWidgetAction,
)

from fieldcase.ui.i18n import _
from fieldcase.ui.read_only_look import show_read_only

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M"

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?::?(\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_NOW_WORDS = {"now", "today", "ahora", "hoy"}
#: a button left out of the Tab order names here what the keyboard does instead (the accessibility
#: test accepts such a button; nothing else may be out of reach of Tab)
KEYBOARD_ALTERNATIVE = "keyboard_alternative"


class Unreadable(ValueError):
    """The field holds text that is not a date (or time); the text stays in the field."""


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """The date `text` names, None for an empty field; `Unreadable` otherwise."""
    text = text.strip()
    if not text:
        return None
    if text.lower() in _NOW_WORDS:
        return today or date.today()
    for pattern, order in ((_ISO, "ymd"), (_DIGITS, "ymd"), (_US, "mdy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            if order == "mdy" and parts["y"] < 100:
                parts["y"] += 2000
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise Unreadable(text) from None
    raise Unreadable(text)


def parse_time(text: str) -> time:
    match = _TIME.match(text.strip())
    if not match:
        raise Unreadable(text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise Unreadable(text)
        hour = hour % 12 + (12 if half.lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise Unreadable(text)
    return time(hour, minute)


def parse_datetime(text: str, *, now: datetime | None = None) -> datetime | None:
    """The local, aware date and time `text` names; None when empty; `Unreadable` otherwise."""
    text = text.strip()
    if not text:
        return None
    if text.lower() in _NOW_WORDS:
        return (now or datetime.now().astimezone()).replace(second=0, microsecond=0)
    if re.fullmatch(r"\d{12}", text):  # 202612071430
        day_text, time_text = text[:8], text[8:]
    else:
        day_text, _sep, time_text = text.partition(" ")
        if "T" in day_text and not time_text:
            day_text, _sep, time_text = day_text.partition("T")
    day = parse_date(day_text)
    if day is None or not time_text.strip():
        raise Unreadable(text)
    return datetime.combine(day, parse_time(time_text)).astimezone()


class _CalendarButton(QPushButton):
    """Opens a calendar; reached with the mouse, or Alt+Down / F4 in the field (not a Tab stop)."""

    picked = Signal(date)

    def __init__(self, parent: QWidget) -> None:
        super().__init__("▾", parent)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setProperty(KEYBOARD_ALTERNATIVE, "Alt+Down")
        self.setAccessibleName(_("Choose from a calendar"))
        self.setToolTip(_("Choose from a calendar (Alt+Down)"))
        self.clicked.connect(lambda: self.open(None))

    def sizeHint(self) -> QSize:  # Qt's name
        """As wide as its arrow: a push button with text is at least 80 pixels in most styles, which
        at 150 % took the room the date itself needed ("aaaa-mm-dd hh:…" in Spanish)."""
        hint = super().sizeHint()
        return QSize(
            min(hint.width(), hint.height() + self.fontMetrics().horizontalAdvance("▾")),
            hint.height(),
        )

    def minimumSizeHint(self) -> QSize:  # Qt's name
        return self.sizeHint()

    def open(self, around: date | None) -> None:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        start = around or date.today()
        calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)

        def pick(day: QDate) -> None:
            self.picked.emit(day.toPython())
            menu.close()

        calendar.activated.connect(pick)
        calendar.clicked.connect(pick)
        calendar.setFocus()
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))


class _Entry(QLineEdit):
    """The text field shared by dates and times."""

    stepped = Signal(int, bool)  # +1/-1, by minute
    calendar_asked = Signal()

    def minimumSizeHint(self) -> QSize:  # Qt's name
        """Room for a whole date (or date and time) at any text size: the form squeezed it to
        "2026-12-" at 150 %. Measured on the widest of the placeholder and what is typed, in digits."""
        hint = super().minimumSizeHint()
        placeholder = self.placeholderText()
        digits = "".join("0" if c.isalpha() else c for c in placeholder)
        # the placeholder's letters are wider than digits ("aaaa-mm-dd hh:mm" in Spanish)
        widest = max(
            self.fontMetrics().horizontalAdvance(t) for t in (self.text(), digits, placeholder)
        )
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        frame = self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, self)
        margins = self.textMargins()
        width = (
            widest
            + self.fontMetrics().horizontalAdvance("0")
            + 2 * frame
            + margins.left()
            + margins.right()
            + 4
        )
        return QSize(max(hint.width(), width), hint.height())

    def sizeHint(self) -> QSize:  # Qt's name
        hint = super().sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        key = event.key()
        if (
            key in (Qt.Key.Key_Up, Qt.Key.Key_Down)
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier
            and not self.isReadOnly()
        ):
            self.stepped.emit(
                1 if key == Qt.Key.Key_Up else -1,
                bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier),
            )
            return
        if (
            key == Qt.Key.Key_F4
            or (key == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier)
        ) and not self.isReadOnly():
            self.calendar_asked.emit()
            return
        super().keyPressEvent(event)


class NullableDateEdit(QWidget):
    """A day that may be empty."""

    changed = Signal()
    FORMAT = DATE_FORMAT
    PLACEHOLDER = "yyyy-mm-dd"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = _Entry(self)
        self.edit.setPlaceholderText(_(self.PLACEHOLDER))
        self.calendar = _CalendarButton(self)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.edit, 1)
        self.row.addWidget(self.calendar)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _t: self.changed.emit())
        self.edit.stepped.connect(self._step)
        self.edit.calendar_asked.connect(self._open_calendar)
        self.calendar.picked.connect(self._picked)
        self.edit.editingFinished.connect(self._tidy)
        self.setToolTip(self.hint())

    def hint(self) -> str:
        return _("Type a date like 2026-12-07 or 12/07/2026; Alt+Down opens a calendar.")

    def _parse(self, text: str):  # date or datetime
        return parse_date(text)

    def _format(self, value) -> str:
        return value.strftime(self.FORMAT)

    def value(self):  # date | None
        """The value typed; `Unreadable` when the text is not a date."""
        return self._parse(self.edit.text())

    def text(self) -> str:
        return self.edit.text()

    def set_value(self, value) -> None:
        """Show `value`; `changed` fires when that changes the field (as Qt's own editors do)."""
        text = "" if value is None else self._format(value)
        if text != self.edit.text():
            self.edit.setText(text)
            self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        show_read_only(self.edit, read_only)
        self.calendar.setEnabled(not read_only)

    def setReadOnly(self, read_only: bool) -> None:  # Qt's name, as the other editors
        self.set_read_only(read_only)

    def setAccessibleName(self, name: str) -> None:  # Qt's name
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.calendar.setAccessibleName(_("Choose {field} from a calendar").format(field=name))

    def setAccessibleDescription(self, text: str) -> None:  # Qt's name
        # the field itself carries the description (a problem, or how to type it): it is what a screen reader is on
        super().setAccessibleDescription(text)
        self.edit.setAccessibleDescription(text or self.hint())

    def _current(self):
        try:
            return self.value()
        except Unreadable:
            return None

    def _step(self, direction: int, by_minute: bool) -> None:
        current = self._current()
        if current is None:
            self._set_by_person(self._start_value())
            return
        self._set_by_person(current + timedelta(days=direction))

    def _start_value(self):
        return date.today()

    def _open_calendar(self) -> None:
        current = self._current()
        self.calendar.open(
            current
            if isinstance(current, date) and not isinstance(current, datetime)
            else (current.date() if current else None)
        )

    def _picked(self, day: date) -> None:
        self._set_by_person(day)

    def _set_by_person(self, value) -> None:
        if self.edit.isReadOnly():
            return
        self.set_value(value)

    def _tidy(self) -> None:
        """Leaving the field shows a readable value in the one format (20261207 → 2026-12-07)."""
        try:
            value = self.value()
        except Unreadable:
            return
        text = "" if value is None else self._format(value)
        if text != self.edit.text():
            self.edit.setText(text)


class NullableDateTimeEdit(NullableDateEdit):
    """A date and time that may be empty; shown in local time, returned as an aware datetime."""

    FORMAT = DATETIME_FORMAT
    PLACEHOLDER = "yyyy-mm-dd hh:mm"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # "Now" and "Clear" are for the mouse; the keyboard types "now" or empties the field
        self.now = QPushButton(_("Now"), self)
        self.clear = QPushButton(_("Clear"), self)
        for button, keys in ((self.now, "now"), (self.clear, "Delete")):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty(KEYBOARD_ALTERNATIVE, keys)
            self.row.addWidget(button)
        self.now.clicked.connect(
            lambda: self._set_by_person(
                datetime.now().astimezone().replace(second=0, microsecond=0)
            )
        )
        self.clear.clicked.connect(lambda: self._set_by_person(None))

    def hint(self) -> str:
        return _(
            'Type a date and time like 2026-12-07 14:30 or 12/07/2026 2:30 pm, or "now"; Alt+Down opens a calendar.'
        )

    def _parse(self, text: str):
        return parse_datetime(text)

    def _format(self, value) -> str:
        return value.astimezone().strftime(self.FORMAT)

    def _start_value(self):
        return datetime.now().astimezone().replace(second=0, microsecond=0)

    def _step(self, direction: int, by_minute: bool) -> None:
        current = self._current()
        if current is None:
            self._set_by_person(self._start_value())
            return
        self._set_by_person(
            current + (timedelta(minutes=direction) if by_minute else timedelta(days=direction))
        )

    def _picked(self, day: date) -> None:
        current = self._current()
        at = current.astimezone().time() if current else time(9, 0)
        self._set_by_person(datetime.combine(day, at).astimezone())

    def setAccessibleName(self, name: str) -> None:  # Qt's name
        super().setAccessibleName(name)
        self.now.setAccessibleName(_("Set {field} to now").format(field=name))
        self.clear.setAccessibleName(_("Clear {field}").format(field=name))

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.now.setEnabled(not read_only)
        self.clear.setEnabled(not read_only)
