"""Addenda and proposed changes on approved entries, waiting for the supervisor to say they were
read."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from fieldcase.domain import kinds
from fieldcase.domain.workflow import Command, Status
from fieldcase.services.approvals.models import (
    ACKNOWLEDGED_KINDS,
    NOUNS,
    AddendumLine,
    NothingToReview,
)
from fieldcase.services.approvals.queue import _case_numbers, _names
from fieldcase.services.approvals.reading import _acknowledging, _addenda
from fieldcase.services.directory import known_names
from fieldcase.services.team import team_labels
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore


@dataclass(frozen=True)
class AddendumToRead:
    record_id: str
    kind: str
    noun: str
    case_number: str
    addendum: AddendumLine
    author_label: str = ""


def addenda_to_acknowledge(
    store: Store, *, names: Mapping[str, str] | None = None
) -> list[AddendumToRead]:
    """Addenda and proposed changes (a caseworker's edit that reached the server after the approval)
    on the team's approved entries that no supervisor has acknowledged yet (the supervisor's own
    excepted), oldest first."""
    sync, numbers, me = SyncStore(store), _case_numbers(store), store.header.user_id
    found = []
    approved = [
        (kind, stored)
        for kind in kinds.WORKFLOW_KINDS
        for stored in store.list(kind=kind, status=Status.APPROVED.value)
    ]
    shadows = sync.shadow_changes((stored.id for _kind, stored in approved), body=False)
    waiting = _acknowledging(store)
    people: Mapping[str, str] | None = None
    for kind, stored in approved:
        change = shadows.get(stored.id) or {}
        listed = {a.get("kind") for a in change.get("addenda") or []}
        if not listed & set(ACKNOWLEDGED_KINDS):
            continue
        if "proposal" in listed and people is None:
            # read once, and only when a proposal names someone: the list is loaded after every sync
            people = {**known_names(store, names), **_names(store)}
        for line in _addenda(stored.id, change, stored.body, waiting, people):
            if line.can_acknowledge and line.author != me:
                found.append(
                    AddendumToRead(
                        stored.id, kind, NOUNS[kind], numbers.get(stored.case_id or "", ""), line
                    )
                )
    labels = team_labels(
        store,
        names=known_names(store, names),
        others=tuple(sorted({f.addendum.author for f in found if f.addendum.author})),
    )
    found = [
        dataclasses.replace(f, author_label=labels.get(f.addendum.author or "", "")) for f in found
    ]
    found.sort(key=lambda f: (f.addendum.at or "", f.record_id))
    return found


def acknowledge_addendum(store: Store, *, record_id: str, addendum_id: str) -> bool:
    """Mark an addendum, or a proposed change, read: queued for the next sync, where the server
    records who and when and the caseworker sees it (a proposal stays unapplied). False when it was
    acknowledged already (nothing queued)."""
    stored = store.get(record_id)
    change = SyncStore(store).shadow_change(record_id, body=False) or {}
    lines = {
        a.addendum_id: a for a in _addenda(record_id, change, stored.body, _acknowledging(store))
    }
    line = lines.get(addendum_id)
    if line is None:
        raise NothingToReview("That addendum is not on this laptop; sync and try again.")
    if line.acknowledged:
        return False
    store.queue_note(record_id, Command.ACKNOWLEDGE_ADDENDUM, args={"addendum_id": addendum_id})
    return True
