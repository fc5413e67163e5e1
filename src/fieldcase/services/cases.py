"""What the case view shows: the case, its people, placements, visitation plans and a timeline of
its visits, family visits and trips. Restricted fields (a resource family's address, the reporter)
come back hidden; `reveal` shows one after the caseworker picks a reason, and audits it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from fieldcase.domain import kinds
from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.metadata import restricted_fields
from fieldcase.domain.people import PersonRole, age_in_years
from fieldcase.domain.tasks import OpenTask
from fieldcase.services.errors import RevealNeedsReason

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.services.case_plans import VersionLine
    from fieldcase.store.resource_directory import DirectoryProvider
    from fieldcase.store.store import Store


class RevealReason(enum.Enum):
    """Why a restricted field is opened; a code, so it can go into the PII-free audit log."""

    VISIT_PLANNING = "visit_planning"
    TRANSPORT = "transport"
    SAFETY_CHECK = "safety_check"
    COURT_PREPARATION = "court_preparation"
    SUPERVISOR_REQUEST = "supervisor_request"


@dataclass(frozen=True)
class PersonLine:
    id: str
    role: str
    name: str
    date_of_birth: date | None
    age: int | None
    languages: tuple[str, ...]
    phone: str | None
    email: str | None
    address: str | None  # None when restricted (see address_restricted) or unknown
    address_restricted: bool


@dataclass(frozen=True)
class PlacementLine:
    id: str
    child_id: str
    child_name: str
    provider: str
    provider_kind: str | None
    placement_type: str | None
    starts_on: date | None
    ends_on: date | None
    current: bool
    address_restricted: bool
    address: str | None


@dataclass(frozen=True)
class PlanLine:
    id: str
    participants: tuple[str, ...]
    excluded: tuple[str, ...]
    frequency: str | None
    supervision_level: str | None
    duration_minutes: int | None
    effective_from: date | None
    effective_until: date | None


@dataclass(frozen=True)
class HearingLine:
    id: str
    when: datetime | None
    court: str
    hearing_type: str | None
    outcome: str | None
    next_hearing_on: date | None


@dataclass(frozen=True)
class TimelineEntry:
    record_id: str
    kind: str
    status: str | None
    on: date | None
    children: tuple[str, ...]
    returned_reason: str | None
    addenda: int
    attachments: tuple[AttachmentRef, ...]
    #: what happened, as an enum value the window words (where the visit was; the family time's
    #: outcome; the trip's purpose) — never narrative
    happened: str | None = None
    miles: Decimal | None = None  # a trip's odometer distance
    #: a trip's link to the record it served (a family visit, a home visit)
    linked_record_id: str | None = None


@dataclass(frozen=True)
class CaseDetail:
    case_id: str
    case_number: str
    county: str
    office: str
    permanency_goal: str | None
    concurrent_goal: str | None
    next_court: datetime | None
    case_plan_due: date | None
    people: tuple[PersonLine, ...]
    placements: tuple[PlacementLine, ...]
    plans: tuple[PlanLine, ...]
    timeline: tuple[TimelineEntry, ...]
    hearings: tuple[HearingLine, ...] = ()  # newest first
    #: the case plan's versions, newest first, each with what changed from the one before
    case_plans: tuple[VersionLine, ...] = ()
    #: a version being written (draft, returned or submitted): the plan button opens it
    case_plan_unfinished: bool = False
    #: the office's resource directory for the referral form, the case's county first
    providers: tuple[DirectoryProvider, ...] = ()
    #: the case's open tasks (visits' follow-ups and tasks added), by due day, undated last
    tasks: tuple[OpenTask, ...] = ()

    def child_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.people if p.role == PersonRole.CHILD.value)

    def name_of(self, person_id: str) -> str:
        for person in self.people:
            if person.id == person_id:
                return person.name
        return ""


def load_case(store: Store, *, case_id: str, today: date) -> CaseDetail:
    case = store.repository("case").get(case_id)
    people_records = sorted(
        store.repository("person").list(case_id=case_id),
        key=lambda p: (p.role.value != "child", p.display_name),
    )
    names = {p.id: p.display_name for p in people_records}
    people = tuple(
        PersonLine(
            id=p.id,
            role=p.role.value,
            name=p.display_name,
            date_of_birth=p.date_of_birth,
            age=age_in_years(p.date_of_birth, today) if p.date_of_birth else None,
            languages=p.languages,
            phone=p.phone,
            email=p.email,
            address=None if "address" in restricted_fields(p) else p.address,
            address_restricted="address" in restricted_fields(p) and bool(p.address),
        )
        for p in people_records
    )
    placements = tuple(
        PlacementLine(
            id=pl.id,
            child_id=pl.child_id,
            child_name=names.get(pl.child_id, ""),
            provider=pl.provider_name,
            provider_kind=pl.provider_kind.value if pl.provider_kind else None,
            placement_type=pl.placement_type.value if pl.placement_type else None,
            starts_on=pl.starts_on,
            ends_on=pl.ends_on,
            current=pl.current_on(today),
            address_restricted=bool(pl.address),
            address=None,
        )
        for pl in sorted(
            store.repository("placement").list(case_id=case_id),
            key=lambda pl: pl.starts_on or date.min,
            reverse=True,
        )
    )
    plans = tuple(
        PlanLine(
            id=plan.id,
            participants=tuple(names.get(i, "") for i in plan.participants),
            excluded=tuple(names.get(i, "") for i in plan.excluded_persons),
            frequency=plan.frequency.value if plan.frequency else None,
            supervision_level=plan.supervision_level.value if plan.supervision_level else None,
            duration_minutes=plan.duration_minutes,
            effective_from=plan.effective_from,
            effective_until=plan.effective_until,
        )
        for plan in store.repository("visitation_plan").list(case_id=case_id)
    )
    timeline = []
    for stored in store.list(case_id=case_id):
        if (
            stored.kind not in kinds.WORKFLOW_KINDS
        ):  # the contacts, and proposed goal changes with their state
            continue
        body = stored.body
        child_ids = kinds.children_in(
            stored.kind, body
        )  # a visit's rows, a family visit's list, an assessment's child
        # the record itself only for what the body does not say as shown (attachments, a trip's
        # miles): building and checking every one of five years' records was most of the opening
        record = (
            stored.to_domain()
            if body.get("attachments") or stored.kind == "transport_trip"
            else None
        )
        timeline.append(
            TimelineEntry(
                record_id=stored.id,
                kind=stored.kind,
                status=stored.status,
                on=date.fromisoformat(day) if (day := _occurred(body, stored.kind)) else None,
                children=tuple(names.get(i, "") for i in dict.fromkeys(child_ids)),
                returned_reason=body.get("returned_reason"),
                addenda=len(body.get("addenda") or ()),
                attachments=tuple(getattr(record, "attachments", ())),
                happened=_happened(stored.kind, body),
                miles=getattr(record, "odometer_distance", None),
                linked_record_id=body.get("linked_record_id"),
            )
        )
    hearings = tuple(
        HearingLine(
            h.id,
            h.scheduled_at,
            h.court,
            h.hearing_type.value if h.hearing_type else None,
            h.outcome,
            h.next_hearing_on,
        )
        for h in sorted(
            store.repository("hearing").list(case_id=case_id),
            key=lambda h: h.scheduled_at.timestamp() if h.scheduled_at else float("-inf"),
            reverse=True,
        )
    )
    from fieldcase.domain.compliance.deadlines import case_plan_deadline
    from fieldcase.domain.workflow import Status
    from fieldcase.services import case_plans

    versions = case_plans.version_lines(store, case_id)
    approved = [
        line.plan_date
        for line in versions
        if line.status is Status.APPROVED and line.plan_date is not None
    ]
    # the plan or review due next, as the compliance engine counts it (an approved plan meets it)
    plan_due = case_plan_deadline(case, as_of=today, approved_plans=approved)
    from fieldcase.services.tasks import open_tasks_of_case

    tasks = tuple(
        sorted(
            open_tasks_of_case(store, case_id=case_id, today=today),
            key=lambda t: (t.due is None, t.due or date.max, t.action),
        )
    )
    store.record_audit("record.view", record_kind="case", record_id=case_id)
    return CaseDetail(
        case_id=case.id,
        case_number=case.case_number,
        county=case.county,
        office=case.office,
        permanency_goal=case.permanency_goal.value if case.permanency_goal else None,
        concurrent_goal=case.concurrent_goal.value if case.concurrent_goal else None,
        next_court=case.next_court_hearing,
        case_plan_due=plan_due.due if plan_due else case.case_plan_due,
        people=people,
        placements=placements,
        plans=plans,
        timeline=tuple(timeline),
        hearings=hearings,
        tasks=tasks,
        case_plans=versions,
        case_plan_unfinished=any(line.status in case_plans.UNFINISHED for line in versions),
        providers=_providers(store, case.county),
    )


def _providers(store: Store, county: str | None) -> tuple[DirectoryProvider, ...]:
    from fieldcase.services.resource_directory import find_providers

    found = find_providers(store, limit=5000)
    here = (county or "").strip().lower()
    return tuple(
        sorted(found, key=lambda p: p.county.strip().lower() != here)
    )  # stable: by name within each group


def _happened(kind: str, body: dict) -> str | None:
    """A completed visit: where; otherwise its outcome (attempted, no show…). Family time: its
    outcome. A trip: its purpose."""
    if kind == "home_visit":
        return (
            body.get("location_type")
            if body.get("outcome") in (None, "completed")
            else body.get("outcome")
        )
    if kind == "goal_change":
        return body.get("proposed_permanency_goal")
    if kind == "assessment":
        return body.get("instrument_id")
    if kind == "transition_plan":
        return None
    if kind == "case_plan":
        return body.get("permanency_goal")
    if kind == "collateral_contact":
        return body.get("party_role")
    if kind == "referral":  # where the service stands now
        changes = body.get("status_changes") or ()
        return changes[-1].get("status") if changes else "referred"
    return body.get("outcome") if kind == "visitation_entry" else body.get("purpose")


def _occurred(body: dict, kind: str) -> str | None:
    day = kinds.day_in(kind, body)
    return day.isoformat() if day else None


def reveal(store: Store, *, record_id: str, field: str, reason: RevealReason | str | None) -> str:
    """The value of one restricted field, after recording who opened it and why."""
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        raise RevealNeedsReason()
    reason = RevealReason(reason)
    stored = store.get(record_id)
    record = stored.to_domain()
    if field not in restricted_fields(record):
        raise ValueError("not a restricted field")
    store.record_audit(
        "restricted.reveal",
        record_kind=stored.kind,
        record_id=record_id,
        detail={"fields": [field], "reason_code": reason.value},
    )
    value = getattr(record, field)
    return "" if value is None else str(value)
