"""The federal monthly caseworker visit (Child and Family Services Improvement Act 2006, SSA §424(e)):
every child in care is seen face to face each calendar month, with private time, and in a majority of
the months in care at least one visit is in the child's residence."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from ..cases import Case
from ..home_visits import HomeVisit, LocationType
from ..placements import Placement
from ..problems import blank
from ..rule_pack import DEFAULT_RULES, RulePack
from ..seen import visit_counts
from .care import CarePeriod, care_periods, in_care_on, month_in_care
from .periods import FiscalYear, Month


class Sighting(NamedTuple):
    """One face-to-face, completed visit in which the child was seen, reduced to what the rules use.
    (A tuple: a caseload makes one per child per visit, and a tuple is made several times faster.)"""

    on: date
    visit_id: str
    in_residence: bool
    privately: bool
    #: Away from the residence without the reason and benefit the validation rules require.
    unjustified_elsewhere: bool


def sightings(visits: Iterable[HomeVisit]) -> dict[str, list[Sighting]]:
    """Every child seen face to face, by child id. Voided records never count; drafts and returned
    entries do — the visit happened, the paperwork is another rule (documentation timeliness)."""
    found: dict[str, list[Sighting]] = defaultdict(list)
    for visit in visits:
        if not visit_counts(visit):  # the one rule of when a visit saw a child (domain/seen.py)
            continue
        in_residence = visit.location_type is LocationType.CHILD_RESIDENCE
        unjustified = not in_residence and (
            blank(visit.reason_not_in_residence) or blank(visit.benefit_not_in_residence)
        )
        assert visit.contact_start is not None  # visit_counts() requires it
        on = visit.contact_start.date()  # the local day, in the offset the laptop recorded
        for row in visit.children:
            if row.seen is True:
                found[row.child_id].append(
                    _new(
                        Sighting,
                        (on, visit.id, in_residence, row.seen_privately is True, unjustified),
                    )
                )
    return found


# a NamedTuple's __new__ is Python code around tuple.__new__; a caseload makes one per child per visit
_new = tuple.__new__


class MonthState(enum.Enum):
    NOT_IN_CARE = "not_in_care"
    UPCOMING = "upcoming"  # the month (or the stay) has not started yet
    SEEN = "seen"
    DUE = "due"  # not yet seen, time left
    AT_RISK = "at_risk"  # not yet seen, few days left
    MISSED = "missed"


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyVisitStatus:
    child_id: str
    month: Month
    in_care: bool
    #: The last day of the month the child is in care: the visit is due by then.
    due_by: date | None
    seen: bool
    seen_in_residence: bool
    seen_privately: bool
    visits: int
    first_seen_on: date | None
    #: Days left to see the child, today included; None once past due or when not in care.
    days_left: int | None
    at_risk: bool
    missed: bool
    #: Visits elsewhere lacking the required reason and benefit: they count as seen, never as in
    #: the residence, and the worker should complete them.
    visits_elsewhere_without_reason: int

    state: MonthState


def _month_status(
    child_id: str,
    month: Month,
    seen: list[Sighting],
    periods: tuple[CarePeriod, ...],
    as_of: date,
    rules: RulePack,
) -> MonthlyVisitStatus:
    span = month_in_care(periods, month, rules)
    if span is None:
        return MonthlyVisitStatus(
            child_id=child_id,
            month=month,
            in_care=False,
            due_by=None,
            seen=False,
            seen_in_residence=False,
            seen_privately=False,
            visits=0,
            first_seen_on=None,
            days_left=None,
            at_risk=False,
            missed=False,
            visits_elsewhere_without_reason=0,
            state=MonthState.NOT_IN_CARE,
        )
    first, due_by = span
    month_first, month_last = month.first_day, month.last_day
    if len(periods) == 1:  # most children: the month's days in care are first..due_by, no gap
        counted = [s for s in seen if first <= s.on <= due_by]
    else:
        counted = [
            s for s in seen if month_first <= s.on <= month_last and in_care_on(periods, s.on)
        ]
    is_seen = bool(counted)
    days_left = (due_by - max(as_of, first)).days + 1 if as_of <= due_by else None
    started = as_of >= first
    at_risk = (
        not is_seen
        and started
        and days_left is not None
        and days_left <= rules.monthly_visit_at_risk_days_left
    )
    missed = not is_seen and as_of > due_by
    if is_seen:
        state = MonthState.SEEN
    elif missed:
        state = MonthState.MISSED
    elif at_risk:
        state = MonthState.AT_RISK
    else:
        state = MonthState.DUE if started else MonthState.UPCOMING
    return MonthlyVisitStatus(
        child_id=child_id,
        month=month,
        in_care=True,
        due_by=due_by,
        seen=is_seen,
        seen_in_residence=any(s.in_residence for s in counted),
        seen_privately=any(s.privately for s in counted),
        visits=len({s.visit_id for s in counted}),
        first_seen_on=min((s.on for s in counted), default=None),
        days_left=days_left,
        at_risk=at_risk,
        missed=missed,
        visits_elsewhere_without_reason=len(
            {s.visit_id for s in counted if s.unjustified_elsewhere}
        ),
        state=state,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ResidenceMajority:
    """The in-residence majority over one federal fiscal year, counting only months in care. A stay
    with no known end is projected to last to the end of the fiscal year."""

    child_id: str
    fiscal_year: int
    starts_on: date
    ends_on: date
    #: Months in care in the fiscal year (projected for an open stay).
    months_in_care: int
    #: Of those, months that have begun by `as_of`.
    months_in_care_to_date: int
    months_with_residence_visit: int
    #: Residence months needed: more than the rule pack's share of `months_in_care`.
    required: int
    #: Months in care without a residence visit yet that can still get one.
    months_still_open: int
    met: bool
    can_still_meet: bool
    #: Not met, and the open months leave no spare (or it is already out of reach).
    at_risk_of_missing_majority: bool
    #: The fiscal year is over: the result no longer changes.
    final: bool


def residence_months_required(months_in_care: int, rules: RulePack = DEFAULT_RULES) -> int:
    """More than the rule pack's share: 4 of 6, 2 of 2, 1 of 1, 0 of 0 (Missouri examples)."""
    if months_in_care <= 0:
        return 0
    share = rules.residence_majority_more_than
    return (months_in_care * share.numerator) // share.denominator + 1


def _majority(
    child_id: str,
    fiscal_year: FiscalYear,
    seen: list[Sighting],
    periods: tuple[CarePeriod, ...],
    as_of: date,
    rules: RulePack,
    spans: tuple[tuple[date, date] | None, ...] | None = None,
) -> ResidenceMajority:
    """`spans`: `month_in_care` of each of the fiscal year's months, when the caller has them."""
    in_care = achieved = to_date = still_open = 0
    in_residence: dict[tuple[int, int], list[date]] = defaultdict(
        list
    )  # by calendar month: first..last lie in one
    for s in seen:
        if s.in_residence:
            in_residence[(s.on.year, s.on.month)].append(s.on)
    single = len(periods) == 1  # one stay: every day of the month's span is in care
    if spans is None:
        spans = tuple(month_in_care(periods, m, rules) for m in fiscal_year.months)
    for month, span in zip(fiscal_year.months, spans, strict=True):
        if span is None:
            continue
        first, last = span
        in_care += 1
        to_date += first <= as_of
        if any(
            first <= on <= last and (single or in_care_on(periods, on))
            for on in in_residence.get((month.year, month.month), ())
        ):
            achieved += 1
        elif as_of <= last:
            still_open += 1
    required = residence_months_required(in_care, rules)
    met = in_care > 0 and achieved >= required
    spare = achieved + still_open - required
    return ResidenceMajority(
        child_id=child_id,
        fiscal_year=fiscal_year.year,
        starts_on=fiscal_year.starts_on,
        ends_on=fiscal_year.ends_on,
        months_in_care=in_care,
        months_in_care_to_date=to_date,
        months_with_residence_visit=achieved,
        required=required,
        months_still_open=still_open,
        met=met,
        can_still_meet=met or spare >= 0,
        at_risk_of_missing_majority=in_care > 0
        and not met
        and spare <= rules.residence_majority_at_risk_spare_months,
        final=as_of > fiscal_year.ends_on,
    )


def monthly_visit_status(
    child_id: str,
    *,
    home_visits: Iterable[HomeVisit],
    placements: Iterable[Placement] = (),
    case: Case | None = None,
    as_of: date,
    month: Month | None = None,
    rules: RulePack = DEFAULT_RULES,
    exit_date: date | None = None,
) -> MonthlyVisitStatus:
    """Seen / in residence / privately / at risk for one child in one calendar month (the month of
    `as_of` unless given). Time in care comes from the child's placements, else the case's removal,
    and ends on the child's exit from care (`exit_date`)."""
    periods = care_periods(child_id, placements=placements, case=case, exit_date=exit_date)
    return _month_status(
        child_id,
        month or Month.of(as_of),
        sightings(home_visits).get(child_id, []),
        periods,
        as_of,
        rules,
    )


def residence_majority(
    child_id: str,
    *,
    home_visits: Iterable[HomeVisit],
    placements: Iterable[Placement] = (),
    case: Case | None = None,
    as_of: date,
    fiscal_year: int | None = None,
    rules: RulePack = DEFAULT_RULES,
    exit_date: date | None = None,
) -> ResidenceMajority:
    """The in-residence majority for the fiscal year containing `as_of` (or the one named)."""
    periods = care_periods(child_id, placements=placements, case=case, exit_date=exit_date)
    year = (
        FiscalYear.named(fiscal_year, rules)
        if fiscal_year is not None
        else FiscalYear.containing(as_of, rules)
    )
    return _majority(
        child_id, year, sightings(home_visits).get(child_id, []), periods, as_of, rules
    )


def child_visit_compliance(
    child_id: str,
    *,
    seen: Mapping[str, list[Sighting]],
    periods: tuple[CarePeriod, ...],
    as_of: date,
    rules: RulePack,
    spans: tuple[tuple[date, date] | None, ...] | None = None,
) -> tuple[MonthlyVisitStatus, ResidenceMajority]:
    """Both results from indexes built once per caseload (`sightings`, `care_periods`; `spans`:
    `month_in_care` of each month of the fiscal year of `as_of`, when the caller has them)."""
    child_seen = seen.get(child_id, [])
    year = FiscalYear.containing(as_of, rules)
    return (
        _month_status(child_id, Month.of(as_of), child_seen, periods, as_of, rules),
        _majority(child_id, year, child_seen, periods, as_of, rules, spans),
    )
