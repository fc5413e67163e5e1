"""Reading one entry in full (`open_for_review`): content in the form's order, its history, and its
addenda and proposed changes with who acknowledged them."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from fieldcase.domain import metadata as record_facts
from fieldcase.domain.workflow import Command, Status
from fieldcase.services import comments
from fieldcase.services.approval_models import (
    ACKNOWLEDGED_KINDS,
    NOUNS,
    REVIEWED_KINDS,
    AddendumLine,
    FieldLine,
    HistoryEvent,
    NothingToReview,
    ReviewRecord,
    WaitingDecision,
)
from fieldcase.services.approval_sources import _case_numbers, _child_ids, _names, _open_stale, decisions_waiting
from fieldcase.services.approval_words import _label, _proposed, _text
from fieldcase.services.directory import known_names
from fieldcase.services.team import team_labels
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore

# Fields the reader never lists as content: identity and the review trail, shown on their own.
_NOT_CONTENT = record_facts.SERVER_OWNED_FIELDS | {"case_id", "rev"}


def _fields(item: Any, body: Mapping[str, Any], names: Mapping[str, str]) -> tuple[FieldLine, ...]:
    """The content in the form's own order (the record's field order), empty fields left out."""
    lines = []
    for field in dataclasses.fields(item):
        value = body.get(field.name)
        if field.name in _NOT_CONTENT or value in (None, "", [], {}):
            continue
        lines.append(FieldLine(_label(field.name), _text(value, names)))
    return tuple(lines)


def _history(change: Mapping[str, Any], stored_body: Mapping[str, Any], waiting: list[WaitingDecision]) -> tuple[HistoryEvent, ...]:
    meta = change.get("meta") or {}
    events = []
    if meta.get("created_at") or meta.get("created_by"):
        events.append(HistoryEvent(meta.get("created_at"), meta.get("created_by"), "Written"))
    if meta.get("updated_at") and meta.get("updated_at") != meta.get("created_at"):
        events.append(HistoryEvent(meta.get("updated_at"), meta.get("updated_by"), f"Last changed (revision {change.get('rev')})"))
    returned = meta.get("return_reason") or stored_body.get("returned_reason")
    if returned:
        events.append(HistoryEvent(None, None, f"Returned earlier: “{returned}”"))
    if meta.get("submitted_at"):
        events.append(HistoryEvent(meta.get("submitted_at"), meta.get("submitted_by"), "Submitted for approval"))
    if meta.get("approved_at"):
        events.append(HistoryEvent(meta.get("approved_at"), meta.get("approved_by"), f"Approved (revision {meta.get('approved_rev')})"))
    for decision in waiting:
        verb = "Approval" if decision.decision == "approve" else "Return"
        events.append(HistoryEvent(None, None, f"{verb} made on this laptop; waiting for the next sync"))
    return tuple(events)


def _acknowledging(store: Store) -> dict[tuple[str, str], str]:
    """(record id, addendum id) → outbox state of this laptop's acknowledgements still on their way."""
    return {
        (e.record_id, str((e.payload.get("args") or {}).get("addendum_id"))): e.state
        for e in store.outbox_entries(states=("pending", "inflight", "acked"))
        if e.kind == "command" and e.payload.get("name") == Command.ACKNOWLEDGE_ADDENDUM.value
    }


def _acknowledgements(change: Mapping[str, Any], body: Mapping[str, Any]) -> dict[Any, Mapping[str, Any]]:
    """Addendum or proposal id → who read it and when: an addendum's in the body the server sent
    (`addenda[].acknowledged_by/at`), a proposal's in the change's `meta.acknowledged_proposals` (a
    proposal is not part of the entry's body)."""
    read = {a.get("id"): a for a in (change.get("meta") or {}).get("acknowledged_proposals") or [] if isinstance(a, Mapping)}
    read.update({a.get("id"): a for a in body.get("addenda") or [] if a.get("id")})
    return read


def _addenda(record_id: str, change: Mapping[str, Any], body: Mapping[str, Any], waiting: Mapping[tuple[str, str], str],
             names: Mapping[str, str] | None = None) -> tuple[AddendumLine, ...]:
    """Addenda and proposals (not comments: those are the thread), with who acknowledged them and
    when. `names`: people and users by name, for the values a proposal names."""
    read = _acknowledgements(change, body)
    listed = [a for a in change.get("addenda") or [] if a.get("kind") in ACKNOWLEDGED_KINDS]
    if listed:
        lines = []
        for a in listed:
            known = read.get(a.get("addendum_id")) or {}
            mine_waiting = (record_id, str(a.get("addendum_id"))) in waiting and not known.get("acknowledged_by")
            proposed = _proposed(change.get("record_kind") or "", a.get("proposed_patch"), names or {}) if a.get("kind") == "proposal" else ()
            lines.append(AddendumLine(
                a.get("addendum_id"), a.get("kind", "addendum"), a.get("author"), a.get("created_at"),
                a.get("text") or "\n".join(p.text for p in proposed),
                acknowledged=bool(known.get("acknowledged_by")) or mine_waiting,
                acknowledged_by=known.get("acknowledged_by"), acknowledged_at=known.get("acknowledged_at"),
                acknowledgement_waiting=mine_waiting, proposed=proposed,
            ))
        return tuple(lines)
    # not synced yet (or a laptop-made addendum): what the record body carries
    return tuple(
        AddendumLine(a.get("id"), "addendum", a.get("author"), a.get("at"), a.get("text") or "", bool(a.get("acknowledged_by")),
                     a.get("acknowledged_by"), a.get("acknowledged_at"))
        for a in body.get("addenda") or []
    )


def open_for_review(store: Store, *, record_id: str, names: Mapping[str, str] | None = None) -> ReviewRecord:
    """The entry in full: content in the form's order with people and users by name, its history
    (written, returned before, submitted, approved, decisions waiting here) and its addenda."""
    stored = store.get(record_id)
    if stored.kind not in REVIEWED_KINDS:
        raise NothingToReview("Only home visits, family visits and trips are reviewed here.")
    sync = SyncStore(store)
    change = sync.shadow_change(record_id) or {}
    item = stored.to_domain()
    workers = team_labels(store, names=known_names(store, names))
    names = {**workers, **_names(store)}
    waiting = [d for d in decisions_waiting(store) if d.record_id == record_id]
    talk = comments.thread(store, record_id=record_id, names=names)
    store.record_audit("record.view", record_kind=stored.kind, record_id=record_id)
    return ReviewRecord(
        record_id=record_id, kind=stored.kind, noun=NOUNS[stored.kind], case_id=stored.case_id or "",
        case_number=_case_numbers(store).get(stored.case_id or "", ""), status=Status(stored.status), rev=stored.rev,
        version=stored.version, author_id=(author := (change.get("meta") or {}).get("created_by") or stored.body.get("created_by")),
        author_label=workers.get(author or "", author or ""),
        children=tuple(names.get(c, "") for c in _child_ids(item)), fields=_fields(item, stored.body, names),
        history=tuple(dataclasses.replace(h, who=workers.get(h.who or "", h.who)) for h in _history(change, stored.body, waiting)), addenda=tuple(
            dataclasses.replace(a, author_label=workers.get(a.author or "", ""), acknowledged_by_label=workers.get(a.acknowledged_by or "", "")
                                   or ("You" if a.acknowledged_by == store.header.user_id else ""))
            for a in _addenda(record_id, change, stored.body, _acknowledging(store), names)
        ),
        attachments=tuple(getattr(item, "attachments", ()) or ()), returned_reason=stored.body.get("returned_reason"),
        decision_waiting=waiting[-1].decision if waiting else None, notice=_open_stale(sync).get(record_id),
        comments=talk.lines, can_comment=talk.can_comment,
    )
