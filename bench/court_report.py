"""How long the court report takes for a child with five years of records (issue 20: composing and
rendering under 1 s): a real encrypted store holding the case's monthly caseworker visits, weekly
family visits and their trips, placements, a hearing and a case plan version every six months, all
approved; then the
sections composed from the store (services/court_reports.compose_for_hearing: the store's reads and
the domain's composition) and the court copy rendered. Prints the record count, the load average
and the best of N runs; asserts nothing.

    .venv/bin/python bench/court_report.py [--years 5] [--runs 5]

Two reports are measured for the next hearing: as the app composes it (its period runs from the last
hearing, six months back), and as if no earlier hearing were recorded, so that its period is the
whole five years (the worst case: every record of the child read, composed and printed).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from fieldcase.domain.case_plans import CasePlan, PlanService, Progress, ProgressNote
from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.court_report_composition import compose_court_report
from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    Topic,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.transport_trips import TransportTrip, TripPurpose, VehicleKind
from fieldcase.domain.visitation_entries import Attendance, VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status
from fieldcase.reports import CourtReportDocument, Profile, render_court_report
from fieldcase.reports import specimen as s
from fieldcase.security.keyfile import KdfParams
from fieldcase.services.court_reports import case_plan_of, compose_for_hearing, with_sections
from fieldcase.store.store import Store

PASSPHRASE = "copper kettle whistles loudly at dawn"
USER = "u-bench-worker"
ADDRESS = "1 Invented Bench Road, Nowhere"


def build(data: Path, years: int, today: date) -> tuple[Store, str, str, int]:
    store = Store.create(
        data, PASSPHRASE, device_id="bench-device", user_id=USER, kdf=KdfParams.floor()
    )
    start = today - timedelta(days=365 * years)
    case = Case(
        id=new_id(),
        case_number="BENCH-0001",
        county="Synthetic",
        office="North",
        opened_on=start,
        primary_worker_id=USER,
        permanency_goal=PermanencyGoal.REUNIFICATION,
        removal_date=start,
        custody_date=start,
    )
    child = Person(
        id=new_id(),
        case_id=case.id,
        role=PersonRole.CHILD,
        given_name="Bench",
        family_name="Child",
        date_of_birth=date(2012, 3, 4),
    )
    parent = Person(
        id=new_id(),
        case_id=case.id,
        role=PersonRole.PARENT,
        given_name="Bench",
        family_name="Parent",
    )
    keeper = Person(
        id=new_id(),
        case_id=case.id,
        role=PersonRole.RESOURCE_PARENT,
        given_name="Bench",
        family_name="Keeper",
        address=ADDRESS,
    )
    records: list = [case, child, parent, keeper]
    moves = [start + timedelta(days=d) for d in (0, 400, 1100)]  # three homes over the years
    for i, begun in enumerate(moves):
        ends = moves[i + 1] - timedelta(days=1) if i + 1 < len(moves) else None
        records.append(
            Placement(
                id=new_id(),
                case_id=case.id,
                child_id=child.id,
                provider_kind=ProviderKind.RESOURCE_FAMILY,
                provider_name=f"Bench home {i + 1}",
                address=ADDRESS,
                placement_type=PlacementType.FOSTER_FAMILY,
                starts_on=begun,
                ends_on=ends,
                reason_for_change="Moved closer to the parent" if i else None,
            )
        )
    plan = VisitationPlan(
        id=new_id(),
        case_id=case.id,
        participants=(parent.id, child.id),
        frequency=VisitFrequency.WEEKLY,
        supervision_level=SupervisionLevel.SUPERVISED,
        effective_from=start + timedelta(days=14),
    )
    records.append(plan)
    hearings = []
    day = start + timedelta(days=30)
    while day < today:
        hearings.append(
            Hearing(
                id=new_id(),
                case_id=case.id,
                scheduled_at=datetime.combine(day, datetime.min.time(), UTC).replace(hour=9),
                court="Synthetic County Juvenile Court",
                hearing_type=HearingType.REVIEW,
                outcome="Review held.",
            )
        )
        day += timedelta(days=182)
    coming = Hearing(
        id=new_id(),
        case_id=case.id,
        scheduled_at=datetime.combine(today + timedelta(days=10), datetime.min.time(), UTC),
        court="Synthetic County Juvenile Court",
        hearing_type=HearingType.PERMANENCY,
    )
    records += [*hearings, coming]
    for version in range(
        1, 2 * years + 1
    ):  # the plan and its 6-month reviews, every version approved
        records.append(
            CasePlan(
                id=new_id(),
                case_id=case.id,
                status=Status.APPROVED,
                version=version,
                plan_date=start + timedelta(days=30 + 182 * (version - 1)),
                child_ids=(child.id,),
                permanency_goal=PermanencyGoal.REUNIFICATION,
                services=tuple(
                    PlanService(
                        description=f"Service {n}",
                        provider="Synthetic provider",
                        responsible=parent.id,
                    )
                    for n in range(6)
                ),
                progress=tuple(
                    ProgressNote(
                        item=f"Service {n}",
                        progress=Progress.SOME_PROGRESS,
                        notes=s.words(12, seed=n),
                    )
                    for n in range(6)
                ),
            )
        )
    approved = {"status": Status.APPROVED, "created_by": USER, "approved_by": "u-bench-super"}
    day = start + timedelta(days=3)
    while day < today:  # the monthly caseworker visit
        at = datetime.combine(day, datetime.min.time(), UTC).replace(hour=15)
        records.append(
            HomeVisit(
                id=new_id(),
                case_id=case.id,
                **approved,
                conducted_by=USER,
                contact_start=at,
                contact_end=at + timedelta(hours=1),
                method=ContactMethod.FACE_TO_FACE,
                purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
                outcome=VisitOutcome.COMPLETED,
                location_type=LocationType.CHILD_RESIDENCE,
                observations=s.words(80, seed=day.toordinal()),
                children=(
                    ChildSeen(
                        child_id=child.id,
                        seen=True,
                        seen_privately=True,
                        present_danger=False,
                        topics=frozenset({Topic.HEALTH, Topic.EDUCATION}),
                        well_being_notes=s.words(30, seed=day.day),
                    ),
                ),
            )
        )
        day += timedelta(days=30)
    day = plan.effective_from
    while day < today:  # weekly family time, and the trip to it
        at = datetime.combine(day, datetime.min.time(), UTC).replace(hour=17)
        outcome = (
            VisitationOutcome.CANCELLED_BY_FAMILY
            if day.toordinal() % 9 == 0
            else VisitationOutcome.OCCURRED
        )
        entry = VisitationEntry(
            id=new_id(),
            case_id=case.id,
            **approved,
            plan_id=plan.id,
            child_ids=(child.id,),
            scheduled_start=at,
            scheduled_end=at + timedelta(hours=2),
            supervision_level=SupervisionLevel.SUPERVISED,
            outcome=outcome,
            attendance=(
                Attendance(person_id=parent.id, arrived_at=at, departed_at=at + timedelta(hours=2)),
            ),
            activities=s.words(40, seed=day.toordinal()),
        )
        records.append(entry)
        records.append(
            TransportTrip(
                id=new_id(),
                case_id=case.id,
                **approved,
                driver_id=USER,
                trip_date=day,
                vehicle_kind=VehicleKind.PERSONAL,
                odometer_start=Decimal(1000),
                odometer_end=Decimal(1024),
                purpose=TripPurpose.FAMILY_VISIT,
                linked_record_id=entry.id,
            )
        )
        day += timedelta(days=7)
    for record in records:
        store.save(record)
    return store, coming.id, len(records)


def compose_whole_stay(store: Store, *, hearing_id: str, today: date):
    """`compose_for_hearing` as if the case had no earlier hearing: every approved record of the stay."""
    hearing = store.repository("hearing").get(hearing_id)
    case_id = hearing.case_id
    approved = {"case_id": case_id, "status": Status.APPROVED.value, "until": today.isoformat()}
    return compose_court_report(
        hearing,
        today=today,
        case=store.repository("case").get(case_id),
        hearings=(hearing,),
        people=store.repository("person").list(case_id=case_id),
        placements=store.repository("placement").list(case_id=case_id),
        plans=store.repository("visitation_plan").list(case_id=case_id),
        home_visits=store.repository("home_visit").list(**approved),
        visitation_entries=store.repository("visitation_entry").list(**approved),
        case_plan=case_plan_of(store, case_id),
    )


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from loadavg import report_load  # bench/ is on sys.path when a bench is run as a script

    report_load()
    today = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store, coming, count = build(Path(tmp) / "data", args.years, today)
        print(
            f"store: {count} records of one child's case over {args.years} years (built in {time.perf_counter() - started:.1f} s)"
        )
        ctx = s.context(profile=Profile.COURT)
        now = datetime.now(UTC)
        try:
            for label, compose in (
                ("next hearing (period since the last hearing)", compose_for_hearing),
                (
                    f"next hearing, no earlier one recorded (period: all {args.years} years)",
                    compose_whole_stay,
                ),
            ):
                hearing_id = coming

                def compose_and_render(compose=compose, hearing_id: str = hearing_id):
                    composition = compose(store, hearing_id=hearing_id, today=today)
                    report = with_sections(
                        CourtReport(
                            id="bench",
                            case_id="bench-case",
                            hearing_id=hearing_id,
                            assessment=s.words(200),
                            recommendations=s.words(60),
                        ),
                        composition,
                        now=now,
                        hearing_on=None,
                    )
                    return composition, render_court_report(
                        CourtReportDocument(report=report, restricted_addresses=(ADDRESS,)), ctx
                    )

                compose_and_render()  # warm up: imports, fonts
                compose_s, composition = best_of(
                    args.runs, lambda c=compose, h=hearing_id: c(store, hearing_id=h, today=today)
                )
                total_s, (composition, document) = best_of(args.runs, compose_and_render)
                sections = composition.sections
                print(
                    f"{label}: {composition.period_start} .. {composition.period_end}, "
                    f"{sections.records_read} approved records read, {document.pages} pages"
                )
                print(
                    f"  compose {compose_s * 1000:.0f} ms; compose + render {total_s * 1000:.0f} ms "
                    f"(best of {args.runs}; target under 1000 ms: {'met' if total_s < 1 else 'NOT met'})"
                )
        finally:
            store.lock()


if __name__ == "__main__":
    main()
