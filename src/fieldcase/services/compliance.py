"""Compliance from the laptop's own copy, offline: the caseworker's summary line for the caseload
header, the supervisor's team dashboard (per caseworker and per child), and one child's drill-down.

All the rules are the domain's compliance engine (`fieldcase.domain.compliance`); this module only
loads what the rules read (`Store.compliance_facts`: the fields they use, not whole records) and
shapes the results for screens. Draft, submitted and returned visits count
as the child having been seen (the visit happened; approval is its own column), voided ones never.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fieldcase.domain import kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.cases import CaseStatus
from fieldcase.domain.compliance import (
    CaseloadCompliance,
    CaseloadCounts,
    ChildCompliance,
    Deadline,
    DeadlineState,
    FiscalYear,
    MonthState,
    caseload_compliance,
    monthly_visit_status,
    summary_lines,
    team_compliance,
)
from fieldcase.domain.compliance.facts import CaseFacts
from fieldcase.domain.people import PersonRole
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.domain.workflow import Status
from fieldcase.services.directory import known_names
from fieldcase.services.team import (
    TeamVisitFigures,
    Workload,
    labels_for,
    review_workload,
    team_visit_figures,
)
from fieldcase.services.team_tasks import TeamTask, team_overdue_tasks
from fieldcase.store.compliance_facts import ComplianceFacts, InReview, window_start
from fieldcase.store.store import Store

MONTH_WORDS = {
    MonthState.SEEN: "Seen",
    MonthState.DUE: "Due",
    MonthState.AT_RISK: "At risk",
    MonthState.MISSED: "Missed",
    MonthState.UPCOMING: "Not started",
    MonthState.NOT_IN_CARE: "Not in care",
}
DEADLINE_WORDS = {
    DeadlineState.MET: "Done",
    DeadlineState.MET_LATE: "Done late",
    DeadlineState.PENDING: "Due",
    DeadlineState.DUE_SOON: "Due soon",
    DeadlineState.OVERDUE: "Overdue",
}
DEADLINE_NAMES = {
    "case_plan": "Case plan",
    "case_plan_review": "Case plan review",
    "family_support_team": "Family support team meeting",
    "initial_placement_visit": "Initial placement visit",
    "provider_contact": "Contact with the placement provider",
    "assessment": "Assessment",
    "transition_plan": "Transition plan (14 and older)",
    "transition_plan_review": "Transition plan review",
}


# ----------------------------------------------------------------------------------- loading


def _load(store: Store, today: date, rules: RulePack) -> ComplianceFacts:
    # this fiscal year's contacts, and of the older ones those a rule still reads: a late note, the
    # first visit in a placement begun years ago (store/compliance_facts.py, `_window_rows`); the
    # answers are those of every record, the reading does not grow with the years kept
    return store.compliance_facts(
        since=window_start(today, rules), note_hours=rules.documentation_due_hours
    )


def _open(cases: Iterable[CaseFacts]) -> list[CaseFacts]:
    return [c for c in cases if c.status is CaseStatus.OPEN]


# ----------------------------------------------------------------------------------- caseworker


@dataclass(frozen=True)
class ComplianceSummary:
    """For the caseload header: "3 children not yet seen this month, 1 at risk of missing in-residence majority"."""

    headline: str
    lines: tuple[str, ...]
    counts: CaseloadCounts
    as_of: date


def caseload_summary(
    store: Store, *, today: date, rules: RulePack = DEFAULT_RULES
) -> ComplianceSummary:
    """The caseworker's own caseload (every open case on the laptop), offline."""
    found = _caseload(_load(store, today, rules), today, rules, instruments=_instruments(store))
    return ComplianceSummary(found.headline, found.lines, found.counts, today)


def _instruments(store: Store) -> tuple[Any, ...]:
    """The assessment instruments on this laptop (each is due by its interval)."""
    from fieldcase.services.instruments import for_store

    return for_store(store).instruments


def _caseload(
    data: ComplianceFacts,
    today: date,
    rules: RulePack,
    cases: list[CaseFacts] | None = None,
    instruments: tuple[Any, ...] = (),
) -> CaseloadCompliance:
    # The engine takes a record or its facts (domain/compliance/facts.py: same names, same types), but its
    # signatures name only the records; typing them as unions is a change through the whole engine.
    return caseload_compliance(
        cases=_open(data.cases) if cases is None else cases,  # type: ignore[arg-type]  # facts stand in for records
        as_of=today,
        placements=data.placements,  # type: ignore[arg-type]  # facts stand in for records
        people=data.people,  # type: ignore[arg-type]  # facts stand in for records
        home_visits=data.home_visits,  # type: ignore[arg-type]  # facts stand in for records
        visitation_plans=data.visitation_plans,  # type: ignore[arg-type]  # facts stand in for records
        visitation_entries=data.visitation_entries,  # type: ignore[arg-type]  # facts stand in for records
        trips=data.trips,  # type: ignore[arg-type]  # facts stand in for records
        team_meetings=data.team_meetings,  # type: ignore[arg-type]  # facts stand in for records
        case_plans=data.case_plans,  # type: ignore[arg-type]  # facts stand in for records
        rules=rules,
        collateral_contacts=data.collateral_contacts,
        assessments=data.assessments,
        transition_plans=data.transition_plans,
        instruments=instruments,
    )


# ----------------------------------------------------------------------------------- team


@dataclass(frozen=True)
class ChildRow:
    child_id: str
    child_name: str
    case_id: str
    case_number: str
    worker_id: str
    worker_label: str
    month_state: MonthState
    month_words: str
    seen_in_residence: bool
    seen_privately: bool
    days_left: int | None
    at_risk: bool
    majority_at_risk: bool
    residence_months: int
    residence_months_required: int
    case_plan: str  # e.g. "Overdue (June 1)" or ""
    case_plan_overdue: bool
    waiting_for_approval: int
    returned: int

    @property
    def needs_visit(self) -> bool:
        return self.month_state in (MonthState.DUE, MonthState.AT_RISK, MonthState.MISSED)


@dataclass(frozen=True)
class WorkerRow:
    worker_id: str
    label: str
    children: int
    seen: int
    due: int  # not yet seen this month
    at_risk: int
    missed: int
    majority_at_risk: int
    case_plans_overdue: int
    reviews_overdue: int  # family support team meetings overdue
    waiting: int
    oldest_waiting_hours: int | None
    returned: int
    headline: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class TeamDashboard:
    as_of: date
    workers: tuple[WorkerRow, ...]
    children: tuple[ChildRow, ...]  # the children who need something first
    totals: CaseloadCounts
    headline: str
    lines: tuple[str, ...]
    waiting: int
    oldest_waiting_hours: int | None
    returned: int
    #: the federal caseworker-visit figures of the fiscal year so far (42 USC 624(f))
    visit_figures: TeamVisitFigures | None = None
    #: the team's tasks past their due day, oldest first (services/team_tasks.py)
    overdue_tasks: tuple[TeamTask, ...] = ()


def _deadline_text(deadline: Deadline | None) -> str:
    if deadline is None:
        return ""
    return f"{DEADLINE_WORDS[deadline.state]} ({deadline.due:%B} {deadline.due.day}, {deadline.due.year})"


def _per_child_reviews(in_review: tuple[InReview, ...]) -> tuple[dict[str, int], dict[str, int]]:
    waiting: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    for entry in in_review:
        bucket = waiting if entry.status == Status.SUBMITTED.value else returned
        for child in entry.child_ids:
            bucket[child] += 1
    return waiting, returned


def team_dashboard(
    store: Store,
    *,
    today: date,
    now: datetime,
    names: Mapping[str, str] | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> TeamDashboard:
    data = _load(store, today, rules)
    cases = _open(data.cases)
    team = team_compliance(
        cases=cases,  # type: ignore[arg-type]
        as_of=today,
        placements=data.placements,  # type: ignore[arg-type]  # facts stand in for records
        people=data.people,  # type: ignore[arg-type]  # facts stand in for records
        home_visits=data.home_visits,  # type: ignore[arg-type]  # facts stand in for records
        visitation_plans=data.visitation_plans,  # type: ignore[arg-type]  # facts stand in for records
        visitation_entries=data.visitation_entries,  # type: ignore[arg-type]  # facts stand in for records
        trips=data.trips,  # type: ignore[arg-type]  # facts stand in for records
        team_meetings=data.team_meetings,  # type: ignore[arg-type]  # facts stand in for records
        case_plans=data.case_plans,  # type: ignore[arg-type]  # facts stand in for records
        rules=rules,
        assessments=data.assessments,
        transition_plans=data.transition_plans,
        instruments=_instruments(store),
    )
    labels = labels_for(data.cases, names=known_names(store, names))
    workload: dict[str, Workload] = review_workload(data.in_review, now=now)
    child_names = {p.id: p.display_name for p in data.people}
    numbers = {c.id: c.case_number for c in cases}
    waiting_by_child, returned_by_child = _per_child_reviews(data.in_review)
    workers, children = [], []
    for row in team.caseworkers:
        found, load = row.compliance, workload.get(row.worker_id, Workload(row.worker_id))
        c = found.counts
        plans = {k.case_id: k.case_plan for k in found.cases}
        workers.append(
            WorkerRow(
                worker_id=row.worker_id,
                label=labels[row.worker_id],
                children=c.children_in_care,
                seen=c.seen_this_month,
                due=c.not_yet_seen_this_month,
                at_risk=c.at_risk_this_month,
                missed=c.missed_this_month,
                majority_at_risk=c.at_risk_of_missing_majority,
                case_plans_overdue=c.case_plans_overdue,
                reviews_overdue=c.family_support_team_overdue,
                waiting=load.waiting,
                oldest_waiting_hours=load.oldest_waiting_hours,
                returned=load.returned,
                headline=found.headline,
                lines=found.lines,
            )
        )
        for child in found.children:
            children.append(
                _child_row(
                    child,
                    row.worker_id,
                    labels[row.worker_id],
                    child_names,
                    numbers,
                    plans,
                    waiting_by_child,
                    returned_by_child,
                )
            )
    urgency = {MonthState.MISSED: 0, MonthState.AT_RISK: 1, MonthState.DUE: 2}
    children.sort(
        key=lambda r: (
            urgency.get(r.month_state, 3),
            not r.majority_at_risk,
            not r.case_plan_overdue,
            r.child_name.casefold(),
            r.child_id,
        )
    )
    oldest = [
        w.oldest_waiting_hours for w in workload.values() if w.oldest_waiting_hours is not None
    ]
    return TeamDashboard(
        as_of=today,
        workers=tuple(workers),
        children=tuple(children),
        totals=team.totals,
        headline=team.headline,
        lines=team.lines,
        waiting=sum(w.waiting for w in workload.values()),
        oldest_waiting_hours=max(oldest) if oldest else None,
        returned=sum(w.returned for w in workload.values()),
        visit_figures=team_visit_figures(data, today=today, labels=labels, rules=rules),
        # the open cases of the read above, not read again whole (5-7 ms for 238 cases)
        overdue_tasks=team_overdue_tasks(
            store, today=today, labels=labels, rules=rules, open_cases=cases
        ),
    )


def _child_row(
    child: ChildCompliance,
    worker_id: str,
    label: str,
    names: Mapping[str, str],
    numbers: Mapping[str, str],
    plans: Mapping[str, Deadline | None],
    waiting: Mapping[str, int],
    returned: Mapping[str, int],
) -> ChildRow:
    month, year = child.this_month, child.fiscal_year
    plan = plans.get(child.case_id)
    return ChildRow(
        child_id=child.child_id,
        child_name=names.get(child.child_id, ""),
        case_id=child.case_id,
        case_number=numbers.get(child.case_id, ""),
        worker_id=worker_id,
        worker_label=label,
        month_state=month.state,
        month_words=MONTH_WORDS[month.state],
        seen_in_residence=month.seen_in_residence,
        seen_privately=month.seen_privately,
        days_left=month.days_left,
        at_risk=month.at_risk,
        majority_at_risk=year.at_risk_of_missing_majority,
        residence_months=year.months_with_residence_visit,
        residence_months_required=year.required,
        case_plan=_deadline_text(plan),
        case_plan_overdue=bool(plan and plan.overdue),
        waiting_for_approval=waiting.get(child.child_id, 0),
        returned=returned.get(child.child_id, 0),
    )


# ----------------------------------------------------------------------------------- one child


@dataclass(frozen=True)
class MonthLine:
    month: str  # "2026-05"
    label: str  # "May 2026"
    state: MonthState
    words: str
    seen_in_residence: bool
    seen_privately: bool
    visits: int


@dataclass(frozen=True)
class DeadlineLine:
    what: str
    due: date
    state: DeadlineState
    words: str


@dataclass(frozen=True)
class EntryLine:
    record_id: str
    kind: str
    status: str
    on: str | None
    returned_reason: str | None


@dataclass(frozen=True)
class ChildDrillDown:
    child_id: str
    child_name: str
    case_id: str
    case_number: str
    worker_label: str
    fiscal_year: int
    months: tuple[MonthLine, ...]  # the fiscal year so far
    residence_months: int
    residence_months_required: int
    months_in_care: int
    majority_met: bool
    majority_at_risk: bool
    deadlines: tuple[DeadlineLine, ...]
    entries: tuple[EntryLine, ...]  # waiting for approval or returned, and the month's visits


def child_drill_down(
    store: Store,
    *,
    child_id: str,
    today: date,
    names: Mapping[str, str] | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> ChildDrillDown:
    data = _load(store, today, rules)
    person = next((p for p in data.people if p.id == child_id and p.role is PersonRole.CHILD), None)
    placements = [p for p in data.placements if p.child_id == child_id]
    case_id = person.case_id if person else (placements[0].case_id if placements else "")
    case = next((c for c in _open(data.cases) if c.id == case_id), None)
    found = _caseload(
        data, today, rules, cases=[case] if case else [], instruments=_instruments(store)
    )
    child = next((c for c in found.children if c.child_id == child_id), None)
    year = FiscalYear.containing(today, rules)
    visits = [v for v in data.home_visits if v.case_id == case_id]
    months = []
    for month in year.months:
        if month.first_day > today:
            break
        status = monthly_visit_status(
            child_id,
            home_visits=visits,  # type: ignore[arg-type]  # facts stand in for records
            placements=placements,  # type: ignore[arg-type]  # facts stand in for records
            case=case,  # type: ignore[arg-type]  # facts stand in for records
            as_of=today,
            month=month,
            rules=rules,
            exit_date=person.exit_date if person else None,
        )
        months.append(
            MonthLine(
                str(month),
                f"{month.first_day:%B %Y}",
                status.state,
                MONTH_WORDS[status.state],
                status.seen_in_residence,
                status.seen_privately,
                status.visits,
            )
        )
    deadlines: list[Deadline] = []
    case_result = next((c for c in found.cases if c.case_id == case_id), None)
    if case_result is not None:
        deadlines += [
            d for d in (case_result.case_plan, *case_result.family_support_team) if d is not None
        ]
    if child is not None:
        deadlines += [
            d
            for d in (
                child.initial_placement_visit,
                child.provider_contact,
                child.transition_plan,
                *child.assessments,
            )
            if d is not None
        ]
    entries = []
    for stored in store.list(child_id=child_id):
        if stored.kind not in kinds.WORKFLOW_KINDS:
            continue
        if stored.status in (Status.SUBMITTED.value, Status.RETURNED.value) or (
            stored.kind == "home_visit"
            and (record_facts.occurred_on(stored.to_domain()) or date.min) >= today.replace(day=1)
        ):
            entries.append(
                EntryLine(
                    stored.id,
                    stored.kind,
                    stored.status or "",
                    _occurred(stored),
                    stored.body.get("returned_reason"),
                )
            )
    worker = case.primary_worker_id if case else None
    labels = labels_for(data.cases, names=known_names(store, names))
    majority = child.fiscal_year if child else None
    return ChildDrillDown(
        child_id=child_id,
        child_name=person.display_name if person else "",
        case_id=case_id,
        case_number=case.case_number if case else "",
        worker_label=labels.get(worker or "", ""),
        fiscal_year=year.year,
        months=tuple(months),
        residence_months=majority.months_with_residence_visit if majority else 0,
        residence_months_required=majority.required if majority else 0,
        months_in_care=majority.months_in_care if majority else 0,
        majority_met=bool(majority and majority.met),
        majority_at_risk=bool(majority and majority.at_risk_of_missing_majority),
        deadlines=tuple(
            DeadlineLine(
                DEADLINE_NAMES.get(d.kind.value, d.kind.value),
                d.due,
                d.state,
                DEADLINE_WORDS[d.state],
            )
            for d in sorted(deadlines, key=lambda d: d.due)
        ),
        entries=tuple(entries),
    )


def _occurred(stored: Any) -> str | None:
    day = record_facts.occurred_on(stored.to_domain())
    return day.isoformat() if day else None


def team_summary_lines(
    counts: CaseloadCounts, rules: RulePack = DEFAULT_RULES
) -> tuple[str, tuple[str, ...]]:
    return summary_lines(counts, rules)


__all__ = [
    "ChildDrillDown",
    "ChildRow",
    "ComplianceSummary",
    "DeadlineLine",
    "EntryLine",
    "MonthLine",
    "TeamDashboard",
    "WorkerRow",
    "caseload_summary",
    "child_drill_down",
    "team_dashboard",
]
