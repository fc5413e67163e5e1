"""The approval queue: the team's submitted entries oldest first, with their age, and the
decisions made here that the server has not answered yet."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from fieldcase.domain import kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.workflow import Command, Status
from fieldcase.services import comments
from fieldcase.services.approvals.models import (
    NOUNS,
    ApprovalQueue,
    QueueEntry,
    WaitingDecision,
)
from fieldcase.services.directory import known_names
from fieldcase.services.review_words import danger_in_body
from fieldcase.services.team import team_labels
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _hours_between(start: datetime | None, end: datetime) -> int:
    if start is None:
        return 0
    return max(0, int((end - start).total_seconds() // 3600))


def _names(store: Store) -> dict[str, str]:
    # names straight from the stored bodies: parsing every person into a record only to read two
    # fields made the queue slow on a large team
    return {
        r.id: f"{r.body.get('given_name') or ''} {r.body.get('family_name') or ''}".strip()
        for r in store.list(kind="person")
    }


def _case_numbers(store: Store) -> dict[str, str]:
    return {r.id: r.body.get("case_number") or "" for r in store.list(kind="case")}


def _child_ids(item: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(record_facts.children_of(item)))


def _open_stale(sync: SyncStore) -> dict[str, str]:
    """record id → the message of an unresolved refused-approval item."""
    return {a.record_id: a.message for a in sync.attention() if a.topic == "stale" and a.record_id}


def decisions_waiting(store: Store) -> list[WaitingDecision]:
    """Approvals and returns made on this laptop that the server has not answered yet."""
    found = []
    for entry in SyncStore(store).unsent():
        name = entry.payload.get("name") if entry.kind == "command" else None
        if name in (Command.APPROVE.value, Command.RETURN.value):
            found.append(
                WaitingDecision(
                    entry.record_id, entry.record_kind, name, entry.payload.get("rev"), entry.state
                )
            )
    return found


def approval_queue(
    store: Store,
    *,
    now: datetime,
    user_id: str | None = None,
    names: Mapping[str, str] | None = None,
) -> ApprovalQueue:
    """Entries submitted by the team, oldest first. `user_id`: the supervisor (their own entries,
    if any, are never theirs to approve); defaults to the store's user. `names`: user id → name,
    when the app knows them (see `team.team_labels`)."""
    me = user_id or store.header.user_id
    sync = SyncStore(store)
    people, numbers, stale = _names(store), _case_numbers(store), _open_stale(sync)
    entries = []
    submitted_records = [
        (kind, stored)
        for kind in kinds.WORKFLOW_KINDS
        for stored in store.list(kind=kind, status=Status.SUBMITTED.value)
    ]
    shadows = sync.shadow_changes((stored.id for _kind, stored in submitted_records), body=False)
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
                record_id=stored.id,
                kind=kind,
                noun=NOUNS[kind],
                case_id=stored.case_id or "",
                case_number=numbers.get(stored.case_id or "", ""),
                children=tuple(
                    people.get(c, "") for c in record_facts.children_in_body(kind, stored.body)
                ),
                author_id=author,
                author_label="",
                occurred_on=(
                    d.isoformat()
                    if (d := record_facts.occurred_on_in_body(kind, stored.body))
                    else None
                ),
                submitted_at=submitted,
                age_hours=_hours_between(submitted, now),
                rev=stored.rev,
                version=stored.version,
                returned_before=stored.body.get("returned_reason"),
                changed_since_review=stored.id in stale,
                danger=danger_in_body(kind, stored.body),
            )
        )
    labels = team_labels(store, names=known_names(store, names), others=author_ids(entries))
    listed = {e.record_id for e in entries}
    talk = comments.threads(
        store,
        (stored for _kind, stored in submitted_records if stored.id in listed),
        names=names,
        shadows=shadows,
    )
    entries = [
        dataclasses.replace(
            e,
            author_label=labels.get(e.author_id or "", ""),
            answered=talk[e.record_id].answer is not None,
        )
        for e in entries
    ]
    epoch = datetime.min.replace(tzinfo=UTC)
    entries.sort(
        key=lambda e: (not e.danger, e.submitted_at or epoch, e.record_id)
    )  # present danger first, then oldest
    return ApprovalQueue(tuple(entries), now)


def author_ids(entries: Iterable[QueueEntry]) -> tuple[str, ...]:
    return tuple(sorted({e.author_id for e in entries if e.author_id}))
