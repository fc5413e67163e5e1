"""Builders for the compliance tests: a visit that sees a child on a day, a placement, a case.
(No tests here; the other test_compliance_* modules import these.)"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from fieldcase.domain.cases import Case
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitOutcome,
)
from fieldcase.domain.placements import Placement

from .builders import CENTRAL, complete_home_visit

_ids = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CENTRAL)


def visit(
    child_id: str,
    day: date,
    *,
    location: LocationType = LocationType.CHILD_RESIDENCE,
    privately: bool = True,
    seen: bool = True,
    justified: bool = True,
    **changes,
) -> HomeVisit:
    """A completed face-to-face visit seeing one child; away from the residence it carries the
    reason and benefit the validation rules ask for unless `justified=False`."""
    elsewhere = location is not LocationType.CHILD_RESIDENCE and justified
    fields = dict(
        id=f"v{next(_ids)}",
        contact_start=at(day),
        contact_end=at(day, 11),
        recorded_at=at(day, 15),
        location_type=location,
        reason_not_in_residence="Met at school at the child's request." if elsewhere else None,
        benefit_not_in_residence="The child spoke more freely." if elsewhere else None,
        children=(
            ChildSeen(
                child_id=child_id,
                seen=seen,
                reason_not_seen=None if seen else "Child at camp.",
                seen_privately=privately if seen else None,
                reason_not_private=None if privately or not seen else "Non-verbal infant.",
                present_danger=False if seen else None,
            ),
        ),
    )
    fields.update(changes)
    return complete_home_visit(**fields)


def at_school(child_id: str, day: date, **changes) -> HomeVisit:
    return visit(child_id, day, location=LocationType.SCHOOL, **changes)


def placement(
    child_id: str,
    starts_on: date,
    ends_on: date | None = None,
    *,
    case_id: str = "c1",
    id: str | None = None,
) -> Placement:
    return Placement(
        id=id or f"p-{child_id}-{starts_on}",
        case_id=case_id,
        child_id=child_id,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def case(**changes) -> Case:
    fields = dict(id="c1", primary_worker_id="u1")
    fields.update(changes)
    return Case(**fields)


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=i) for i in range(count)]


__all__ = ["ContactMethod", "VisitOutcome", "at", "at_school", "case", "days", "placement", "visit"]
