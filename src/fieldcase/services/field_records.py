"""Drafts, submission and addenda for the three field records (home visit, visitation entry,
transport trip): the part of their life they share.

`save_draft` never refuses a draft for being incomplete or even contradictory — nothing typed may
be lost (domain.md) — it saves and returns the problems to show. `submit` refuses with every
problem listed. A returned record is reopened as a draft automatically when it is submitted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fieldcase.domain.problems import InvalidRecord, Problem
from fieldcase.domain.serialization import kind_of
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.domain.workflow import Command, Status, read_only_reason

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

NOUNS = {"home_visit": "visit", "visitation_entry": "family visit", "transport_trip": "trip"}


@dataclass(frozen=True)
class OpenedRecord:
    record: Any
    kind: str
    version: int
    status: Status
    read_only_reason: str | None
    returned_reason: str | None
    problems: tuple[Problem, ...]

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None


@dataclass(frozen=True)
class DraftSaved:
    record_id: str
    kind: str
    version: int
    status: Status
    created: bool
    changed_fields: tuple[str, ...]
    problems: tuple[Problem, ...]  # what still stops it being submitted


def _context(store: Store, record: Any) -> dict[str, Any]:
    if isinstance(record, VisitationEntry) and record.plan_id:
        try:
            return {"plan": store.repository("visitation_plan").get(record.plan_id)}
        except Exception:  # noqa: BLE001 - the plan may be off this laptop; check without it
            return {}
    return {}


def check(store: Store | None, record: Any, *, for_submit: bool) -> tuple[Problem, ...]:
    """The problems to show as the caseworker types (no store access when `store` is None)."""
    context = _context(store, record) if store is not None else {}
    return tuple(problems(record, for_submit=for_submit, **context))


def open_record(store: Store, *, record_id: str) -> OpenedRecord:
    stored = store.get(record_id)
    record = stored.to_domain()
    status = Status(stored.status)
    store.record_audit("record.view", record_kind=stored.kind, record_id=record_id)
    return OpenedRecord(
        record=record, kind=stored.kind, version=stored.version, status=status,
        read_only_reason=read_only_reason(status, noun=NOUNS.get(stored.kind, "record"), approved_at=record.approved_at),
        returned_reason=record.returned_reason if status is Status.RETURNED else None,
        problems=check(store, record, for_submit=True),
    )


def save_draft(store: Store, *, record: Any, expected_version: int | None = None) -> DraftSaved:
    """Create or update the record as it stands (the autosave path). Raises only for read-only or stale."""
    saved = store.save(record, expected_version=expected_version)
    return DraftSaved(
        record_id=saved.record.id, kind=kind_of(record), version=saved.record.version, status=Status(saved.record.status),
        created=saved.created, changed_fields=saved.changed_fields, problems=check(store, record, for_submit=True),
    )


def submit(store: Store, *, record_id: str, expected_version: int | None = None) -> DraftSaved:
    """Queue the record for the supervisor (works offline). `InvalidRecord` lists what is missing."""
    stored = store.get(record_id)
    record = stored.to_domain()
    found = check(store, record, for_submit=True)
    if found:
        raise InvalidRecord(found)
    version = expected_version
    if Status(stored.status) is Status.RETURNED:
        version = store.command(record_id, Command.REOPEN, expected_version=version).record.version
    saved = store.command(record_id, Command.SUBMIT, expected_version=version)
    return DraftSaved(record_id, stored.kind, saved.record.version, Status(saved.record.status), False, ("status",), ())


def add_addendum(store: Store, *, record_id: str, text: str) -> DraftSaved:
    """Correct an approved record: the original stays, the addendum is appended (author and time)."""
    saved = store.command(record_id, Command.ADD_ADDENDUM, reason=text)
    return DraftSaved(record_id, saved.record.kind, saved.record.version, Status(saved.record.status), False, ("addenda",), ())


def void(store: Store, *, record_id: str, reason: str) -> DraftSaved:
    saved = store.command(record_id, Command.VOID, reason=reason)
    return DraftSaved(record_id, saved.record.kind, saved.record.version, Status(saved.record.status), False, ("status",), ())
