"""How values read on paper: dates without locale surprises, enum codes as words, yes/no/blank."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta
from decimal import Decimal

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
    return _LABELS.get(code) or code.replace("_", " ").capitalize()


def day(value: date | datetime | None) -> str:
    # Month spelled out: "03/04/2025" reads differently in the US and in Mexico.
    if value is None:
        return NOT_RECORDED
    return f"{value:%b} {value.day}, {value.year}"


def clock(value: datetime | None) -> str:
    if value is None:
        return NOT_RECORDED
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
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


def yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("Yes" if value else "No")


def miles(value: Decimal | None) -> str:
    return NOT_RECORDED if value is None else f"{value:,.1f}"


def money(value: Decimal | None) -> str:
    return NOT_RECORDED if value is None else f"${value:,.2f}"


def text(value: str | None) -> str:
    return value if value and value.strip() else NOT_RECORDED
