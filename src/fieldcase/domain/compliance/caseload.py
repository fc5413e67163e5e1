"""Compliance for a caseload (the caseworker's view, offline) and a team (the supervisor's roll-up):
every rule for every child and case, counted, and said in plain words that name no one."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..case_plans import CasePlan
from ..cases import Case
from ..collateral_contacts import CollateralContact
from ..home_visits import HomeVisit
from ..instruments import Instrument
from ..people import Person, PersonRole
from ..placements import Placement
from ..rule_pack import DEFAULT_RULES, RulePack
from ..team_meetings import TeamMeeting
from ..transport_trips import TransportTrip
from ..visitation_entries import VisitationEntry
from ..visitation_plans import VisitationPlan
from ..workflow import Status
from .assessments import assessment_deadlines
from .care import care_periods, month_in_care
from .deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    _initial_visit,
    _provider_contact,
    case_plan_deadline,
    family_support_team_deadlines,
    provider_contacts,
    shared_with_siblings,
)
from .documentation import DocumentationTimeliness, late_documentation
from .facts import CollateralContactFacts
from .mileage import OdometerFlag, odometer_flags
from .monthly_visits import MonthlyVisitStatus, ResidenceMajority, child_visit_compliance, sightings
from .periods import FiscalYear, Month
from .transition import transition_plan_deadline
from .visitation import VisitationAdherence, visitation_adherence


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildCompliance:
    child_id: str
    case_id: str
    this_month: MonthlyVisitStatus
    fiscal_year: ResidenceMajority
    #: For the placement the child is in on `as_of`.
    initial_placement_visit: Deadline | None
    provider_contact: Deadline | None
    #: the next assessment with each instrument that applies to the child (compliance/assessments.py)
    assessments: tuple[Deadline, ...] = ()
    #: a youth of 14+: the approved transition plan, or its review (compliance/transition.py)
    transition_plan: Deadline | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseCompliance:
    case_id: str
    case_plan: Deadline | None
    family_support_team: tuple[Deadline, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseloadCounts:
    children_in_care: int = 0
    seen_this_month: int = 0
    not_yet_seen_this_month: int = 0
    at_risk_this_month: int = 0
    missed_this_month: int = 0
    seen_not_privately_this_month: int = 0
    seen_not_in_residence_this_month: int = 0
    at_risk_of_missing_majority: int = 0
    case_plans_overdue: int = 0
    case_plans_due_soon: int = 0
    family_support_team_overdue: int = 0
    initial_placement_visits_overdue: int = 0
    provider_contacts_outstanding: int = 0
    visitation_plans_behind: int = 0
    documentation_late: int = 0
    odometer_flags: int = 0
    assessments_overdue: int = 0
    transition_plans_missing: int = 0
    transition_plan_reviews_overdue: int = 0

    def __add__(self, other: CaseloadCounts) -> CaseloadCounts:
        return CaseloadCounts(
            **{
                f.name: getattr(self, f.name) + getattr(other, f.name)
                for f in dataclasses.fields(self)
            }
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseloadCompliance:
    as_of: date
    month: Month
    fiscal_year: int
    children: tuple[ChildCompliance, ...]
    cases: tuple[CaseCompliance, ...]
    visitation: tuple[VisitationAdherence, ...]
    late_documentation: tuple[DocumentationTimeliness, ...]
    odometer_flags: tuple[OdometerFlag, ...]
    counts: CaseloadCounts
    #: e.g. "3 children not yet seen this month, 1 at risk of missing in-residence majority"
    headline: str
    #: One plain sentence per count that needs attention.
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseworkerCompliance:
    worker_id: str
    compliance: CaseloadCompliance


@dataclass(frozen=True, slots=True, kw_only=True)
class TeamCompliance:
    as_of: date
    caseworkers: tuple[CaseworkerCompliance, ...]
    totals: CaseloadCounts
    headline: str
    lines: tuple[str, ...]


#: The summary's words, one sentence per count, in order: (the count's field, for one, for many).
#: {n} is the count; {days_left}, {due_days} and {hours} come from the rule pack (`_rule_values`).
#: English here; the window words the same table in the caseworker's language (ui/compliance_words).
SUMMARY_SENTENCES: tuple[tuple[str, str, str], ...] = (
    (
        "not_yet_seen_this_month",
        "{n} child not yet seen this month",
        "{n} children not yet seen this month",
    ),
    (
        "at_risk_this_month",
        "{n} child at risk: {days_left} days or fewer left to visit",
        "{n} children at risk: {days_left} days or fewer left to visit",
    ),
    (
        "missed_this_month",
        "{n} child missed this month's visit",
        "{n} children missed this month's visit",
    ),
    (
        "seen_not_privately_this_month",
        "{n} child seen but not privately this month",
        "{n} children seen but not privately this month",
    ),
    (
        "at_risk_of_missing_majority",
        "{n} child at risk of missing in-residence majority",
        "{n} children at risk of missing in-residence majority",
    ),
    ("case_plans_overdue", "{n} case plan or review overdue", "{n} case plans or reviews overdue"),
    (
        "case_plans_due_soon",
        "{n} case plan or review due within {due_days} days",
        "{n} case plans or reviews due within {due_days} days",
    ),
    (
        "family_support_team_overdue",
        "{n} family support team meeting overdue",
        "{n} family support team meetings overdue",
    ),
    (
        "initial_placement_visits_overdue",
        "{n} initial placement visit overdue",
        "{n} initial placement visits overdue",
    ),
    (
        "provider_contacts_outstanding",
        "{n} placement provider not yet contacted this month",
        "{n} placement providers not yet contacted this month",
    ),
    ("visitation_plans_behind", "{n} visitation plan behind", "{n} visitation plans behind"),
    (
        "documentation_late",
        "{n} visit note recorded late or overdue (due within {hours} hours)",
        "{n} visit notes recorded late or overdue (due within {hours} hours)",
    ),
    ("odometer_flags", "{n} odometer reading to check", "{n} odometer readings to check"),
    ("assessments_overdue", "{n} assessment overdue", "{n} assessments overdue"),
    (
        "transition_plans_missing",
        "{n} youth aged {transition_age} or older without an approved transition plan",
        "{n} youths aged {transition_age} or older without an approved transition plan",
    ),
    (
        "transition_plan_reviews_overdue",
        "{n} transition plan review overdue",
        "{n} transition plan reviews overdue",
    ),
)
#: the headline: nobody in care / (not yet seen, for one and many) / all seen; then the majority at risk
HEADLINE_NONE = "No children in care"
HEADLINE_NOT_SEEN = ("{n} child not yet seen this month", "{n} children not yet seen this month")
HEADLINE_ALL_SEEN = "All children seen this month"
HEADLINE_MAJORITY = "{n} at risk of missing in-residence majority"


def _rule_values(rules: RulePack) -> dict[str, int]:
    return {
        "days_left": rules.monthly_visit_at_risk_days_left,
        "due_days": rules.due_soon_days,
        "hours": rules.documentation_due_hours,
        "transition_age": rules.transition_plan_minimum_age,
    }


def summary_lines(
    counts: CaseloadCounts,
    rules: RulePack = DEFAULT_RULES,
    words: Callable[[str], str] = str,
) -> tuple[str, tuple[str, ...]]:
    """The headline and the lines for a set of counts. Words only, no names (it is shown on a shared
    screen and printed for the supervisor). `words` translates each sentence before it is filled
    in (the window passes its catalogue; English as written otherwise)."""
    c = counts
    if c.children_in_care == 0:
        head = [words(HEADLINE_NONE)]
    elif c.not_yet_seen_this_month:
        n = c.not_yet_seen_this_month
        head = [words(HEADLINE_NOT_SEEN[0] if n == 1 else HEADLINE_NOT_SEEN[1]).format(n=n)]
    else:
        head = [words(HEADLINE_ALL_SEEN)]
    if c.at_risk_of_missing_majority:
        head.append(words(HEADLINE_MAJORITY).format(n=c.at_risk_of_missing_majority))
    values = _rule_values(rules)
    lines = []
    for field, one, many in SUMMARY_SENTENCES:
        n = getattr(c, field)
        if n:
            lines.append(words(one if n == 1 else many).format(n=n, **values))
    return ", ".join(head), tuple(lines)


def _current_placement(child_id: str, placements: list[Placement], as_of: date) -> Placement | None:
    current = [p for p in placements if p.child_id == child_id and p.current_on(as_of)]
    return max(current, key=lambda p: (p.starts_on, p.id), default=None)


def caseload_compliance(
    *,
    cases: Iterable[Case],
    as_of: date,
    placements: Iterable[Placement] = (),
    people: Iterable[Person] = (),
    home_visits: Iterable[HomeVisit] = (),
    visitation_plans: Iterable[VisitationPlan] = (),
    visitation_entries: Iterable[VisitationEntry] = (),
    trips: Iterable[TransportTrip] = (),
    team_meetings: Iterable[TeamMeeting] = (),
    case_plans: Iterable[CasePlan] = (),
    contracted_case_ids: Collection[str] = frozenset(),
    assessments: Iterable[Any] = (),
    transition_plans: Iterable[Any] = (),
    instruments: Iterable[Instrument] = (),
    rules: RulePack = DEFAULT_RULES,
    collateral_contacts: Iterable[CollateralContact | CollateralContactFacts] = (),
) -> CaseloadCompliance:
    """Every rule over one caseload as of a day. Children are the case's people with the child role
    and every child placed under the case; a child counts when in care at some time in the current
    fiscal year. Records of other cases passed in are ignored (trips: every trip given is checked).
    `instruments`: the assessment instruments loaded on the laptop (each is due by its interval);
    `assessments` and `transition_plans` the records (or their facts)."""
    case_list = sorted(cases, key=lambda c: c.id)
    case_ids = {c.id for c in case_list}
    placement_list = [p for p in placements if p.case_id in case_ids]
    visits = [v for v in home_visits if v.case_id in case_ids]
    meetings_of: dict[str, list[TeamMeeting]] = defaultdict(list)
    for meeting in team_meetings:
        if meeting.case_id in case_ids:
            meetings_of[meeting.case_id].append(meeting)
    month, fiscal_year = Month.of(as_of), FiscalYear.containing(as_of, rules)

    children_of: dict[str, set[str]] = defaultdict(set)
    for p in placement_list:
        if p.child_id:
            children_of[p.case_id].add(p.child_id)
    exits: dict[str, date] = {}  # child id -> the day the child left care
    born: dict[
        str, date
    ] = {}  # child id -> birthday (assessments with a minimum age, the transition plan at 14)
    for person in people:
        if person.role is PersonRole.CHILD and person.case_id in case_ids:
            children_of[person.case_id].add(person.id)
            if person.exit_date is not None:
                exits[person.id] = person.exit_date
            if (birthday := getattr(person, "date_of_birth", None)) is not None:
                born[person.id] = birthday
    instrument_list = tuple(instruments)
    rated: dict[str, list[Any]] = defaultdict(list)
    for a in assessments:
        if a.case_id in case_ids and a.child_id:
            rated[a.child_id].append(a)
    plans_for: dict[str, list[Any]] = defaultdict(list)
    for tp in transition_plans:
        if tp.case_id in case_ids and tp.child_id:
            plans_for[tp.child_id].append(tp)
    placements_of: dict[str, list[Placement]] = defaultdict(list)
    for p in placement_list:
        placements_of[p.child_id].append(p)

    # an approved case plan meets the case-plan clocks (a draft or a returned one does not)
    plan_days: dict[str, list[date]] = defaultdict(list)
    for plan in case_plans:
        if (
            plan.case_id in case_ids
            and plan.status is Status.APPROVED
            and plan.plan_date is not None
        ):
            plan_days[plan.case_id].append(plan.plan_date)
    seen = sightings(visits)
    contacts = shared_with_siblings(provider_contacts(visits, rules), placement_list)
    children: list[ChildCompliance] = []
    case_results: list[CaseCompliance] = []
    placements_in: dict[str, list[Placement]] = defaultdict(list)
    for p in placement_list:
        placements_in[p.case_id].append(p)
    for case in case_list:
        for child_id in sorted(children_of[case.id]):
            periods = care_periods(
                child_id,
                placements=placements_of[child_id],
                case=case,
                exit_date=exits.get(child_id),
            )
            # each month's days in care, asked once (the majority counts over them again)
            spans = tuple(month_in_care(periods, m, rules) for m in fiscal_year.months)
            if not any(spans):
                continue
            this_month, majority = child_visit_compliance(
                child_id, seen=seen, periods=periods, as_of=as_of, rules=rules, spans=spans
            )
            left = exits.get(child_id)
            # a child who has left care has no placement the deadline rules could ask about
            placement = (
                _current_placement(child_id, placements_of[child_id], as_of)
                if left is None or left >= as_of
                else None
            )
            children.append(
                ChildCompliance(
                    child_id=child_id,
                    case_id=case.id,
                    this_month=this_month,
                    fiscal_year=majority,
                    initial_placement_visit=_initial_visit(
                        placement, seen.get(child_id, []), as_of, rules
                    )
                    if placement
                    else None,
                    provider_contact=_provider_contact(placement, contacts, as_of, month, rules)
                    if placement
                    else None,
                    assessments=assessment_deadlines(
                        instrument_list,
                        child_id=child_id,
                        case_id=case.id,
                        periods=periods,
                        born=born.get(child_id),
                        assessments=rated[child_id],
                        as_of=as_of,
                        rules=rules,
                    ),
                    transition_plan=transition_plan_deadline(
                        child_id=child_id,
                        case_id=case.id,
                        periods=periods,
                        born=born.get(child_id),
                        plans=plans_for[child_id],
                        as_of=as_of,
                        rules=rules,
                    ),
                )
            )
        case_results.append(
            CaseCompliance(
                case_id=case.id,
                case_plan=case_plan_deadline(
                    case,
                    as_of=as_of,
                    approved_plans=plan_days.get(case.id, ()),
                    contracted=case.id in contracted_case_ids,
                    rules=rules,
                ),
                family_support_team=family_support_team_deadlines(
                    case,
                    as_of=as_of,
                    team_meetings=meetings_of[case.id],
                    placements=placements_in[case.id],
                    rules=rules,
                ),
            )
        )
    # each plan is given its own entries (the rule skips the others): one pass over the entries,
    # not one per plan — a caseload's plans times five years of family time was most of its time
    entries_of: dict[str | None, list[VisitationEntry]] = defaultdict(list)
    for e in visitation_entries:
        if e.case_id in case_ids:
            entries_of[e.plan_id].append(e)
    adherence = tuple(
        a
        for plan in sorted(
            (p for p in visitation_plans if p.case_id in case_ids), key=lambda p: p.id
        )
        if (
            a := visitation_adherence(
                plan, entries=entries_of.get(plan.id, ()), as_of=as_of, rules=rules
            )
        )
        is not None
    )
    # a collateral contact's note is due within the same hours as a visit's
    late = late_documentation(
        [*visits, *(c for c in collateral_contacts if c.case_id in case_ids)],
        as_of=as_of,
        rules=rules,
    )
    flags = odometer_flags(trips, rules=rules)
    counts = _count(children, case_results, adherence, late, flags)
    headline, lines = summary_lines(counts, rules)
    return CaseloadCompliance(
        as_of=as_of,
        month=month,
        fiscal_year=fiscal_year.year,
        children=tuple(children),
        cases=tuple(case_results),
        visitation=adherence,
        late_documentation=late,
        odometer_flags=flags,
        counts=counts,
        headline=headline,
        lines=lines,
    )


def _count(
    children: list[ChildCompliance],
    cases: list[CaseCompliance],
    adherence: tuple[VisitationAdherence, ...],
    late: tuple[DocumentationTimeliness, ...],
    flags: tuple[OdometerFlag, ...],
) -> CaseloadCounts:
    in_care = [c.this_month for c in children if c.this_month.in_care]
    plans = [c.case_plan for c in cases if c.case_plan is not None]
    return CaseloadCounts(
        children_in_care=len(in_care),
        seen_this_month=sum(m.seen for m in in_care),
        not_yet_seen_this_month=sum(not m.seen for m in in_care),
        at_risk_this_month=sum(m.at_risk for m in in_care),
        missed_this_month=sum(m.missed for m in in_care),
        seen_not_privately_this_month=sum(m.seen and not m.seen_privately for m in in_care),
        seen_not_in_residence_this_month=sum(m.seen and not m.seen_in_residence for m in in_care),
        at_risk_of_missing_majority=sum(
            c.fiscal_year.at_risk_of_missing_majority for c in children
        ),
        case_plans_overdue=sum(d.overdue for d in plans),
        case_plans_due_soon=sum(d.due_soon for d in plans),
        family_support_team_overdue=sum(d.overdue for c in cases for d in c.family_support_team),
        initial_placement_visits_overdue=sum(
            c.initial_placement_visit is not None and c.initial_placement_visit.overdue
            for c in children
        ),
        provider_contacts_outstanding=sum(
            c.provider_contact is not None
            and c.provider_contact.state not in (DeadlineState.MET, DeadlineState.MET_LATE)
            for c in children
        ),
        visitation_plans_behind=sum(a.below_plan for a in adherence),
        documentation_late=len(late),
        odometer_flags=len(flags),
        assessments_overdue=sum(d.overdue for c in children for d in c.assessments),
        transition_plans_missing=sum(
            c.transition_plan is not None and c.transition_plan.kind is DeadlineKind.TRANSITION_PLAN
            for c in children
        ),
        transition_plan_reviews_overdue=sum(
            c.transition_plan is not None
            and c.transition_plan.kind is DeadlineKind.TRANSITION_PLAN_REVIEW
            and c.transition_plan.overdue
            for c in children
        ),
    )


def team_compliance(
    *,
    cases: Iterable[Case],
    as_of: date,
    placements: Iterable[Placement] = (),
    people: Iterable[Person] = (),
    home_visits: Iterable[HomeVisit] = (),
    visitation_plans: Iterable[VisitationPlan] = (),
    visitation_entries: Iterable[VisitationEntry] = (),
    trips: Iterable[TransportTrip] = (),
    team_meetings: Iterable[TeamMeeting] = (),
    case_plans: Iterable[CasePlan] = (),
    contracted_case_ids: Collection[str] = frozenset(),
    assessments: Iterable[Any] = (),
    transition_plans: Iterable[Any] = (),
    instruments: Iterable[Instrument] = (),
    rules: RulePack = DEFAULT_RULES,
) -> TeamCompliance:
    """The supervisor's roll-up: one caseload per primary worker (cases without one are left out),
    each worker's own trips, and the team's totals."""
    by_worker: dict[str, list[Case]] = defaultdict(list)
    worker_of: dict[str, str] = {}
    for case in cases:
        if case.primary_worker_id:
            by_worker[case.primary_worker_id].append(case)
            worker_of[case.id] = case.primary_worker_id
    # each caseload gets its own cases' records (in the order given): one pass over each kind, not one per worker
    placements_of, people_of, visits_of = (
        _per_worker(placements, worker_of),
        _per_worker(people, worker_of),
        _per_worker(home_visits, worker_of),
    )
    plans_of, entries_of = (
        _per_worker(visitation_plans, worker_of),
        _per_worker(visitation_entries, worker_of),
    )
    rated_of, transition_of = (
        _per_worker(assessments, worker_of),
        _per_worker(transition_plans, worker_of),
    )
    instrument_list = tuple(instruments)
    meetings_of = _per_worker(team_meetings, worker_of)
    case_plans_of = _per_worker(case_plans, worker_of)
    trips_by_driver: dict[str, list[TransportTrip]] = defaultdict(list)
    for trip in trips:
        if trip.driver_id:
            trips_by_driver[trip.driver_id].append(trip)
    rows = tuple(
        CaseworkerCompliance(
            worker_id=worker,
            compliance=caseload_compliance(
                cases=by_worker[worker],
                as_of=as_of,
                placements=placements_of[worker],
                people=people_of[worker],
                home_visits=visits_of[worker],
                visitation_plans=plans_of[worker],
                visitation_entries=entries_of[worker],
                trips=trips_by_driver.get(worker, ()),
                team_meetings=meetings_of[worker],
                case_plans=case_plans_of[worker],
                contracted_case_ids=contracted_case_ids,
                assessments=rated_of[worker],
                transition_plans=transition_of[worker],
                instruments=instrument_list,
                rules=rules,
            ),
        )
        for worker in sorted(by_worker)
    )
    totals = sum((r.compliance.counts for r in rows), CaseloadCounts())
    headline, lines = summary_lines(totals, rules)
    return TeamCompliance(
        as_of=as_of, caseworkers=rows, totals=totals, headline=headline, lines=lines
    )


def _per_worker(items: Iterable[Any], worker_of: dict[str, str]) -> defaultdict[str, list[Any]]:
    found: defaultdict[str, list[Any]] = defaultdict(list)
    for item in items:
        worker = worker_of.get(item.case_id)
        if worker is not None:
            found[worker].append(item)
    return found
