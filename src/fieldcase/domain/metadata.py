"""What the store, the server and sync need to know about record fields, kept next to the records
so a new field is classified where it is added."""

from __future__ import annotations

from datetime import date

from . import kinds
from . import seen as seen_rule
from .home_visits import HomeVisit
from .people import Person, PersonRole
from .serialization import kind_of

#: the caseworker's contacts and documents: what the approval queue reviews and export-contacts
#: sends to the state
field_record_kinds = kinds.kinds_of(kinds.Family.FIELD_RECORD)
# the proposals (a goal change, `kinds.APPROVAL_KINDS`) carry the field records' workflow envelope
# (FieldRecord) and go through the same queue, and export-contacts sends them too (an approved goal
# change is what the state system must learn); every kind with the draft → submitted → approved
# workflow: `kinds.WORKFLOW_KINDS`

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
    k.kind: k.narrative for k in kinds.KIND_TABLE.values()
}

#: Fields that may be restricted: withheld from birth families, redacted in printed summaries and
#: kept out of search snippets. For a person, the address is restricted only for resource parents
#: (see `restricted_fields`).
RESTRICTED_FIELDS: dict[str, frozenset[str]] = {
    k.kind: k.restricted for k in kinds.KIND_TABLE.values()
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
    kind = kind_of(record)
    parts = kinds.search_parts(kind, record)
    skip = RESTRICTED_FIELDS[kind]
    for name in sorted(NARRATIVE_FIELDS[kind] - skip):
        value = getattr(record, name)
        if isinstance(value, str):
            parts.append(value)
    return "\n".join(p for p in parts if p and p.strip())


def occurred_on(record: object) -> date | None:
    """The day the record is about, in the local time it was recorded in (for lists and the rules)."""
    return kinds.day_in(kind_of(record), record)


def children_of(record: object) -> tuple[str, ...]:
    """The child person ids a record concerns, in record order without repeats. A case or a plan
    names no children by itself (the case's people do), so it gives ()."""
    if isinstance(record, Person):
        return (record.id,) if record.role is PersonRole.CHILD else ()
    return kinds.children_in(kind_of(record), record)


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
    """`children_of` for a workflow record's stored body (home visit, family visit, trip…)."""
    if kind not in kinds.WORKFLOW_KINDS:
        raise TypeError(f"not a field record kind: {kind}")
    return kinds.children_in(kind, body)


def occurred_on_in_body(kind: str, body: dict) -> date | None:
    """`occurred_on` for a workflow record's stored body: the local day the record is about."""
    if kind not in kinds.WORKFLOW_KINDS:
        raise TypeError(f"not a field record kind: {kind}")
    return kinds.day_in(kind, body)
