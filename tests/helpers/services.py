"""Synthetic caseloads for service and GUI tests (every name made up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency
from helpers.store import USER

TODAY = date(
    2026, 5, 12
)  # the FakeClock's day (1_780_000_000 s = 2026-05-28); tests pass `today` explicitly
SYLLABLES = ["zar", "vo", "quil", "by", "mox", "ta", "bren", "ix", "lo", "pim"]


@dataclass(frozen=True)
class Family:
    case_id: str
    child_ids: tuple[str, ...]
    parent_id: str
    resource_parent_id: str
    placement_id: str
    plan_id: str


def _name(i: int, parts: int = 2) -> str:
    return "".join(SYLLABLES[(i * 7 + k * 3) % len(SYLLABLES)] for k in range(parts)).capitalize()


def seed_caseload(
    store,
    *,
    families: int = 1,
    children_per_family: int = 2,
    visits_per_child: int = 0,
    today: date = TODAY,
) -> list[Family]:
    made = []
    for f in range(families):
        case = Case(
            id=new_id(),
            case_number=f"DEMO-{1000 + f}",
            county="Synthetic",
            office="North",
            opened_on=date(2025, 1, 10),
            primary_worker_id=USER,
            permanency_goal=PermanencyGoal.REUNIFICATION,
            case_plan_due=date(2026, 6, 1 + f % 28),
            next_court_hearing=datetime(2026, 6, 3, 9, 30, tzinfo=UTC),
            removal_date=date(2025, 1, 9),
        )
        store.save(case)
        parent = Person(
            id=new_id(),
            case_id=case.id,
            role=PersonRole.PARENT,
            given_name=_name(f + 1),
            family_name=_name(f, 3),
        )
        rp = Person(
            id=new_id(),
            case_id=case.id,
            role=PersonRole.RESOURCE_PARENT,
            given_name=_name(f + 2),
            family_name=_name(f + 3),
            address="12 Invented Lane, Nowhere",
        )
        store.save(parent)
        store.save(rp)
        kids = []
        for c in range(children_per_family):
            child = Person(
                id=new_id(),
                case_id=case.id,
                role=PersonRole.CHILD,
                given_name=_name(f * 3 + c + 5),
                family_name=_name(f, 3),
                date_of_birth=date(2016 + c * 3, 3, 4),
            )
            store.save(child)
            kids.append(child.id)
        placement = None
        for child_id in kids:
            placement = Placement(
                id=new_id(),
                case_id=case.id,
                child_id=child_id,
                provider_kind=ProviderKind.RESOURCE_FAMILY,
                provider_name=f"{_name(f + 3)} family",
                address="12 Invented Lane, Nowhere",
                placement_type=PlacementType.FOSTER_FAMILY,
                starts_on=date(2025, 1, 10),
            )
            store.save(placement)
        plan = VisitationPlan(
            id=new_id(),
            case_id=case.id,
            participants=(parent.id, *kids),
            frequency=VisitFrequency.WEEKLY,
            duration_minutes=90,
            supervision_level=SupervisionLevel.SUPERVISED,
            supervisor="Agency aide",
            location_preference="Family room, North office",
            effective_from=date(2025, 2, 1),
        )
        store.save(plan)
        for v in range(visits_per_child):
            month = 1 + v % 12
            start = datetime(2025 + v // 12, month, 5, 15, 0, tzinfo=UTC)
            store.save(
                HomeVisit(
                    id=new_id(),
                    case_id=case.id,
                    created_by=USER,
                    conducted_by=USER,
                    contact_start=start,
                    contact_end=start.replace(hour=16),
                    method=ContactMethod.FACE_TO_FACE,
                    purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
                    outcome=VisitOutcome.COMPLETED,
                    location_type=LocationType.CHILD_RESIDENCE,
                    children=tuple(
                        ChildSeen(child_id=k, seen=True, seen_privately=True, present_danger=False)
                        for k in kids
                    ),
                    observations=f"Routine month {v}: homework and chores discussed.",
                )
            )
        made.append(Family(case.id, tuple(kids), parent.id, rp.id, placement.id, plan.id))
    return made


def seen_visit(
    case_id: str, child_ids, *, on: datetime, residence: bool = True, privately: bool = True
) -> HomeVisit:
    return HomeVisit(
        id=new_id(),
        case_id=case_id,
        created_by=USER,
        conducted_by=USER,
        contact_start=on,
        contact_end=on.replace(hour=on.hour + 1),
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED,
        location_type=LocationType.CHILD_RESIDENCE if residence else LocationType.SCHOOL,
        reason_not_in_residence=None if residence else "Exams week",
        benefit_not_in_residence=None if residence else "Saw the teacher too",
        children=tuple(
            ChildSeen(child_id=k, seen=True, seen_privately=privately, present_danger=False)
            for k in child_ids
        ),
        observations="Synthetic note: routines and school discussed.",
    )
