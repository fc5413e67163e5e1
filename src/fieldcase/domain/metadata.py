"""What the store, the server and sync need to know about record fields, kept next to the records
so a new field is classified where it is added."""

from __future__ import annotations

from datetime import date, datetime

from .cases import Case
from .goal_changes import GoalChange
from .hearings import Hearing
from .home_visits import HomeVisit
from .people import Person, PersonRole
from .placements import Placement
from . import seen as seen_rule
from .serialization import kind_of
from .transport_trips import PassengerKind, TransportTrip
from .visitation_entries import VisitationEntry
from .visitation_plans import VisitationPlan

#: the caseworker's contacts: what the approval queue reviews and export-contacts sends to the state
field_record_kinds = ("home_visit", "visitation_entry", "transport_trip")
#: proposals that change case data only once the supervisor approves them (a goal change); they
#: carry the field records' workflow envelope (FieldRecord) and go through the same queue, and
#: export-contacts sends them too (an approved goal change is what the state system must learn)
approval_kinds = ("goal_change",)
#: every kind with the draft → submitted → approved workflow
workflow_kinds = field_record_kinds + approval_kinds

#: Changed only by commands or admin actions on the server, never by a patch (sync.md "Merge"):
#: identity, revision, workflow and review trail, and case assignment (which drives caseload scope).
#: `case_id` is deliberately absent: it is set once at create, and create carries all fields.
SERVER_OWNED_FIELDS: frozenset[str] = frozenset(
    {
        "id",
        "rev",
        "status",
        "created_by",
        "approved_by",
        "approved_at",
        "returned_reason",
        "voided_reason",
        "addenda",
        "primary_worker_id",
        "covering_workers",
        # the state system's identifier: written by the agency import only (it keys re-imports)
        "state_id",
    }
)

#: Free text a person wrote. Never text-merged: when two people changed one, both versions are kept
#: (sync.md). Top-level fields only, as patches are; `children` on a home visit carries each
#: child's narratives, so it is listed too.
NARRATIVE_FIELDS: dict[str, frozenset[str]] = {
    "case": frozenset(),
    "person": frozenset(),
    "placement": frozenset({"reason_for_change"}),
    "visitation_plan": frozenset({"backup_plan", "location_preference"}),
    "hearing": frozenset({"outcome"}),
    "home_visit": frozenset(
        {
            "reason_not_in_residence",
            "benefit_not_in_residence",
            "children",
            "observations",
            "home_conditions",
            "services_status",
            "caregiver_needs",
        }
    ),
    "visitation_entry": frozenset(
        {
            "reason_detail",
            "greeting_and_departure",
            "activities",
            "meets_childs_needs",
            "interventions_and_response",
            "safety_concerns",
            "quotes",
            "strengths",
            "concerns",
            "tasks_for_parent",
            "caregiver_handoff_report",
        }
    ),
    "transport_trip": frozenset({"purpose_detail", "child_statements", "incidents"}),
    "goal_change": frozenset({"reason"}),
}

#: Fields that may be restricted: withheld from birth families, redacted in printed summaries and
#: kept out of search snippets. For a person, the address is restricted only for resource parents
#: (see `restricted_fields`).
RESTRICTED_FIELDS: dict[str, frozenset[str]] = {
    "case": frozenset({"reporter_name", "reporter_contact"}),
    "person": frozenset({"address", "is_reporter"}),
    "placement": frozenset({"address"}),
    "visitation_plan": frozenset(),
    "hearing": frozenset(),
    # A visit in the child's placement is at the resource family's address.
    "home_visit": frozenset({"address"}),
    "visitation_entry": frozenset(),
    # Trip legs start or end at the resource family's home.
    "transport_trip": frozenset({"legs"}),
    "goal_change": frozenset(),
}


def restricted_fields(record: object) -> frozenset[str]:
    """The restricted fields of this particular record."""
    kind = kind_of(record)
    if isinstance(record, Person) and record.role is not PersonRole.RESOURCE_PARENT:
        return RESTRICTED_FIELDS[kind] - {"address"}
    return RESTRICTED_FIELDS[kind]


def search_text(record: object) -> str:
    """Names and narratives joined, for the local full-text index. Restricted fields are left out
    so a search result snippet can never reveal them."""
    parts: list[str] = []
    if isinstance(record, Person):
        parts += [record.given_name, record.family_name]
    elif isinstance(record, Case):
        parts += [record.case_number, record.county, record.office]
    elif isinstance(record, Placement):
        parts += [record.provider_name]
    elif isinstance(record, Hearing):
        parts += [record.court]
    elif isinstance(record, HomeVisit):
        parts += [p.name or "" for p in record.participants]
        for child in record.children:
            parts += [child.reason_not_seen, child.reason_not_private, child.safety_narrative, child.well_being_notes, child.child_statements]
        parts += [task.action for task in record.follow_up_tasks]
    elif isinstance(record, TransportTrip):
        parts += [incident.description for incident in record.incidents]
        parts += [m.medication for m in record.medications]
    kind = kind_of(record)
    skip = RESTRICTED_FIELDS[kind]
    for name in sorted(NARRATIVE_FIELDS[kind] - skip):
        value = getattr(record, name)
        if isinstance(value, str):
            parts.append(value)
    return "\n".join(p for p in parts if p and p.strip())


def occurred_on(record: object) -> date | None:
    """The day the record is about, in the local time it was recorded in (for lists and the rules)."""
    if isinstance(record, HomeVisit):
        return record.contact_start.date() if record.contact_start else None
    if isinstance(record, VisitationEntry):
        return record.scheduled_start.date() if record.scheduled_start else None
    if isinstance(record, TransportTrip):
        return record.trip_date
    if isinstance(record, Case):
        return record.opened_on
    if isinstance(record, Placement):
        return record.starts_on
    if isinstance(record, VisitationPlan):
        return record.effective_from
    if isinstance(record, Hearing):
        return record.scheduled_at.date() if record.scheduled_at else None
    if isinstance(record, GoalChange):
        return record.proposed_at.date() if record.proposed_at else None
    if isinstance(record, Person):
        return None
    raise TypeError(f"not a fieldcase record: {type(record).__name__}")


def children_of(record: object) -> tuple[str, ...]:
    """The child person ids a record concerns, in record order without repeats. A case or a plan
    names no children by itself (the case's people do), so it gives ()."""
    if isinstance(record, HomeVisit):
        ids = [c.child_id for c in record.children]
    elif isinstance(record, VisitationEntry):
        ids = list(record.child_ids)
    elif isinstance(record, TransportTrip):
        ids = [p.person_id for p in record.passengers if p.kind is PassengerKind.CHILD]
    elif isinstance(record, Placement):
        ids = [record.child_id] if record.child_id else []
    elif isinstance(record, Person):
        ids = [record.id] if record.role is PersonRole.CHILD else []
    elif isinstance(record, Hearing):
        ids = list(record.child_ids)
    elif isinstance(record, (Case, VisitationPlan, GoalChange)):
        ids = []
    else:
        raise TypeError(f"not a fieldcase record: {type(record).__name__}")
    return tuple(dict.fromkeys(ids))


def children_seen(record: object) -> frozenset[str]:
    """The children a home visit saw by the one rule (domain/seen.py: completed, face to face, not
    voided, "seen": yes on the child's row); none for any other record. The caseload's "last seen"
    day is the last such visit's day, the same visits "This month" counts."""
    if isinstance(record, HomeVisit):
        return seen_rule.children_seen(record)
    return frozenset()


# The same two facts read from a stored body (the serialized dict), for lists of many entries (the
# approval queue) where building every record as a domain object costs more than the rest of the list.
# tests/unit/domain/test_metadata_from_body.py checks they agree with `children_of` / `occurred_on`.


def children_in_body(kind: str, body: dict) -> tuple[str, ...]:
    """`children_of` for a field record's stored body (home visit, visitation entry, trip)."""
    if kind == "home_visit":
        ids = [c["child_id"] for c in body.get("children") or ()]
    elif kind == "visitation_entry":
        ids = list(body.get("child_ids") or ())
    elif kind == "transport_trip":
        ids = [p["person_id"] for p in body.get("passengers") or () if p.get("kind") == PassengerKind.CHILD.value]
    elif kind == "goal_change":
        ids = []  # about the whole case, as the case's goals are
    else:
        raise TypeError(f"not a field record kind: {kind}")
    return tuple(dict.fromkeys(ids))


def occurred_on_in_body(kind: str, body: dict) -> date | None:
    """`occurred_on` for a field record's stored body: the local day the record is about."""
    if kind == "home_visit":
        value = body.get("contact_start")
    elif kind == "visitation_entry":
        value = body.get("scheduled_start")
    elif kind == "transport_trip":
        value = body.get("trip_date")
        return date.fromisoformat(value) if value else None
    elif kind == "goal_change":
        value = body.get("proposed_at")
    else:
        raise TypeError(f"not a field record kind: {kind}")
    return datetime.fromisoformat(value).date() if value else None
