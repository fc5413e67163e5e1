"""How values read on paper: dates without locale surprises, enum codes as words, yes/no/blank —
in the language of the document being built (`language`)."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from decimal import Decimal

from .language import _, language

NOT_RECORDED = "—"

# Codes whose plain-English spelling is not just the code with spaces.
_LABELS = {
    "face_to_face": "Face-to-face",
    "attempted_unsuccessful": "Attempted, unsuccessful",
    "appla": "APPLA",
    "no_show": "No-show",
    "parent_no_show": "Parent no-show",
    "step_up": "Step up (more supervision)",
    "step_down": "Step down (less supervision)",
    "same": "Keep the same level",
    "child_residence": "Child's residence / placement",
    "parent_home": "Parent's home",
    "permanency": "Permanency / case plan",
    "family_visits": "Visits with family",
    "school_or_medical_conflict": "School or medical conflict",
}


def label(value: enum.Enum | None) -> str:
    if value is None:
        return NOT_RECORDED
    code = str(value.value)
    plain = code.replace(
        "_", " "
    ).capitalize()  # the window's spelling: the catalogue has every choice
    words = _LABELS.get(code, plain)
    if language() == "en" or _(words) != words:
        return _(words)
    return _(plain)


#: strftime's %b follows the C locale (English) whatever the document's language
_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"),
}


_MONTH_NAMES = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
}


def month_name(value: date) -> str:
    return _MONTH_NAMES.get(language(), _MONTH_NAMES["en"])[value.month - 1]


def day(value: date | datetime | None) -> str:
    # Month spelled out: "03/04/2025" reads differently in the US and in Mexico.
    if value is None:
        return NOT_RECORDED
    month = _MONTHS.get(language(), _MONTHS["en"])[value.month - 1]
    if language() == "es":
        return f"{value.day} {month} {value.year}"
    return f"{month} {value.day}, {value.year}"


def clock(value: datetime | None) -> str:
    if value is None:
        return NOT_RECORDED
    if language() != "en":
        return f"{value:%H:%M}"  # the 24-hour clock outside the US
    hour = value.hour % 12 or 12
    return f"{hour}:{value:%M} {'AM' if value.hour < 12 else 'PM'}"


def moment(value: datetime | None) -> str:
    return NOT_RECORDED if value is None else f"{day(value)} {clock(value)}"


def span(start: datetime | None, end: datetime | None) -> str:
    if start is None:
        return NOT_RECORDED
    if end is None:
        return moment(start)
    if end.date() == start.date():
        return f"{day(start)}, {clock(start)} – {clock(end)}"
    return f"{moment(start)} – {moment(end)}"


def duration(delta: timedelta | None) -> str:
    if delta is None or delta < timedelta(0):
        return NOT_RECORDED
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"  # the same in Spanish
    return f"{hours} h" if hours else f"{minutes} min"


def yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else (_("Yes") if value else _("No"))


def miles(value: Decimal | None) -> str:
    return NOT_RECORDED if value is None else f"{value:,.1f}"


def money(value: Decimal | None) -> str:
    return NOT_RECORDED if value is None else f"${value:,.2f}"


def text(value: str | None) -> str:
    return value if value and value.strip() else NOT_RECORDED
