"""Composing a court report's sections from the approved record since the last hearing
(domain.md "Court report (built)"). Pure: records and a day in, `ComposedSections` out.

Which records: only *approved* field records count (a draft or a submitted visit is not yet the
agency's word to a court), never a voided one; case data (placements, visitation plans, hearings)
has no workflow and counts as it stands. The period runs from the day after the last hearing held
before this one (else from the day the child entered care) to `today` or the hearing's day,
whichever comes first. The children are the hearing's, or every child of the case.

The monthly caseworker visit figures reuse compliance/monthly_visits.py over the approved visits, so
a court reads the same rule the caseload shows, counted on the record the court receives.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .case_plans import CasePlan
from .cases import Case
from .collateral_contacts import CollateralContact, contacts_in_period
from .compliance.care import care_periods
from .compliance.monthly_visits import MonthState, monthly_visit_status
from .compliance.periods import Month, months_between
from .compliance.visitation import visitation_adherence
from .court_reports import (
    CaseworkerVisitLine,
    CollateralLine,
    ComposedSections,
    FamilyTime,
    FamilyVisitLine,
    GoalProgress,
    MissingFact,
    MonthlyVisitFigures,
    PlacementFacts,
    ServiceLine,
    Stay,
    WellBeingNote,
)
from .hearings import Hearing
from .home_visits import HomeVisit, Topic
from .people import Person, PersonRole
from .placements import Placement
from .rule_pack import DEFAULT_RULES, RulePack
from .visitation_entries import VisitationEntry
from .visitation_plans import VisitationPlan
from .workflow import Status


@dataclass(frozen=True, slots=True, kw_only=True)
class Composition:
    child_ids: tuple[str, ...]
    period_start: date
    period_end: date
    sections: ComposedSections


def report_children(hearing: Hearing, people: Iterable[Person]) -> tuple[str, ...]:
    """The hearing's children, or every child of its case when it names none."""
    if hearing.child_ids:
        return tuple(hearing.child_ids)
    return tuple(
        p.id for p in people if p.case_id == hearing.case_id and p.role is PersonRole.CHILD
    )


def _day(hearing: Hearing) -> date | None:
    return hearing.scheduled_at.date() if hearing.scheduled_at is not None else None


def last_hearing_before(
    hearing: Hearing, hearings: Iterable[Hearing], child_ids: Sequence[str]
) -> Hearing | None:
    """The latest other hearing of the case before this one that concerned one of these children."""
    day = _day(hearing)
    found: Hearing | None = None
    found_day: date | None = None
    for other in hearings:
        other_day = _day(other)
        if other.id == hearing.id or other.case_id != hearing.case_id or other_day is None:
            continue
        if day is not None and other_day >= day:
            continue
        if other.child_ids and not set(other.child_ids) & set(child_ids):
            continue
        if found_day is None or other_day > found_day:
            found, found_day = other, other_day
    return found


def period_of(
    hearing: Hearing,
    *,
    hearings: Iterable[Hearing],
    case: Case | None,
    placements: Iterable[Placement],
    child_ids: Sequence[str],
    today: date,
) -> tuple[date, date]:
    """(first day, last day) the report covers."""
    end = min(d for d in (today, _day(hearing)) if d is not None)
    last = last_hearing_before(hearing, hearings, child_ids)
    last_day = (
        _day(last) if last is not None else None
    )  # never None: last_hearing_before skips undated hearings
    if last_day is not None:
        start = last_day + timedelta(days=1)
    else:
        starts = [
            p.starts_on for p in placements if p.child_id in child_ids and p.starts_on is not None
        ]
        known = [
            d
            for d in (
                case.custody_date if case else None,
                case.removal_date if case else None,
                min(starts, default=None),
            )
            if d
        ]
        start = min(known) if known else end
    return min(start, end), end


def _approved(records: Iterable[Any], start: date, end: date, day: Any) -> list[Any]:
    out = []
    for record in records:
        if record.status is not Status.APPROVED:
            continue
        on = day(record)
        if on is not None and start <= on <= end:
            out.append(record)
    return out


def _visit_day(visit: HomeVisit) -> date | None:
    return visit.contact_start.date() if visit.contact_start is not None else None


def _entry_day(entry: VisitationEntry) -> date | None:
    return entry.scheduled_start.date() if entry.scheduled_start is not None else None


def _placement_facts(
    child_id: str, placements: Iterable[Placement], start: date, end: date
) -> PlacementFacts:
    own = sorted(
        (p for p in placements if p.child_id == child_id and p.starts_on is not None),
        key=lambda p: (p.starts_on, p.id),
    )
    touching = [p for p in own if _started(p) <= end and (p.ends_on is None or p.ends_on >= start)]
    moves = sum(1 for i, p in enumerate(own) if i > 0 and start <= _started(p) <= end)
    current = next((p for p in reversed(own) if p.current_on(end)), None)
    return PlacementFacts(
        child_id=child_id,
        stays=tuple(
            Stay(
                placement_id=p.id,
                provider_name=p.provider_name,
                provider_kind=p.provider_kind,
                placement_type=p.placement_type,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                reason_for_change=p.reason_for_change,
            )
            for p in touching
        ),
        moves_in_period=moves,
        placements_since_entry=len(own),
        days_in_current=(end - current.starts_on).days + 1
        if current is not None and current.starts_on is not None
        else None,
    )


def _started(placement: Placement) -> date:
    assert placement.starts_on is not None  # callers keep only placements with a start day
    return placement.starts_on


def _family_time(
    plan: VisitationPlan, entries: list[VisitationEntry], start: date, end: date, rules: RulePack
) -> FamilyTime | None:
    found = visitation_adherence(
        plan, entries=entries, as_of=end, since=start, until=end, rules=rules
    )
    if found is None:
        return None
    return FamilyTime(
        plan_id=plan.id,
        participants=plan.participants,
        frequency=plan.frequency,
        supervision_level=plan.supervision_level,
        planned=found.planned,
        held=found.occurred,
        ended_early=found.ended_early,
        cancelled_by_family=found.cancelled_by_family,
        cancelled_by_agency=found.cancelled_by_agency,
        cancelled_by_provider=found.cancelled_by_provider,
        parent_no_shows=found.parent_no_shows,
        child_unable=found.child_unable,
        child_refused=found.child_refused,
        rescheduled=found.rescheduled,
        months_below_minimum=tuple(str(m) for m in found.months_below_minimum),
    )


def _monthly_figures(
    child_id: str,
    visits: list[HomeVisit],
    placements: list[Placement],
    case: Case | None,
    exit_date: date | None,
    start: date,
    end: date,
    rules: RulePack,
) -> MonthlyVisitFigures:
    in_care = seen = residence = privately = 0
    missed: list[str] = []
    periods = care_periods(child_id, placements=placements, case=case, exit_date=exit_date)
    if periods:
        for month in months_between(start, end):
            status = monthly_visit_status(
                child_id,
                home_visits=visits,
                placements=placements,
                case=case,
                as_of=end,
                month=month,
                rules=rules,
                exit_date=exit_date,
            )
            if not status.in_care or status.state in (
                MonthState.UPCOMING,
                MonthState.DUE,
                MonthState.AT_RISK,
            ):
                continue  # not in care, or the month is not over and not met yet: neither met nor missed
            in_care += 1
            seen += status.seen
            residence += status.seen_in_residence
            privately += status.seen_privately
            if status.missed:
                missed.append(str(month))
    return MonthlyVisitFigures(
        child_id=child_id,
        months_in_care=in_care,
        months_seen=seen,
        months_seen_in_residence=residence,
        months_seen_privately=privately,
        months_missed=tuple(missed),
    )


def services_of_plan(
    case_plan: CasePlan,
) -> tuple[tuple[ServiceLine, ...], tuple[GoalProgress, ...]]:
    """The approved case plan's services, each with the progress its last 6-month review recorded
    (a progress note naming the same service, `ProgressNote.item`), and the goals' progress."""
    notes = {
        n.item.strip().casefold(): n for n in case_plan.progress if not n.is_goal and n.item.strip()
    }
    services = []
    for row in case_plan.services:
        note = notes.get(row.description.strip().casefold())
        services.append(
            ServiceLine(
                service=row.description,
                provider=row.provider,
                responsible=row.responsible,
                service_for=row.service_for,
                person_id=row.person_id,
                starts_on=row.starts_on,
                ends_by=row.ends_by,
                court_ordered=row.court_ordered,
                progress=note.progress if note else None,
                progress_notes=note.notes if note else None,
            )
        )
    goals = tuple(
        GoalProgress(goal=n.item, progress=n.progress, notes=n.notes)
        for n in case_plan.progress
        if n.is_goal
    )
    return tuple(services), goals


def _notes(
    visits: list[HomeVisit], child_ids: Sequence[str], topic: Topic
) -> tuple[WellBeingNote, ...]:
    out = []
    for visit in visits:
        for row in visit.children:
            if row.child_id in child_ids and topic in row.topics:
                out.append(
                    WellBeingNote(
                        child_id=row.child_id,
                        visit_id=visit.id,
                        on=_visit_day(visit),  # type: ignore[arg-type]  # _approved() kept dated visits only
                        note=row.well_being_notes,
                    )
                )
    return tuple(out)


def compose_court_report(
    hearing: Hearing,
    *,
    today: date,
    case: Case | None = None,
    hearings: Iterable[Hearing] = (),
    people: Iterable[Person] = (),
    placements: Iterable[Placement] = (),
    plans: Iterable[VisitationPlan] = (),
    home_visits: Iterable[HomeVisit] = (),
    visitation_entries: Iterable[VisitationEntry] = (),
    case_plan: CasePlan | None = None,
    collateral_contacts: Iterable[CollateralContact] = (),
    rules: RulePack = DEFAULT_RULES,
) -> Composition:
    """The sections of the court report for `hearing`, from the approved record of its case.

    `case_plan`: the case's latest approved case plan, or None (the report says none is on file)."""
    people = [p for p in people if p.case_id == hearing.case_id]
    placements = [p for p in placements if p.case_id == hearing.case_id]
    child_ids = report_children(hearing, people)
    start, end = period_of(
        hearing,
        hearings=hearings,
        case=case,
        placements=placements,
        child_ids=child_ids,
        today=today,
    )
    children = set(child_ids)
    visits = sorted(
        (
            v
            for v in _approved(home_visits, start, end, _visit_day)
            if v.case_id == hearing.case_id and any(r.child_id in children for r in v.children)
        ),
        key=lambda v: (v.contact_start, v.id),
    )
    entries = sorted(
        (
            e
            for e in _approved(visitation_entries, start, end, _entry_day)
            if e.case_id == hearing.case_id and (not e.child_ids or children & set(e.child_ids))
        ),
        key=lambda e: (e.scheduled_start, e.id),
    )
    # the plans of these children (a plan names its participants; one naming none belongs to the case)
    own_plans = [
        p
        for p in plans
        if p.case_id == hearing.case_id and (not p.participants or children & set(p.participants))
    ]
    exits = {p.id: p.exit_date for p in people}
    # the period's first month counts whole: a visit on the 3rd met a month whose period starts on the 10th
    month_visits = [
        v
        for v in _approved(home_visits, Month.of(start).first_day, end, _visit_day)
        if v.case_id == hearing.case_id
    ]

    family_time = tuple(
        f
        for f in (
            _family_time(p, entries, start, end, rules)
            for p in sorted(own_plans, key=lambda p: p.id)
        )
        if f is not None
    )
    health, education = (
        _notes(visits, child_ids, Topic.HEALTH),
        _notes(visits, child_ids, Topic.EDUCATION),
    )
    services, goals = services_of_plan(case_plan) if case_plan is not None else ((), ())
    placement_facts = tuple(_placement_facts(c, placements, start, end) for c in child_ids)
    missing = []
    if not any(f.stays for f in placement_facts):
        missing.append(MissingFact.NO_PLACEMENT)
    if not family_time:
        missing.append(MissingFact.NO_FAMILY_TIME_PLAN)
    if case_plan is None:
        missing.append(MissingFact.NO_CASE_PLAN)
    if not health:
        missing.append(MissingFact.NO_HEALTH_NOTES)
    if not education:
        missing.append(MissingFact.NO_EDUCATION_NOTES)
    # the approved contacts of the period about these children (one naming no child is the case's)
    contacts = [
        c
        for c in contacts_in_period(
            collateral_contacts, case_id=hearing.case_id, start=start, end=end
        )
        if not c.child_ids or children & set(c.child_ids)
    ]
    if not contacts:
        missing.append(MissingFact.NO_COLLATERAL_CONTACTS)

    sections = ComposedSections(
        placements=placement_facts,
        family_time=family_time,
        family_visits=tuple(
            FamilyVisitLine(
                entry_id=e.id,
                on=_entry_day(e),  # type: ignore[arg-type]  # _approved() kept dated entries only
                plan_id=e.plan_id,
                outcome=e.outcome,
                reason=e.reason,
                supervision_level=e.supervision_level,
            )
            for e in entries
        ),
        caseworker_visits=tuple(
            CaseworkerVisitLine(
                visit_id=v.id,
                on=_visit_day(v),  # type: ignore[arg-type]  # _approved() kept dated visits only
                method=v.method,
                location_type=v.location_type,
                children_seen=tuple(
                    r.child_id for r in v.children if r.child_id in children and r.seen is True
                ),
                children_seen_privately=tuple(
                    r.child_id
                    for r in v.children
                    if r.child_id in children and r.seen is True and r.seen_privately is True
                ),
            )
            for v in visits
        ),
        case_plan_id=case_plan.id if case_plan is not None else None,
        case_plan_version=case_plan.version if case_plan is not None else None,
        case_plan_date=case_plan.plan_date if case_plan is not None else None,
        permanency_goal=case_plan.permanency_goal if case_plan is not None else None,
        concurrent_goal=case_plan.concurrent_goal if case_plan is not None else None,
        services=services,
        goals=goals,
        health=health,
        education=education,
        monthly_visits=tuple(
            _monthly_figures(c, month_visits, placements, case, exits.get(c), start, end, rules)
            for c in child_ids
        ),
        collateral_contacts=tuple(
            CollateralLine(
                contact_id=c.id,
                on=c.contact_start.date(),  # type: ignore[union-attr]  # contacts_in_period keeps dated ones
                party=", ".join(x for x in (c.party_name, c.party_organisation) if x),
                summary=c.summary,
                role=c.party_role,
                method=c.method,
            )
            for c in contacts
        ),
        missing=tuple(missing),
        records_read=len(visits)
        + len(entries)
        + len(contacts)
        + (1 if case_plan is not None else 0),
    )
    return Composition(child_ids=child_ids, period_start=start, period_end=end, sections=sections)
