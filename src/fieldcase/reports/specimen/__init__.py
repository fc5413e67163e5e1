"""Specimen documents filled with obviously fake people, for tests, benchmarks, the committed
samples and a print preview with no case open. Every name, address and number here is invented.

Callers use it as one module (`from fieldcase.reports import specimen as s`); the parts are the
specimen family, its visits and trips, and its court and team-meeting papers."""

from .court import (
    HEARING,
    LAST_HEARING,
    case_plan,
    court_report,
    team_meeting,
    team_meeting_signatures,
)
from .family import (
    ABUELA,
    ANA,
    CASE_ID,
    FOSTER,
    FOSTER_ADDRESS,
    JOSE,
    LUCIA,
    MATEO,
    PEOPLE,
    PLACEMENT,
    PLACEMENT_ADDRESS,
    PLAN,
    TZ,
    WORKERS,
    context,
    words,
)
from .visits import home_visit, month_of_visits, signature_png, signatures, trips, visitation_entry

__all__ = [
    "ABUELA",
    "ANA",
    "CASE_ID",
    "FOSTER",
    "FOSTER_ADDRESS",
    "HEARING",
    "JOSE",
    "LAST_HEARING",
    "LUCIA",
    "MATEO",
    "PEOPLE",
    "PLACEMENT",
    "PLACEMENT_ADDRESS",
    "PLAN",
    "TZ",
    "WORKERS",
    "case_plan",
    "context",
    "court_report",
    "home_visit",
    "month_of_visits",
    "signature_png",
    "signatures",
    "team_meeting",
    "team_meeting_signatures",
    "trips",
    "visitation_entry",
    "words",
]
