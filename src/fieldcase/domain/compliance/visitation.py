"""Visitation plan adherence: family time planned (from the plan's frequency) against what occurred,
cancellations by party, no-shows, and months below the state's monthly minimum."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..rule_pack import DEFAULT_RULES, RulePack
from ..visitation_entries import VisitationEntry, VisitationOutcome
from ..visitation_plans import VisitationPlan, VisitFrequency
from ..workflow import Status
from .periods import Month, months_between

_HAPPENED = (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY)


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitationAdherence:
    plan_id: str
    case_id: str
    period_start: date
    period_end: date
    #: Visits the plan's frequency calls for in the period (whole weeks, whole calendar months);
    #: None when the frequency is "other" or not set.
    planned: int | None
    occurred: int  # occurred or ended early
    ended_early: int
    cancelled_by_family: int
    cancelled_by_agency: int
    cancelled_by_provider: int
    parent_no_shows: int
    child_unable: int
    child_refused: int
    rescheduled: int
    #: Entries logged without an outcome yet.
    outcome_not_recorded: int
    #: Whole calendar months in the period with fewer visits than the state minimum.
    months_below_minimum: tuple[Month, ...]

    @property
    def shortfall(self) -> int:
        return max(0, (self.planned or 0) - self.occurred)

    @property
    def below_plan(self) -> bool:
        return self.shortfall > 0 or bool(self.months_below_minimum)

    @property
    def cancellations(self) -> int:
        return (
            self.cancelled_by_family
            + self.cancelled_by_agency
            + self.cancelled_by_provider
            + self.rescheduled
        )


def planned_visits(frequency: VisitFrequency | None, start: date, end: date) -> int | None:
    """Visits a frequency calls for between two days (inclusive), counting only whole weeks or whole
    calendar months so that a plan is never behind on a week that has not ended."""
    if end < start:
        return 0
    days = (end - start).days + 1
    if frequency is VisitFrequency.TWICE_WEEKLY:
        return 2 * (days // 7)
    if frequency is VisitFrequency.WEEKLY:
        return days // 7
    if frequency is VisitFrequency.BIWEEKLY:
        return days // 14
    if frequency is VisitFrequency.MONTHLY:
        return len(whole_months(start, end))
    return None


@functools.lru_cache(
    maxsize=1024
)  # asked twice per plan (planned visits, months below the minimum)
def whole_months(start: date, end: date) -> tuple[Month, ...]:
    return (
        tuple(m for m in months_between(start, end) if start <= m.first_day and m.last_day <= end)
        if start <= end
        else ()
    )


def visitation_adherence(
    plan: VisitationPlan,
    *,
    entries: Iterable[VisitationEntry],
    as_of: date,
    since: date | None = None,
    until: date | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> VisitationAdherence | None:
    """Adherence over `since`..`until` (default: the plan's effective dates up to `as_of`), clipped to
    the plan's effective dates. None when the plan has no start date or the period is empty."""
    if plan.effective_from is None:
        return None
    start = max(plan.effective_from, since) if since is not None else plan.effective_from
    end = min(d for d in (as_of, until, plan.effective_until) if d is not None)
    if end < start:
        return None
    outcomes: Counter[VisitationOutcome | None] = Counter()
    # by (year, month): a tuple hashes in C, a Month in Python (asked for every month of the plan)
    per_month: Counter[tuple[int, int]] = Counter()
    for entry in entries:
        if (
            entry.plan_id != plan.id
            or entry.status is Status.VOIDED
            or entry.scheduled_start is None
        ):
            continue
        day = entry.scheduled_start.date()
        if not start <= day <= end:
            continue
        outcomes[entry.outcome] += 1
        if entry.outcome in _HAPPENED:
            per_month[day.year, day.month] += 1
    happened = per_month.get  # a Counter's own lookup of a month without visits is Python code
    return VisitationAdherence(
        plan_id=plan.id,
        case_id=plan.case_id,
        period_start=start,
        period_end=end,
        planned=planned_visits(plan.frequency, start, end),
        occurred=sum(outcomes[o] for o in _HAPPENED),
        ended_early=outcomes[VisitationOutcome.ENDED_EARLY],
        cancelled_by_family=outcomes[VisitationOutcome.CANCELLED_BY_FAMILY],
        cancelled_by_agency=outcomes[VisitationOutcome.CANCELLED_BY_AGENCY],
        cancelled_by_provider=outcomes[VisitationOutcome.CANCELLED_BY_PROVIDER],
        parent_no_shows=outcomes[VisitationOutcome.PARENT_NO_SHOW],
        child_unable=outcomes[VisitationOutcome.CHILD_UNABLE],
        child_refused=outcomes[VisitationOutcome.CHILD_REFUSED],
        rescheduled=outcomes[VisitationOutcome.RESCHEDULED],
        outcome_not_recorded=outcomes[None],
        months_below_minimum=tuple(
            m
            for m in whole_months(start, end)
            if happened((m.year, m.month), 0) < rules.visitation_minimum_per_month
        ),
    )
