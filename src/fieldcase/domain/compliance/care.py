"""When a child is in care: from the child's placements, or from the case's removal date when no
placement is recorded yet, and never after the child's exit from care (the exit day is the last
day counted). The rules count months in care, not months on the caseload."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..cases import Case
from ..placements import Placement
from ..rule_pack import RulePack
from .periods import Month


@dataclass(frozen=True, slots=True)
class CarePeriod:
    starts_on: date
    ends_on: date | None  # None = still in care (projected to continue)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


def care_periods(
    child_id: str,
    *,
    placements: Iterable[Placement],
    case: Case | None = None,
    exit_date: date | None = None,
) -> tuple[CarePeriod, ...]:
    """The child's time in care as disjoint periods, oldest first. Back-to-back placements (a move
    from one home to the next) make one period. `exit_date` (the child's exit from care, Person.exit_date)
    ends every period on that day, whatever the placements say: a placement the office has not
    closed yet must not keep the monthly-visit rule running for a child who went home."""
    return _until_exit(_periods(child_id, placements, case), exit_date)


def _until_exit(periods: tuple[CarePeriod, ...], exit_date: date | None) -> tuple[CarePeriod, ...]:
    if exit_date is None:
        return periods
    return tuple(
        CarePeriod(
            p.starts_on, exit_date if p.ends_on is None or p.ends_on > exit_date else p.ends_on
        )
        for p in periods
        if p.starts_on <= exit_date
    )


def _periods(
    child_id: str, placements: Iterable[Placement], case: Case | None
) -> tuple[CarePeriod, ...]:
    spans = sorted(
        (p.starts_on, p.ends_on)
        for p in placements
        if p.child_id == child_id
        and p.starts_on is not None
        and (p.ends_on is None or p.ends_on >= p.starts_on)
    )
    if not spans:
        if case is not None and case.removal_date is not None:
            return (CarePeriod(case.removal_date, None),)
        return ()
    merged: list[CarePeriod] = []
    for start, end in spans:
        if merged:
            last = merged[-1]
            if last.ends_on is None or start <= last.ends_on + timedelta(days=1):
                if last.ends_on is not None and (end is None or end > last.ends_on):
                    merged[-1] = CarePeriod(last.starts_on, end)
                continue
        merged.append(CarePeriod(start, end))
    return tuple(merged)


def in_care_on(periods: Iterable[CarePeriod], day: date) -> bool:
    return any(p.contains(day) for p in periods)


def days_in_care(periods: Iterable[CarePeriod], month: Month) -> tuple[date, date] | None:
    """The first and last day of the month the child is in care, or None when not in care in it.
    (A child can leave and come back within a month; the rule only needs the outer bounds.)"""
    first: date | None = None
    last: date | None = None
    for p in periods:
        start = max(p.starts_on, month.first_day)
        end = month.last_day if p.ends_on is None else min(p.ends_on, month.last_day)
        if start <= end:
            first = start if first is None else min(first, start)
            last = end if last is None else max(last, end)
    return None if first is None or last is None else (first, last)  # both are set together


def month_in_care(
    periods: tuple[CarePeriod, ...], month: Month, rules: RulePack
) -> tuple[date, date] | None:
    """The month's days in care when the month counts as a month in care under the rule pack."""
    span = days_in_care(periods, month)
    if span is None:
        return None
    if not rules.partial_month_counts_as_in_care:
        whole = any(
            p.starts_on <= month.first_day and (p.ends_on is None or p.ends_on >= month.last_day)
            for p in periods
        )
        if not whole:
            return None
    return span
