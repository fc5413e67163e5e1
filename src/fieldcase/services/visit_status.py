"""This month's caseworker-visit status per child, for the caseload column.

Federal monthly caseworker visit (SSA §424(e)): each child in care is seen face to face every
calendar month, with private time; most months' visits are in the child's residence. A child is
"at risk" when the month is running out and that has not happened yet.

Only approved, submitted or draft visits that record the child as seen count (a draft written in
the car counts for the worker's own planning; the supervisor's compliance view counts approved ones).
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from fieldcase.domain.home_visits import ContactMethod, HomeVisit, LocationType, VisitOutcome
from fieldcase.domain.workflow import Status

#: days before the month's end from which an unseen child is flagged
AT_RISK_DAYS_LEFT = 10


class MonthStatus(enum.Enum):
    # Worded for the screen; the UI translates these and never shows colour alone.
    SEEN_IN_RESIDENCE_PRIVATELY = "seen_in_residence_privately"
    SEEN_PRIVATELY = "seen_privately"
    SEEN = "seen"
    NOT_YET = "not_yet"
    AT_RISK = "at_risk"


@dataclass(frozen=True)
class ChildMonth:
    seen: bool = False
    in_residence: bool = False
    privately: bool = False
    at_risk: bool = False
    last_seen: date | None = None

    @property
    def status(self) -> MonthStatus:
        if self.seen and self.privately and self.in_residence:
            return MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY
        if self.seen and self.privately:
            return MonthStatus.SEEN_PRIVATELY
        if self.seen:
            return MonthStatus.SEEN
        return MonthStatus.AT_RISK if self.at_risk else MonthStatus.NOT_YET


def _counts(visit: HomeVisit) -> bool:
    if visit.status is Status.VOIDED:
        return False
    if visit.method is not None and visit.method is not ContactMethod.FACE_TO_FACE:
        return False
    return visit.outcome in (None, VisitOutcome.COMPLETED)


def month_status(visits: Iterable[HomeVisit], *, today: date) -> dict[str, ChildMonth]:
    """Per child id: this calendar month's status from the month's home visits."""
    first = today.replace(day=1)
    last_day = calendar.monthrange(today.year, today.month)[1]
    at_risk = last_day - today.day < AT_RISK_DAYS_LEFT
    found: dict[str, ChildMonth] = {}
    for visit in visits:
        if visit.contact_start is None or not _counts(visit):
            continue
        day = visit.contact_start.date()
        if not (first <= day <= today):
            continue
        in_residence = visit.location_type is LocationType.CHILD_RESIDENCE
        for row in visit.children:
            if not row.seen:
                continue
            was = found.get(row.child_id, ChildMonth())
            found[row.child_id] = ChildMonth(
                seen=True,
                in_residence=was.in_residence or in_residence,
                privately=was.privately or bool(row.seen_privately),
                at_risk=False,
                last_seen=max(day, was.last_seen) if was.last_seen else day,
            )
    found["*"] = ChildMonth(at_risk=at_risk)  # what an unseen child's status is this month
    return found
