"""The federal caseworker-visit figures a state reports for a fiscal year (42 USC 624(f)(1);
ACYF-CB-PI-12-01 and its predecessors on the monthly caseworker visit data; docs/visit-figures.md):

- **visits made** against **visits expected** — the visits that would occur if every child in care
  were visited once in each full calendar month in care; and
- the share of the visits made that were **in the child's residence**;

by caseworker, team and agency. Shared by the server (`fieldcase-server visit-figures`) and the
supervisor's dashboard on the laptop, so both count alike. Pure: plain records (or the compliance
facts) in, frozen numbers out.

Counting rules (each is stated, with its source, in docs/visit-figures.md):
1. The fiscal year is the rule pack's (federal: 1 October – 30 September, named by its end year).
2. A child-month counts when the child was in care every day of the calendar month (the federal
   reading) — or any day of it, when the rule pack says `visit_figures_count_partial_months`.
   Time in care comes from the child's placements (else the case's removal date) and stops the day
   after the child's exit from care.
3. Only approved, face-to-face, completed home visits in which the child was seen count, made on a
   day the child was in care in a counted month; at most one per child per month counts as made.
4. A counted month is "in the residence" when at least one of its counted visits was in the child's
   residence: the placement home, or — during a trial home visit, the child living with the parent —
   the parent's home.
5. Every child-month (expected and made) belongs to the case's primary worker, and through the
   worker to the worker's team; the agency is the sum of all of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..home_visits import ContactMethod, LocationType, VisitOutcome, VisitPurpose
from ..people import PersonRole
from ..placements import PlacementType
from ..rule_pack import DEFAULT_RULES, RulePack
from ..workflow import Status
from .care import CarePeriod, care_periods, in_care_on
from .periods import FiscalYear, Month

#: The federal standards the figures are read against (42 USC 624(f)(2)(A); 622(b)(17)): 95% of
#: the expected visits made, more than 50% of the visits made in the residence.
FEDERAL_VISITS_MADE_STANDARD = Decimal("95")
FEDERAL_RESIDENCE_STANDARD = Decimal("50")
#: the name of the bucket for children whose case has no primary worker
UNASSIGNED = ""


@dataclass(frozen=True, slots=True)
class Tally:
    """The figures of one caseworker, team or the agency."""

    children: int = 0  # children with at least one month in care counted
    expected: int = 0  # child-months in care: the visits that would occur at one a month
    made: int = 0  # child-months with a counted visit (at most one per child per month)
    in_residence: int = 0  # of `made`, months whose counted visit was in the child's residence

    @property
    def percent_made(self) -> Decimal | None:
        return _percent(self.made, self.expected)

    @property
    def percent_in_residence(self) -> Decimal | None:
        return _percent(self.in_residence, self.made)

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.children + other.children,
            self.expected + other.expected,
            self.made + other.made,
            self.in_residence + other.in_residence,
        )


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class ChildMonths:
    """One child's counted months in the fiscal year (for a worker's own list, and for tests)."""

    child_id: str
    case_id: str
    worker_id: str
    expected: tuple[Month, ...]
    made: tuple[Month, ...]
    in_residence: tuple[Month, ...]


@dataclass(frozen=True, slots=True)
class VisitFigures:
    fiscal_year: int
    starts_on: date
    ends_on: date
    #: "full_calendar_months" (federal) or "partial_months_too"
    month_reading: str
    #: the last day of the last month counted (the fiscal year's end unless counted `through` a day)
    counted_through: date
    agency: Tally
    #: by team id ("" for workers in no team) and by worker id ("" for cases without a primary worker)
    teams: Mapping[str, Tally] = field(default_factory=dict)
    caseworkers: Mapping[str, Tally] = field(default_factory=dict)
    children: tuple[ChildMonths, ...] = ()


def month_reading(rules: RulePack) -> str:
    return (
        "partial_months_too" if rules.visit_figures_count_partial_months else "full_calendar_months"
    )


def _counted(periods: tuple[CarePeriod, ...], first: date, last: date, partial: bool) -> bool:
    """In care in the month `first`..`last`: some day of it (`partial`), else all of it."""
    if partial:
        return any(
            p.starts_on <= last and (p.ends_on is None or p.ends_on >= first) for p in periods
        )
    return any(p.starts_on <= first and (p.ends_on is None or p.ends_on >= last) for p in periods)


def _until_exit(periods: tuple[CarePeriod, ...], exit_date: date | None) -> tuple[CarePeriod, ...]:
    """The exit day is the child's last day in care; nothing after it counts."""
    if exit_date is None:
        return periods
    out = []
    for p in periods:
        if p.starts_on > exit_date:
            continue
        end = exit_date if p.ends_on is None or p.ends_on > exit_date else p.ends_on
        out.append(CarePeriod(p.starts_on, end))
    return tuple(out)


def _visit_counts(visit: Any) -> bool:
    return (
        visit.status is Status.APPROVED
        and visit.method is ContactMethod.FACE_TO_FACE
        and visit.outcome is VisitOutcome.COMPLETED
        and visit.contact_start is not None
    )


def in_childs_residence(visit: Any, trial_home_visit_on: bool) -> bool:
    """Rule 4: the placement home; or the parent's home while the child lives there on a trial
    home visit (by the child's placement that day, or by the visit's own purpose)."""
    location = visit.location_type
    if location is LocationType.CHILD_RESIDENCE:
        return True
    if location is LocationType.PARENT_HOME:
        return (
            trial_home_visit_on or getattr(visit, "purpose", None) is VisitPurpose.TRIAL_HOME_VISIT
        )
    return False


def visit_figures(
    *,
    fiscal_year: int,
    children: Iterable[Any],
    cases: Iterable[Any],
    placements: Iterable[Any],
    home_visits: Iterable[Any],
    worker_teams: Mapping[str, str] | None = None,
    rules: RulePack = DEFAULT_RULES,
    through: date | None = None,
) -> VisitFigures:
    """The figures for `fiscal_year`. `children` are the people of the cases (only role child is
    read); records or their compliance facts are both accepted. `worker_teams` maps a worker id to
    a team id (workers missing from it are in team ""). `through`: count only the months that have
    ended by that day (the year so far, as the dashboard shows it; a month under way is not over)."""
    year = FiscalYear.named(fiscal_year, rules)
    months = tuple(m for m in year.months if through is None or m.last_day <= through)
    partial = rules.visit_figures_count_partial_months
    # each month's first and last day and its (year, month) key, made once (not once per child and
    # month): the loop over the children is most of the figures' time on a supervisor's laptop
    bounds = [(m, m.first_day, m.last_day, (m.year, m.month)) for m in months]
    teams_of = dict(worker_teams or {})
    case_by_id = {c.id: c for c in cases}
    placements_by_child: dict[str, list[Any]] = defaultdict(list)
    for p in placements:
        if p.child_id:
            placements_by_child[p.child_id].append(p)
    seen_by_child: dict[str, list[tuple[date, Any]]] = defaultdict(list)
    for visit in home_visits:
        if not _visit_counts(visit):
            continue
        day = visit.contact_start.date()  # the local day the laptop recorded
        if not year.starts_on <= day <= year.ends_on:
            continue
        for row in visit.children:
            if row.seen is True:
                seen_by_child[row.child_id].append((day, visit))

    # per worker: children, expected, made, in residence — summed as ints, one Tally each at the end
    per_worker_sums: dict[str, list[int]] = {}
    rows: list[ChildMonths] = []
    for child in children:
        if child.role is not PersonRole.CHILD:
            continue
        case = case_by_id.get(child.case_id)
        own = placements_by_child.get(child.id, [])
        periods = _until_exit(
            care_periods(child.id, placements=own, case=case), getattr(child, "exit_date", None)
        )
        if not periods:
            continue
        if len(periods) == 1:  # one stay (most children): `_counted` without its generator
            begins, ends = periods[0].starts_on, periods[0].ends_on
            if partial:
                counted = [
                    (m, key)
                    for m, first, last, key in bounds
                    if begins <= last and (ends is None or ends >= first)
                ]
            else:
                counted = [
                    (m, key)
                    for m, first, last, key in bounds
                    if begins <= first and (ends is None or ends >= last)
                ]
        else:
            counted = [
                (m, key)
                for m, first, last, key in bounds
                if _counted(periods, first, last, partial)
            ]
        if not counted:
            continue
        trial_spans = [
            (p.starts_on, p.ends_on)
            for p in own
            if getattr(p, "placement_type", None) is PlacementType.TRIAL_HOME_VISIT and p.starts_on
        ]
        # by (year, month) -> any counted visit in the residence: a tuple hashes in C, a Month in
        # Python (every sighting of every child is looked up)
        by_month: dict[tuple[int, int], bool] = {}
        wanted = {key for _m, key in counted}
        for day, visit in seen_by_child.get(child.id, ()):
            month = (day.year, day.month)
            if month not in wanted or not in_care_on(periods, day):
                continue
            trial = any(start <= day and (end is None or day <= end) for start, end in trial_spans)
            by_month[month] = by_month.get(month, False) or in_childs_residence(visit, trial)
        expected = tuple(m for m, _key in counted)
        made = tuple(m for m, key in counted if key in by_month)
        residence = tuple(m for m, key in counted if by_month.get(key))
        worker = (
            (getattr(case, "primary_worker_id", None) or UNASSIGNED)
            if case is not None
            else UNASSIGNED
        )
        rows.append(ChildMonths(child.id, child.case_id, worker, expected, made, residence))
        sums = per_worker_sums.get(worker)
        if sums is None:
            sums = per_worker_sums[worker] = [0, 0, 0, 0]
        sums[0] += 1
        sums[1] += len(expected)
        sums[2] += len(made)
        sums[3] += len(residence)
    per_worker = {worker: Tally(*sums) for worker, sums in per_worker_sums.items()}

    per_team: dict[str, Tally] = defaultdict(Tally)
    for worker, tally in per_worker.items():
        team = teams_of.get(worker, "")
        per_team[team] = per_team[team] + tally
    agency = sum(per_worker.values(), Tally())
    return VisitFigures(
        fiscal_year=year.year,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        month_reading=month_reading(rules),
        counted_through=months[-1].last_day if months else year.starts_on,
        agency=agency,
        teams=dict(sorted(per_team.items())),
        caseworkers=dict(sorted(per_worker.items())),
        children=tuple(rows),
    )
