"""A field record is written after the event it records: one dated in the future is a typo (a
wrong month, a wrong year) until the day comes. It may be saved as a draft — a visit is often
started the evening before — but not submitted. A family visit cancelled ahead of its day is the
exception: the cancellation is the record, and it is due before the day."""

from __future__ import annotations

from datetime import date, datetime

from .collateral_contacts import CollateralContact
from .home_visits import HomeVisit
from .problems import Problem
from .referrals import Referral
from .team_meetings import TeamMeeting
from .transport_trips import TransportTrip
from .visitation_entries import VisitationEntry


def future_date_problems(record: object, *, today: date) -> list[Problem]:
    """The record's day when it is after `today` (the caseworker's local day)."""
    when: date | datetime | None
    if isinstance(record, HomeVisit):
        field, when, noun = "contact_start", record.contact_start, "visit"
    elif isinstance(record, VisitationEntry):
        if record.outcome is not None and (
            record.outcome.is_cancellation or record.outcome.value == "rescheduled"
        ):
            return []
        field, when, noun = "scheduled_start", record.scheduled_start, "family visit"
    elif isinstance(record, TransportTrip):
        field, when, noun = "trip_date", record.trip_date, "trip"
    elif (
        type(record).__name__ in _OTHER
    ):  # an assessment, a transition plan (their modules load lazily)
        field, noun = _OTHER[type(record).__name__]
        when = getattr(record, field)
    elif isinstance(record, TeamMeeting):
        field, when, noun = "held_at", record.held_at, "team meeting"
    elif isinstance(record, CollateralContact):
        field, when, noun = "contact_start", record.contact_start, "collateral contact"
    elif isinstance(record, Referral):
        field, when, noun = "referred_on", record.referred_on, "referral"
    else:
        return []
    if when is None:
        return []
    day = when.astimezone().date() if isinstance(when, datetime) else when
    if day <= today:
        return []
    return [Problem.of(field, _FUTURE[noun], day=day.isoformat())]


_OTHER = {
    "Assessment": ("assessed_on", "assessment"),
    "TransitionPlan": ("written_on", "transition plan"),
}

#: one sentence per kind of record, so each is translated whole (Spanish nouns have genders)
_FUTURE = {
    "visit": "This visit is dated {day}, which has not come yet: submit it after it happens, or correct the date.",
    "family visit": "This family visit is dated {day}, which has not come yet: submit it after it happens, or correct the date.",
    "collateral contact": "This collateral contact is dated {day}, which has not come yet: submit it after it happens, or correct the date.",
    "referral": "This referral is dated {day}, which has not come yet: submit it after it happens, or correct the date.",
    "trip": "This trip is dated {day}, which has not come yet: submit it after it happens, or correct the date.",
    "assessment": "This assessment is dated {day}, which has not come yet: submit it after it happens, or correct the date.",
    "transition plan": "This transition plan is dated {day}, which has not come yet: submit it after it is written, or correct the date.",
    "team meeting": "This team meeting is dated {day}, which has not come yet: submit it after it is held, or correct the date.",
}
