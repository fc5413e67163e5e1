"""The compliance screens read `Store.compliance_facts()` (only the fields the rules use) instead of
whole records. These tests check they show exactly what they showed when they loaded every record:
the team dashboard as it was written then is kept here (and only here) as the reference, and run
against the new one on generated teams — several caseworkers, open and closed cases, placements
that end, overlap or never started, visits of every method, outcome, place and status, late notes,
family time, odometer readings, entries pulled from the server (with their `meta`) and entries
submitted or returned on this laptop."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from fieldcase.domain import kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.cases import Case, CaseStatus
from fieldcase.domain.compliance import MonthState, team_compliance
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitOutcome,
)
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.serialization import to_dict
from fieldcase.domain.transport_trips import Passenger, PassengerKind, TransportTrip, VehicleKind
from fieldcase.domain.visitation_entries import VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status
from fieldcase.services import compliance
from fieldcase.services.compliance import TeamDashboard, WorkerRow, _child_row
from fieldcase.services.team import Workload, _time, team_labels, team_visit_figures
from fieldcase.store.compliance_facts import ComplianceFacts, InReview
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore

TODAY = date(2026, 5, 25)
NOW = datetime(2026, 5, 25, 12, 0, tzinfo=UTC)
WORKERS = ("worker-1", "worker-2", "worker-3")


# --- The reference: services/compliance.py's team dashboard when it loaded whole records ----------


def _ref_load(store: Store) -> dict:
    return dict(
        cases=[c for c in store.repository("case").list() if c.status is CaseStatus.OPEN],
        people=store.repository("person").list(),
        placements=store.repository("placement").list(),
        home_visits=store.repository("home_visit").list(),
        plans=store.repository("visitation_plan").list(),
        entries=store.repository("visitation_entry").list(),
        trips=store.repository("transport_trip").list(),
    )


def _ref_review_workload(store: Store, *, now: datetime) -> dict[str, Workload]:
    waiting: dict[str, list[tuple[int, str]]] = defaultdict(list)
    returned: dict[str, list[str]] = defaultdict(list)
    listed = [
        (status, stored)
        for kind in kinds.WORKFLOW_KINDS
        for status in (Status.SUBMITTED, Status.RETURNED)
        for stored in store.list(kind=kind, status=status.value)
    ]
    shadows = SyncStore(store).shadow_changes(stored.id for _status, stored in listed)
    for status, stored in listed:
        meta = (shadows.get(stored.id) or {}).get("meta") or {}
        author = meta.get("created_by") or stored.body.get("created_by")
        if not author:
            continue
        if status is Status.RETURNED:
            returned[author].append(stored.id)
            continue
        since = _time(meta.get("submitted_at")) or _time(stored.updated_at)
        hours = max(0, int((now - since).total_seconds() // 3600)) if since else 0
        waiting[author].append((hours, stored.id))
    found = {}
    for worker in set(waiting) | set(returned):
        ages = sorted(waiting.get(worker, []), reverse=True)
        found[worker] = Workload(
            worker_id=worker,
            waiting=len(ages),
            oldest_waiting_hours=ages[0][0] if ages else None,
            returned=len(returned.get(worker, [])),
            waiting_ids=tuple(i for _, i in ages),
            returned_ids=tuple(sorted(returned.get(worker, []))),
        )
    return found


def _ref_per_child_reviews(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    waiting: dict[str, int] = defaultdict(int)
    returned: dict[str, int] = defaultdict(int)
    for kind in kinds.WORKFLOW_KINDS:
        for status, bucket in ((Status.SUBMITTED, waiting), (Status.RETURNED, returned)):
            for stored in store.list(kind=kind, status=status.value):
                for child in set(record_facts.children_of(stored.to_domain())):
                    bucket[child] += 1
    return waiting, returned


def _ref_team_dashboard(store: Store, *, today: date, now: datetime, names=None) -> TeamDashboard:
    data = _ref_load(store)
    team = team_compliance(
        cases=data["cases"],
        as_of=today,
        placements=data["placements"],
        people=data["people"],
        home_visits=data["home_visits"],
        visitation_plans=data["plans"],
        visitation_entries=data["entries"],
        trips=data["trips"],
    )
    labels = team_labels(store, names=names)
    workload = _ref_review_workload(store, now=now)
    child_names = {p.id: p.display_name for p in data["people"]}
    numbers = {c.id: c.case_number for c in data["cases"]}
    waiting_by_child, returned_by_child = _ref_per_child_reviews(store)
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
        # the federal figures counted from whole records (every case, open or closed)
        visit_figures=team_visit_figures(
            _whole_records(store), today=today, labels=labels, rules=DEFAULT_RULES
        ),
    )


def _whole_records(store: Store, *_today_and_rules: object) -> ComplianceFacts:
    """What `compliance._load` gave before the narrow read: whole records (the summary and the
    drill-down do not use the entries in review)."""
    data = _ref_load(store)
    return ComplianceFacts(
        cases=store.repository("case").list(),
        people=data["people"],
        placements=data["placements"],
        visitation_plans=data["plans"],
        home_visits=data["home_visits"],
        visitation_entries=data["entries"],
        trips=data["trips"],
        case_plans=tuple(store.repository("case_plan").list()),
        in_review=(),
        collateral_contacts=tuple(store.repository("collateral_contact").list()),
    )


# --- A generated team --------------------------------------------------------------------------


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _moment(rng: random.Random, day: date) -> datetime:
    zone = rng.choice(
        (
            UTC,
            timezone(timedelta(hours=-5)),
            timezone(timedelta(hours=-6)),
            timezone(timedelta(hours=9)),
        )
    )
    return datetime(
        day.year, day.month, day.day, rng.randint(0, 23), rng.choice((0, 15, 30)), tzinfo=zone
    )


def _maybe(rng: random.Random, value, chance: float = 0.5):
    return value if rng.random() < chance else None


class Pull:
    """Changes as the server sends them, applied like a sync (the store keeps shadows with `meta`)."""

    def __init__(self, store: Store) -> None:
        self.sync, self.seq, self.changes = SyncStore(store), 0, []

    def add(self, item, kind: str, meta: dict) -> None:
        self.seq += 1
        body = to_dict(item)
        self.changes.append(
            {
                "seq": self.seq,
                "record_kind": kind,
                "record_id": item.id,
                "case_id": item.id if kind == "case" else item.case_id,
                "rev": max(1, body.get("rev") or 0),
                "status": body.get("status") or "active",
                "body": body,
                "meta": meta,
                "conflicts": [],
                "addenda": [],
            }
        )

    def apply(self) -> None:
        if self.changes:
            self.sync.apply_page(
                {
                    "epoch": "e1",
                    "changes": self.changes,
                    "scope_events": [],
                    "next_cursor": f"c{self.seq}",
                    "has_more": False,
                    "server_time": NOW.isoformat(),
                }
            )
        self.changes = []


def generated_team(store: Store, seed: int) -> list[str]:
    """Records of a made-up team on the store; returns every child's id."""
    rng = random.Random(seed)
    pull = Pull(store)
    local: list[tuple[object, str]] = []  # saved on this laptop; then maybe submitted or returned
    children: list[str] = []
    statuses = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED, Status.RETURNED, Status.VOIDED)
    far, soon = TODAY - timedelta(days=900), TODAY + timedelta(days=20)

    def put(item, kind: str) -> None:
        status = getattr(item, "status", None)
        if status is Status.DRAFT and rng.random() < 0.4:
            local.append((item, rng.choice(("keep", "submit", "return"))))
            return
        meta = {}
        if rng.random() < 0.8:
            meta["created_by"] = rng.choice((*WORKERS, "covering-9"))
        if status is Status.SUBMITTED and rng.random() < 0.7:
            meta["submitted_at"] = (NOW - timedelta(hours=rng.randint(0, 400))).isoformat()
        item = dataclasses.replace(item, rev=1) if hasattr(item, "rev") else item
        pull.add(item, kind, meta)

    for n in range(rng.randint(4, 9)):
        removal = _maybe(rng, _day(rng, far, TODAY), 0.85)
        case = Case(
            id=f"case-{seed}-{n}",
            case_number=f"SYN-{seed}-{n}",
            primary_worker_id=rng.choice((*WORKERS, None)) if rng.random() < 0.9 else None,
            status=CaseStatus.CLOSED if rng.random() < 0.1 else CaseStatus.OPEN,
            removal_date=removal,
            referral_date=_maybe(rng, _day(rng, far, TODAY), 0.2),
            case_plan_due=_maybe(rng, _day(rng, far, soon), 0.4),
            last_case_plan_review=_maybe(rng, _day(rng, far, TODAY), 0.4),
            family_support_team_meetings=tuple(
                sorted(_day(rng, far, TODAY) for _ in range(rng.randint(0, 3)))
            ),
        )
        put(case, "case")
        kids = []
        for k in range(rng.randint(1, 3)):
            child = Person(
                id=f"child-{seed}-{n}-{k}",
                case_id=case.id,
                role=PersonRole.CHILD,
                given_name=rng.choice(("Zar", "Vo", "quil", "Ix")),
                family_name=rng.choice(("Moxby", "Tabren", "")),
            )
            put(child, "person")
            kids.append(child.id)
        put(
            Person(
                id=f"parent-{seed}-{n}",
                case_id=case.id,
                role=PersonRole.PARENT,
                given_name="Lo",
                family_name="Pim",
            ),
            "person",
        )
        if rng.random() < 0.2:  # a child known only from a placement
            kids.append(f"placed-{seed}-{n}")
        children += kids
        placements = []
        for child_id in kids:
            for p in range(rng.choice((0, 1, 1, 2))):
                starts = _maybe(rng, _day(rng, far, soon), 0.95)
                ends = _maybe(rng, _day(rng, far, soon), 0.4)
                placement = Placement(
                    id=f"pl-{seed}-{n}-{child_id}-{p}",
                    case_id=case.id,
                    child_id=child_id,
                    provider_name="Dra family",
                    starts_on=starts,
                    ends_on=ends,
                )
                put(placement, "placement")
                placements.append(placement.id)
        for v in range(rng.randint(0, 30)):
            day = _day(rng, far, soon)
            start = _moment(rng, day)
            end = _maybe(rng, start + timedelta(minutes=rng.randint(10, 180)), 0.9)
            elsewhere = rng.random() < 0.3
            visit = HomeVisit(
                id=f"hv-{seed}-{n}-{v}",
                case_id=case.id,
                status=rng.choice(statuses),
                created_by=_maybe(rng, rng.choice(WORKERS), 0.8),
                contact_start=_maybe(rng, start, 0.95),
                contact_end=end,
                recorded_at=_maybe(rng, (end or start) + timedelta(hours=rng.randint(0, 96)), 0.8),
                method=rng.choice((*ContactMethod, None))
                if rng.random() < 0.5
                else ContactMethod.FACE_TO_FACE,
                outcome=rng.choice((*VisitOutcome, None))
                if rng.random() < 0.3
                else VisitOutcome.COMPLETED,
                location_type=rng.choice((*LocationType, None))
                if elsewhere
                else LocationType.CHILD_RESIDENCE,
                reason_not_in_residence=rng.choice((None, "", "  ", "Exams week"))
                if elsewhere
                else None,
                benefit_not_in_residence=rng.choice((None, "", "Saw the teacher"))
                if elsewhere
                else None,
                placement_id=rng.choice((None, *placements)) if placements else None,
                children=tuple(
                    ChildSeen(
                        child_id=k,
                        seen=rng.choice((True, True, False, None)),
                        seen_privately=rng.choice((True, False, None)),
                    )
                    for k in kids
                    if rng.random() < 0.8
                )
                + ((ChildSeen(child_id=kids[0], seen=True),) if rng.random() < 0.05 else ()),
                observations="Homework and chores discussed." * rng.randint(0, 3),
            )
            put(visit, "home_visit")
        for p in range(rng.choice((0, 1, 1, 2))):
            plan_from = _maybe(rng, _day(rng, far, soon), 0.9)
            plan = VisitationPlan(
                id=f"vp-{seed}-{n}-{p}",
                case_id=case.id,
                participants=tuple(kids),
                frequency=rng.choice((*VisitFrequency, None)),
                effective_from=plan_from,
                effective_until=_maybe(rng, _day(rng, plan_from or far, soon), 0.3),
            )
            put(plan, "visitation_plan")
            for e in range(rng.randint(0, 12)):
                entry = VisitationEntry(
                    id=f"ve-{seed}-{n}-{p}-{e}",
                    case_id=case.id,
                    plan_id=rng.choice((plan.id, plan.id, None)),
                    status=rng.choice(statuses),
                    created_by=_maybe(rng, rng.choice(WORKERS), 0.8),
                    child_ids=tuple(rng.sample(kids, rng.randint(0, len(kids)))),
                    scheduled_start=_maybe(rng, _moment(rng, _day(rng, far, soon)), 0.9),
                    outcome=rng.choice((*VisitationOutcome, None)),
                )
                put(entry, "visitation_entry")
        for t in range(rng.randint(0, 6)):
            start_miles = Decimal(rng.randint(1000, 1400)) + Decimal(rng.randint(0, 99)) / 100
            trip = TransportTrip(
                id=f"tt-{seed}-{n}-{t}",
                case_id=case.id,
                status=rng.choice(statuses),
                created_by=_maybe(rng, rng.choice(WORKERS), 0.8),
                driver_id=rng.choice((*WORKERS, None)),
                trip_date=_maybe(rng, _day(rng, far, TODAY), 0.9),
                vehicle_kind=rng.choice((*VehicleKind, None)),
                plate=rng.choice((None, "", "abc 123", "ABC123", "XYZ 9")),
                odometer_start=_maybe(rng, start_miles, 0.9),
                odometer_end=_maybe(rng, start_miles + rng.randint(-5, 80), 0.9),
                passengers=tuple(
                    Passenger(person_id=k, kind=rng.choice(tuple(PassengerKind)))
                    for k in kids
                    if rng.random() < 0.6
                ),
            )
            put(trip, "transport_trip")
    pull.apply()
    for item, then in local:
        store.save(item)
        if then in ("submit", "return"):
            store.command(item.id, "submit")
        if then == "return":
            store.command(item.id, "return", reason="Say who else was present.")
    return children


SEEDS = range(6)


@pytest.mark.parametrize("seed", SEEDS)
def test_team_dashboard_is_what_loading_whole_records_showed(store, seed):
    generated_team(store, seed)
    names = {"worker-2": "Robin Vale"}
    for today in (TODAY, date(2026, 10, 1), date(2025, 12, 31)):
        now = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=9)

        board = compliance.team_dashboard(store, today=today, now=now, names=names)

        assert board == _ref_team_dashboard(store, today=today, now=now, names=names)
    assert board.workers and board.children  # the generated team is not empty


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_caseload_summary_and_drill_down_are_what_loading_whole_records_showed(
    store, seed, monkeypatch
):
    children = generated_team(store, seed)

    summary = compliance.caseload_summary(store, today=TODAY)
    drill = [compliance.child_drill_down(store, child_id=c, today=TODAY) for c in children]
    monkeypatch.setattr(compliance, "_load", _whole_records)

    assert summary == compliance.caseload_summary(store, today=TODAY)
    assert drill == [compliance.child_drill_down(store, child_id=c, today=TODAY) for c in children]


def test_entries_in_review_are_read_with_their_author_age_and_children(store):
    generated_team(store, 1)
    facts = store.compliance_facts()

    in_review = {e.id: e for e in facts.in_review}

    listed = [
        s
        for kind in kinds.WORKFLOW_KINDS
        for status in ("submitted", "returned")
        for s in store.list(kind=kind, status=status)
    ]
    assert set(in_review) == {s.id for s in listed} and listed
    shadows = SyncStore(store).shadow_changes(in_review)
    for stored in listed:
        meta = (shadows.get(stored.id) or {}).get("meta") or {}
        assert in_review[stored.id] == InReview(
            id=stored.id,
            kind=stored.kind,
            status=stored.status,
            author=meta.get("created_by") or stored.body.get("created_by"),
            submitted_at=meta.get("submitted_at"),
            updated_at=stored.updated_at,
            child_ids=record_facts.children_of(stored.to_domain()),
        )
