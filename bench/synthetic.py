"""Synthetic caseloads for the benchmarks (every name is made of nonsense syllables; nothing real).

`caseload(...)` builds domain records (cases, people, placements, visitation plans, monthly home
visits, optionally weekly family-visit log entries) for one or more caseworkers; `pull_into(store,
records)` puts them on a laptop store the way a sync does: as pulled pages of 500 changes applied by
`SyncStore.apply_page` (so the store holds synced records, with shadows, and an empty outbox).
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fieldcase.domain.cases import Case, PermanencyGoal
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
from fieldcase.domain.serialization import kind_of, to_dict
from fieldcase.domain.visitation_entries import Attendance, VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status

SYL = [
    "zar",
    "vo",
    "quil",
    "by",
    "mox",
    "ta",
    "bren",
    "ix",
    "lo",
    "pim",
    "dra",
    "kel",
    "nu",
    "fen",
    "ro",
    "sa",
    "tov",
    "ul",
    "wex",
    "ya",
]
WORDS = [
    "child",
    "calm",
    "playful",
    "school",
    "homework",
    "dinner",
    "bedroom",
    "clean",
    "safe",
    "smoke",
    "alarm",
    "garden",
    "dog",
    "therapy",
    "appointment",
    "medication",
    "reading",
    "football",
    "drawing",
    "sibling",
    "grandmother",
    "bus",
    "teacher",
    "report",
    "card",
    "sleeping",
    "eating",
    "laughing",
    "shy",
    "talkative",
    "dentist",
    "counselor",
    "court",
    "bicycle",
    "library",
    "swimming",
    "music",
    "chores",
    "garden",
    "birthday",
]
PAGE = 500


def name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYL) for _ in range(parts)).capitalize()


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(WORDS, k=n)).capitalize() + "."


@dataclass
class Built:
    records: list[Any] = field(default_factory=list)
    children: int = 0
    cases: list[str] = field(default_factory=list)
    #: case id -> its children
    kids: dict[str, list[str]] = field(default_factory=dict)
    #: the worker of each case
    worker_of: dict[str, str] = field(default_factory=dict)


def caseload(
    *,
    workers: Sequence[str],
    children_per_worker: int,
    today: date,
    months: int,
    seed: int = 7,
    note_words: int = 60,
    visits_per_month: int = 1,
    entries_per_month: int = 0,
) -> Built:
    """Cases of 1-3 children for each worker, each child in care (a resource family) for `months`
    months before `today`, with `visits_per_month` home visits a month per case (every child seen,
    in the residence, privately) and `entries_per_month` family-visit log entries per case."""
    rng = random.Random(seed)
    out = Built()
    for worker in workers:
        made = 0
        while made < children_per_worker:
            n_kids = min(rng.choice((1, 2, 2, 3)), children_per_worker - made)
            made += n_kids
            removal = today - timedelta(days=int(months * 30.5) + rng.randint(0, 20))
            family = name(rng, 3)
            case = Case(
                id=new_id(),
                case_number=f"SYN-{rng.randint(100000, 999999)}",
                county="Synthetic County",
                office="Nowhere Office",
                opened_on=removal,
                removal_date=removal,
                primary_worker_id=worker,
                permanency_goal=rng.choice(list(PermanencyGoal)[:3]),
                case_plan_due=today + timedelta(days=rng.randint(-20, 120)),
                last_case_plan_review=today - timedelta(days=rng.randint(10, 150)),
                next_court_hearing=datetime.combine(
                    today + timedelta(days=rng.randint(1, 90)), datetime.min.time(), UTC
                )
                + timedelta(hours=9),
            )
            parent = Person(
                id=new_id(),
                case_id=case.id,
                role=PersonRole.PARENT,
                given_name=name(rng),
                family_name=family,
            )
            resource = Person(
                id=new_id(),
                case_id=case.id,
                role=PersonRole.RESOURCE_PARENT,
                given_name=name(rng),
                family_name=name(rng, 3),
                address=f"{rng.randint(1, 999)} Imaginary Lane, Nowhereville",
            )
            kids = [
                Person(
                    id=new_id(),
                    case_id=case.id,
                    role=PersonRole.CHILD,
                    given_name=name(rng),
                    family_name=family,
                    date_of_birth=today - timedelta(days=rng.randint(365, 17 * 365)),
                )
                for _ in range(n_kids)
            ]
            placements = [
                Placement(
                    id=new_id(),
                    case_id=case.id,
                    child_id=k.id,
                    provider_kind=ProviderKind.RESOURCE_FAMILY,
                    provider_name=f"The {resource.family_name} family",
                    address=resource.address,
                    placement_type=PlacementType.FOSTER_FAMILY,
                    starts_on=removal,
                )
                for k in kids
            ]
            plan = VisitationPlan(
                id=new_id(),
                case_id=case.id,
                participants=(parent.id, *(k.id for k in kids)),
                frequency=VisitFrequency.WEEKLY,
                duration_minutes=90,
                supervision_level=SupervisionLevel.SUPERVISED,
                effective_from=removal,
            )
            out.records += [case, parent, resource, *kids, *placements, plan]
            out.cases.append(case.id)
            out.kids[case.id] = [k.id for k in kids]
            out.worker_of[case.id] = worker
            out.children += n_kids
            for m in range(months):
                month_start = removal + timedelta(days=int(m * 30.5))
                for _visit in range(visits_per_month):
                    start = datetime.combine(
                        month_start + timedelta(days=rng.randint(0, 27)), datetime.min.time(), UTC
                    ) + timedelta(hours=rng.randint(9, 16))
                    if start.date() >= today:
                        continue
                    out.records.append(
                        HomeVisit(
                            id=new_id(),
                            case_id=case.id,
                            status=Status.APPROVED,
                            created_by=worker,
                            conducted_by=worker,
                            recorded_by=worker,
                            recorded_at=start + timedelta(hours=3),
                            contact_start=start,
                            contact_end=start + timedelta(hours=1),
                            method=ContactMethod.FACE_TO_FACE,
                            purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
                            outcome=VisitOutcome.COMPLETED,
                            location_type=LocationType.CHILD_RESIDENCE,
                            placement_id=placements[0].id,
                            children=tuple(
                                ChildSeen(
                                    child_id=k.id,
                                    seen=True,
                                    seen_privately=True,
                                    present_danger=False,
                                    topics=frozenset({Topic.SAFETY, Topic.PERMANENCY}),
                                    well_being_notes=words(rng, 12),
                                )
                                for k in kids
                            ),
                            observations=words(rng, note_words),
                            home_conditions=words(rng, 15),
                        )
                    )
                for e in range(entries_per_month):
                    start = datetime.combine(
                        month_start + timedelta(days=7 * e + rng.randint(0, 3)),
                        datetime.min.time(),
                        UTC,
                    ) + timedelta(hours=15)
                    if start.date() >= today:
                        continue
                    out.records.append(
                        VisitationEntry(
                            id=new_id(),
                            case_id=case.id,
                            status=Status.APPROVED,
                            created_by=worker,
                            plan_id=plan.id,
                            child_ids=tuple(k.id for k in kids),
                            scheduled_start=start,
                            scheduled_end=start + timedelta(minutes=90),
                            actual_location="Family room, Nowhere Office",
                            supervision_level=SupervisionLevel.SUPERVISED,
                            supervised_by="Agency aide",
                            attendance=(
                                Attendance(person_id=parent.id),
                                *(Attendance(person_id=k.id) for k in kids),
                            ),
                            outcome=VisitationOutcome.OCCURRED,
                            activities=words(rng, note_words // 2),
                            strengths=words(rng, 15),
                        )
                    )
    return out


def change(item: Any, seq: int, *, rev: int = 1, meta: dict | None = None) -> dict[str, Any]:
    body = to_dict(item)
    kind = kind_of(item)
    status = body.get("status") or "active"
    body["rev"] = rev
    created_by = getattr(item, "created_by", None) or getattr(item, "primary_worker_id", None)
    return {
        "seq": seq,
        "record_kind": kind,
        "record_id": item.id,
        "case_id": item.id if kind == "case" else item.case_id,
        "rev": rev,
        "status": status,
        "body": body,
        "meta": {"created_by": created_by, **(meta or {})},
        "conflicts": [],
        "addenda": [],
    }


def pull_into(
    store: Any,
    items: Iterable[Any],
    *,
    start_seq: int = 0,
    epoch: str = "bench-epoch",
    metas: dict[str, dict] | None = None,
) -> int:
    """Apply the records as pulled pages of 500 (one transaction per page, like a sync). Returns the last seq."""
    from fieldcase.store.sync_apply import SyncStore

    sync = SyncStore(store)
    seq = start_seq
    batch: list[dict[str, Any]] = []
    items = list(items)
    now = datetime.now(UTC).isoformat()

    def flush(last: bool) -> None:
        sync.apply_page(
            {
                "epoch": epoch,
                "changes": batch,
                "scope_events": [],
                "next_cursor": f"c{seq}",
                "has_more": not last,
                "server_time": now,
            }
        )
        batch.clear()

    for item in items:
        seq += 1
        rev = 2 if getattr(item, "status", None) in (Status.SUBMITTED, Status.APPROVED) else 1
        batch.append(
            change(
                dataclasses.replace(item, rev=rev) if hasattr(item, "rev") else item,
                seq,
                rev=rev,
                meta=(metas or {}).get(item.id),
            )
        )
        if len(batch) == PAGE:
            flush(False)
    if batch:
        flush(True)
    return seq
