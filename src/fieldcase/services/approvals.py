"""The supervisor's review: the approval queue, reading one entry in full, and the decisions.

Everything works from the synced copy on the laptop (sync.md "Approvals"). A decision is a command
in the store's outbox — approve carries the revision the supervisor read — and is applied by the
server on the next sync against that exact revision. If the entry changed meanwhile the server
refuses the approval; the sync leaves a "stale" attention item and the entry is back in the queue at
its new revision, and `open_for_review` says so.

Two guards on this side: a decision names the revision *and* the local version the supervisor
opened, so an entry that a sync changed while the reader was open is never approved unread
(`ReviewedRevisionChanged`); and a return needs a reason the caseworker can act on.

Questions (comments, services/comments.py) leave the entry's state and revision alone: asking one
never makes the approval of the revision read stale. Addenda on approved entries are acknowledged
through the outbox too (`acknowledge_addendum`); the server records who and when, and the caseworker
sees it. Until the next sync an acknowledgement made here shows as waiting. So are proposed changes
(a caseworker's edit that reached the server after the approval): acknowledging one says it was
read, it never applies it, so a late correction does not sit unread; the supervisor sees each field
the caseworker proposed, by the label the entry's content has in the reader, with the value in words.

The parts, one concept a module: approval_models (what is shown and answered), approval_sources
(names, case numbers, waiting decisions), approval_words (values in words), approval_reader (one
entry in full) and approval_addenda (acknowledging); the queue and the decisions are here, and
every name callers import from here stays here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from fieldcase.domain import metadata as record_facts
from fieldcase.domain.text import clean
from fieldcase.domain.workflow import Command, Status
from fieldcase.services import comments
from fieldcase.services.approval_addenda import AddendumToRead, acknowledge_addendum, addenda_to_acknowledge
from fieldcase.services.approval_models import (
    ACKNOWLEDGED_KINDS,
    NOUNS,
    REASON_MAX,
    REASON_MIN_WORDS,
    REVIEWED_KINDS,
    AddendumLine,
    ApprovalQueue,
    Decision,
    FieldLine,
    HistoryEvent,
    NothingToReview,
    ProposedField,
    QueueEntry,
    ReturnReasonNeeded,
    ReviewedRevisionChanged,
    ReviewRecord,
    WaitingDecision,
    age_text,
)
from fieldcase.services.approval_reader import open_for_review
from fieldcase.services.approval_sources import (
    _case_numbers,
    _hours_between,
    _names,
    _open_stale,
    _parse_time,
    decisions_waiting,
)
from fieldcase.services.approval_words import _proposed_field
from fieldcase.services.directory import known_names
from fieldcase.services.team import team_labels
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore

# ----------------------------------------------------------------------------------- the queue


def approval_queue(
    store: Store, *, now: datetime, user_id: str | None = None, names: Mapping[str, str] | None = None
) -> ApprovalQueue:
    """Entries submitted by the team, oldest first. `user_id`: the supervisor (their own entries,
    if any, are never theirs to approve); defaults to the store's user. `names`: user id → name,
    when the app knows them (see `team.team_labels`)."""
    me = user_id or store.header.user_id
    sync = SyncStore(store)
    people, numbers, stale = _names(store), _case_numbers(store), _open_stale(sync)
    entries = []
    submitted_records = [
        (kind, stored) for kind in REVIEWED_KINDS for stored in store.list(kind=kind, status=Status.SUBMITTED.value)
    ]
    shadows = sync.shadow_changes(stored.id for _kind, stored in submitted_records)
    for kind, stored in submitted_records:
        change = shadows.get(stored.id) or {}
        meta = change.get("meta") or {}
        author = meta.get("created_by") or stored.body.get("created_by")
        if author == me:
            continue
        submitted = _parse_time(meta.get("submitted_at")) or _parse_time(stored.updated_at)
        # read from the body: building 1,000 records as domain objects was a third of the queue's time
        entries.append(
            QueueEntry(
                record_id=stored.id, kind=kind, noun=NOUNS[kind], case_id=stored.case_id or "",
                case_number=numbers.get(stored.case_id or "", ""),
                children=tuple(people.get(c, "") for c in record_facts.children_in_body(kind, stored.body)),
                author_id=author, author_label="",
                occurred_on=(d.isoformat() if (d := record_facts.occurred_on_in_body(kind, stored.body)) else None),
                submitted_at=submitted, age_hours=_hours_between(submitted, now), rev=stored.rev, version=stored.version,
                returned_before=stored.body.get("returned_reason"), changed_since_review=stored.id in stale,
            )
        )
    labels = team_labels(store, names=known_names(store, names), others=author_ids(entries))
    listed = {e.record_id for e in entries}
    talk = comments.threads(store, (stored for _kind, stored in submitted_records if stored.id in listed), names=names, shadows=shadows)
    entries = [
        dataclasses.replace(e, author_label=labels.get(e.author_id or "", ""), answered=talk[e.record_id].answer is not None)
        for e in entries
    ]
    epoch = datetime.min.replace(tzinfo=UTC)
    entries.sort(key=lambda e: (e.submitted_at or epoch, e.record_id))
    return ApprovalQueue(tuple(entries), now)


# ----------------------------------------------------------------------------------- deciding


def check_return_reason(reason: str | None, *, noun: str = "entry") -> str:
    """The reason, tidied; `ReturnReasonNeeded` says in words what is missing."""
    text = " ".join(clean(reason or "").split())
    if not text:
        raise ReturnReasonNeeded(f"Say what needs to change before this {noun} can be approved.")
    if len(text.split()) < REASON_MIN_WORDS:
        raise ReturnReasonNeeded("Write a short sentence the caseworker can act on, e.g. “Add who else was present.”")
    if len(text) > REASON_MAX:
        raise ReturnReasonNeeded(f"Keep the reason under {REASON_MAX} characters; put details in a conversation.")
    return text


def _reviewed(store: Store, record_id: str, rev: int, version: int) -> Any:
    stored = store.get(record_id)
    noun = NOUNS.get(stored.kind, "entry")
    if stored.rev != rev or stored.version != version:
        raise ReviewedRevisionChanged(noun)
    return stored


def _settle_stale(store: Store, record_id: str) -> None:
    sync = SyncStore(store)
    for item in sync.attention():
        if item.topic == "stale" and item.record_id == record_id:
            sync.resolve_attention(item.id)


def approve(store: Store, *, record_id: str, rev: int, version: int) -> Decision:
    """Approve the revision read (`rev`, `version` from `open_for_review`). Queued for the next sync;
    the server refuses it if the entry moved on there."""
    _reviewed(store, record_id, rev, version)
    saved = store.command(record_id, Command.APPROVE, expected_version=version)
    _settle_stale(store, record_id)
    return Decision(record_id, "approve", rev, saved.record.version)


def return_entry(store: Store, *, record_id: str, rev: int, version: int, reason: str) -> Decision:
    """Send the entry back with a reason the caseworker will see. Queued for the next sync."""
    stored = _reviewed(store, record_id, rev, version)
    text = check_return_reason(reason, noun=NOUNS.get(stored.kind, "entry"))
    saved = store.command(record_id, Command.RETURN, reason=text, expected_version=version)
    _settle_stale(store, record_id)
    return Decision(record_id, "return", rev, saved.record.version)


def author_ids(entries: Iterable[QueueEntry]) -> tuple[str, ...]:
    return tuple(sorted({e.author_id for e in entries if e.author_id}))


__all__ = [
    "AddendumLine", "AddendumToRead", "ApprovalQueue", "Decision", "FieldLine", "HistoryEvent", "NothingToReview",
    "ProposedField", "QueueEntry", "ReturnReasonNeeded", "ReviewRecord", "ReviewedRevisionChanged", "WaitingDecision",
    "acknowledge_addendum", "addenda_to_acknowledge", "age_text", "approval_queue", "approve", "author_ids",
    "check_return_reason", "decisions_waiting", "open_for_review", "return_entry",
    # kept importable from here (callers and tests use them)
    "ACKNOWLEDGED_KINDS", "NOUNS", "REASON_MAX", "REASON_MIN_WORDS", "REVIEWED_KINDS", "_proposed_field",
]
