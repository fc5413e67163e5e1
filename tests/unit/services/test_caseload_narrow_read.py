"""`load_caseload` reads narrowly (this month's visits as visits; for a child not seen this month,
the last day seen before it from the store, newest first; one engine question per child). Its rows must be exactly what the whole computation gives —
every record loaded, `caseload_compliance` over the fiscal year — which this file keeps as it was,
and compares on a generated caseload with the awkward cases in it, on days that move the month and
the fiscal year around. `load_summary` must give the engine's words as that computation did."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

from fieldcase.domain.cases import Case, CaseStatus, PermanencyGoal
from fieldcase.domain.compliance import FiscalYear, caseload_compliance
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import ExitReason, Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.seen import children_seen
from fieldcase.domain.workflow import Command
from fieldcase.services import caseload as service
from fieldcase.services.caseload import load_caseload, load_summary
from helpers.store import USER

DAYS = (
    date(2026, 5, 12),  # mid-month, the FakeClock's month
    date(2026, 5, 28),  # few days left: at risk
    date(2026, 5, 31),  # the month's last day
    date(2026, 6, 1),  # a new month: nobody seen yet
    date(2026, 9, 30),  # the fiscal year's last day: a whole year of visits
    date(2026, 10, 1),  # the first day of the next fiscal year
)


def whole_computation(
    store, *, today: date
) -> tuple[tuple[service.CaseloadRow, ...], str, tuple[str, ...]]:
    """The caseload as `load_caseload` computed it before the narrow read (kept verbatim)."""
    cases = {c.id: c for c in store.repository("case").list() if c.status is CaseStatus.OPEN}
    people = [p for p in store.repository("person").list() if p.case_id in cases]
    children = [p for p in people if p.role is PersonRole.CHILD]
    all_placements = [p for p in store.repository("placement").list() if p.case_id in cases]
    placements = {}
    for placement in all_placements:
        if placement.current_on(today):
            placements[placement.child_id] = placement
    year_start = FiscalYear.containing(today, DEFAULT_RULES).starts_on
    visits = store.repository("home_visit").list(
        since=year_start.isoformat(), until=today.isoformat()
    )
    compliance = caseload_compliance(
        cases=cases.values(),
        as_of=today,
        placements=all_placements,
        people=people,
        home_visits=visits,
    )
    by_child = {c.child_id: c.this_month for c in compliance.children}
    last_seen: dict[str, date] = {}
    for visit in store.repository("home_visit").list(
        since="0001-01-01", until=today.isoformat()
    ):  # however long ago
        if visit.contact_start is None:
            continue
        # the one rule of a visit that saw a child (domain/seen.py), which "This month" reads too
        for child_id in children_seen(visit):
            day = visit.contact_start.date()
            last_seen[child_id] = max(day, last_seen.get(child_id, day))

    def month(child: Person) -> service.ChildMonth:
        found = service._child_month(by_child.get(child.id), last_seen.get(child.id))
        this_month = by_child.get(child.id)
        if (
            child.exit_date is not None
            and child.exit_date < today
            and (this_month is None or not this_month.in_care)
        ):
            found = replace(found, left_care=True)  # the exit stopped the monthly-visit rule
        return found

    rows = [
        service._row(child, cases[child.case_id], placements.get(child.id), month(child), today)
        for child in children
    ]
    rows.sort(key=lambda r: (service._URGENCY[r.status], r.child_name.casefold(), r.child_id))
    return tuple(rows), compliance.headline, compliance.lines


def _visit(rng: random.Random, case_id: str, kids: list[str], on: datetime) -> HomeVisit:
    residence = rng.random() < 0.7
    explained = residence or rng.random() < 0.5
    return HomeVisit(
        id=new_id(),
        case_id=case_id,
        created_by=USER,
        conducted_by=USER,
        contact_start=on,
        contact_end=on + timedelta(hours=1),
        method=ContactMethod.FACE_TO_FACE if rng.random() < 0.85 else ContactMethod.VIDEO,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED if rng.random() < 0.85 else VisitOutcome.NO_SHOW,
        location_type=LocationType.CHILD_RESIDENCE if residence else LocationType.SCHOOL,
        reason_not_in_residence=None
        if explained and residence
        else ("Exams week" if explained else None),
        benefit_not_in_residence=None if residence or not explained else "Saw the teacher too",
        children=tuple(
            ChildSeen(
                child_id=k,
                seen=rng.random() < 0.8,
                seen_privately=rng.random() < 0.7,
                present_danger=False,
            )
            for k in kids
            if rng.random() < 0.9
        ),
    )


def generate(store, *, seed: int = 7, families: int = 14) -> None:
    """Open and closed cases; in care from placements (current, ended, future, back to back) or only
    from the removal date; an in-home case; visits over two fiscal years, some not face to face, not
    completed, elsewhere without a reason, voided, or with no time recorded."""
    rng = random.Random(seed)
    for f in range(families):
        closed = f % 7 == 6
        in_home = f % 5 == 4
        case = Case(
            id=new_id(),
            case_number=f"GEN-{f:03d}",
            county="Synthetic",
            office=rng.choice(["North", "South"]),
            opened_on=date(2024, 9, 1),
            primary_worker_id=USER,
            permanency_goal=PermanencyGoal.REUNIFICATION,
            status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
            case_plan_due=date(2026, 6, 1) + timedelta(days=rng.randrange(-60, 90))
            if rng.random() < 0.8
            else None,
            next_court_hearing=datetime(2026, 6, 3, 9, 30, tzinfo=UTC)
            if rng.random() < 0.6
            else None,
            removal_date=None
            if in_home
            else date(2024, 9, 1) + timedelta(days=rng.randrange(0, 500)),
        )
        store.save(case)
        kids = []
        for c in range(rng.randint(1, 3)):
            child = Person(
                id=new_id(),
                case_id=case.id,
                role=PersonRole.CHILD,
                given_name=rng.choice(["Zar", "Vo", "Quil", "Ta"]) + str(c),
                family_name=f"Gen{f}",
                date_of_birth=date(2012 + c * 3, 1 + f % 12, 3) if rng.random() < 0.9 else None,
            )
            store.save(child)
            kids.append(child.id)
        store.save(
            Person(
                id=new_id(),
                case_id=case.id,
                role=PersonRole.PARENT,
                given_name="Parent",
                family_name=f"Gen{f}",
            )
        )
        for child_id in kids:
            if in_home or rng.random() < 0.15:
                continue  # no placement: in care from the removal date, or not at all
            start = date(2024, 10, 1) + timedelta(days=rng.randrange(0, 640))
            shape = rng.choice(["current", "ended", "moved", "future"])
            first_end = (
                start + timedelta(days=rng.randrange(20, 200))
                if shape in ("ended", "moved")
                else None
            )
            store.save(
                Placement(
                    id=new_id(),
                    case_id=case.id,
                    child_id=child_id,
                    provider_kind=ProviderKind.RESOURCE_FAMILY,
                    provider_name=f"Home {f}-{child_id[-3:]}",
                    placement_type=PlacementType.FOSTER_FAMILY,
                    starts_on=start if shape != "future" else date(2026, 5, 20),
                    ends_on=first_end,
                )
            )
            if shape == "moved":
                store.save(
                    Placement(
                        id=new_id(),
                        case_id=case.id,
                        child_id=child_id,
                        provider_kind=ProviderKind.RELATIVE,
                        provider_name=f"Kin {f}",
                        placement_type=PlacementType.KINSHIP,
                        starts_on=first_end + timedelta(days=1),
                    )
                )
        month = datetime(2025, 9, 1, 14, tzinfo=UTC)
        while month.date() <= date(2026, 10, 1):
            for _ in range(rng.choice([0, 1, 1, 2])):
                visit = _visit(
                    rng,
                    case.id,
                    kids,
                    month + timedelta(days=rng.randrange(0, 28), hours=rng.randrange(0, 5)),
                )
                if rng.random() < 0.05:
                    visit = replace(
                        visit, contact_start=None, contact_end=None
                    )  # a draft with no time yet
                store.save(visit)
                if rng.random() < 0.05:
                    store.command(visit.id, Command.VOID, reason="Entered on the wrong case")
            month = (month + timedelta(days=32)).replace(day=1)
    _edges(store)


def _edges(store) -> None:
    """Visits on the edges of a month and of the fiscal year, recorded in other time zones (the day is
    the local one), and a visit on a closed case naming a child of an open one (it is not a monthly
    visit of the open case, but the child was seen that day)."""
    case = Case(
        id=new_id(),
        case_number="GEN-EDGE",
        county="Synthetic",
        office="North",
        opened_on=date(2025, 1, 1),
        primary_worker_id=USER,
        removal_date=date(2025, 1, 1),
    )
    old_case = replace(case, id=new_id(), case_number="GEN-OLD", status=CaseStatus.CLOSED)
    store.save(case)
    store.save(old_case)
    kids = [
        Person(
            id=new_id(), case_id=case.id, role=PersonRole.CHILD, given_name=name, family_name="Edge"
        )
        for name in ("Ix", "Lo")
    ]
    # a child who left care in June: due until then, "left care" after
    kids.append(
        Person(
            id=new_id(),
            case_id=case.id,
            role=PersonRole.CHILD,
            given_name="Ex",
            family_name="Edge",
            exit_date=date(2026, 6, 15),
            exit_reason=ExitReason.REUNIFICATION,
        )
    )
    for kid in kids:
        store.save(kid)
    east, west = timezone(timedelta(hours=5)), timezone(timedelta(hours=-5))

    def seen(case_id: str, kid: Person, on: datetime) -> HomeVisit:
        return HomeVisit(
            id=new_id(),
            case_id=case_id,
            created_by=USER,
            conducted_by=USER,
            contact_start=on,
            contact_end=on + timedelta(minutes=20),
            method=ContactMethod.FACE_TO_FACE,
            purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
            outcome=VisitOutcome.COMPLETED,
            location_type=LocationType.CHILD_RESIDENCE,
            children=(
                ChildSeen(child_id=kid.id, seen=True, seen_privately=True, present_danger=False),
            ),
        )

    store.save(seen(case.id, kids[0], datetime(2026, 5, 1, 0, 30, tzinfo=east)))  # 30 April in UTC
    store.save(
        seen(case.id, kids[0], datetime(2026, 9, 30, 23, 30, tzinfo=west))
    )  # 1 October in UTC
    store.save(seen(case.id, kids[1], datetime(2026, 10, 1, 0, 15, tzinfo=east)))
    store.save(seen(old_case.id, kids[1], datetime(2026, 5, 20, 10, tzinfo=UTC)))


def test_the_narrow_read_gives_the_rows_of_the_whole_computation(store):
    generate(store)
    covered = set()
    for today in DAYS:
        rows, _headline, _lines = whole_computation(store, today=today)
        assert load_caseload(store, today=today).rows == rows, today
        for row in rows:
            covered |= {
                row.status,
                ("ever seen", row.month.last_seen is not None),
                ("placed", row.placement != ""),
            }
    # the comparison covered every status, children seen and never seen, placed and not
    assert covered == set(service.MonthStatus) | {
        (fact, value) for fact in ("ever seen", "placed") for value in (True, False)
    }


def test_the_summary_is_the_engines_words_over_every_record(store):
    """The caseload's summary line is the engine over every record on the laptop — visits of any
    year, plans, family-time entries and trips, assessments and transition plans with the laptop's
    instruments — not over this fiscal year's visits only (which showed an initial-placement visit
    made before the year as overdue)."""
    from fieldcase.services.instruments import load_instruments

    generate(store)

    def every(kind):
        return store.repository(kind).list()

    for today in DAYS[:2]:
        found = caseload_compliance(
            cases=[c for c in every("case") if c.status is CaseStatus.OPEN],
            as_of=today,
            placements=every("placement"),
            people=every("person"),
            home_visits=every("home_visit"),
            visitation_plans=every("visitation_plan"),
            visitation_entries=every("visitation_entry"),
            trips=every("transport_trip"),
            assessments=every("assessment"),
            transition_plans=every("transition_plan"),
            instruments=load_instruments().instruments,
        )
        summary = load_summary(store, today=today)
        assert (summary.headline, summary.lines, summary.as_of) == (
            found.headline,
            found.lines,
            today,
        )
        assert found.headline and found.lines
