"""One entry read in full: its content like the printed summary, its history, questions and
addenda, and the fields a late proposal would change."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any

from fieldcase.domain import kinds
from fieldcase.domain.serialization import KINDS
from fieldcase.domain.workflow import Command, Status
from fieldcase.services import comments
from fieldcase.services.approvals.models import (
    ACKNOWLEDGED_KINDS,
    NOUNS,
    AddendumLine,
    NothingToReview,
    ProposedField,
    ReviewRecord,
)
from fieldcase.services.approvals.queue import (
    _case_numbers,
    _child_ids,
    _names,
    _open_stale,
    decisions_waiting,
)
from fieldcase.services.directory import known_names
from fieldcase.services.resource_directory import providers_named
from fieldcase.services.review_words import danger_in_body, history, placements_named, who_words
from fieldcase.services.review_words import fields as _fields
from fieldcase.services.review_words import label as _label
from fieldcase.services.review_words import sections as _sections
from fieldcase.services.review_words import text as _text
from fieldcase.services.team import team_labels
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore


def _acknowledging(store: Store) -> dict[tuple[str, str], str]:
    """(record id, addendum id) → outbox state of this laptop's acknowledgements still on their way."""
    return {
        (e.record_id, str((e.payload.get("args") or {}).get("addendum_id"))): e.state
        for e in store.outbox_entries(states=("pending", "inflight", "acked"))
        if e.kind == "command" and e.payload.get("name") == Command.ACKNOWLEDGE_ADDENDUM.value
    }


def _proposed_field(name: str, change: Any, names: Mapping[str, str]) -> ProposedField:
    """One field of a proposal as the server keeps it (records._locked): {"base", "new"} for an edit,
    {"add"|"remove": item} for a list, {"attach": file} for an attachment."""
    label = _label(name)
    if isinstance(change, Mapping) and "new" in change:
        new = change.get("new")
        return (
            ProposedField(label, "clear")
            if new in (None, "", [], {})
            else ProposedField(label, "set", _text(new, names))
        )
    if isinstance(change, Mapping) and len(change) == 1:
        [(action, value)] = change.items()
        if action == "attach" and isinstance(value, Mapping):
            return ProposedField(label, "attach", str(value.get("name") or "a file"))
        if action in ("add", "remove"):
            return ProposedField(label, action, _text(value, names))
    return ProposedField(label, "set", _text(change, names))


def _proposed(kind: str, patch: Any, names: Mapping[str, str]) -> tuple[ProposedField, ...]:
    """The fields of a proposal in the form's order (the record's field order), each in words."""
    if not isinstance(patch, Mapping):
        return ()
    order = {name: i for i, name in enumerate(_field_order(kind))}
    return tuple(
        _proposed_field(name, patch[name], names)
        for name in sorted(patch, key=lambda n: (order.get(n, len(order)), n))
    )


@functools.cache
def _field_order(kind: str) -> tuple[str, ...]:
    cls = KINDS.get(kind)
    return tuple(f.name for f in dataclasses.fields(cls)) if cls is not None else ()


def _acknowledgements(
    change: Mapping[str, Any], body: Mapping[str, Any]
) -> dict[Any, Mapping[str, Any]]:
    """Addendum or proposal id → who read it and when: an addendum's in the body the server sent
    (`addenda[].acknowledged_by/at`), a proposal's in the change's `meta.acknowledged_proposals` (a
    proposal is not part of the entry's body)."""
    read = {
        a.get("id"): a
        for a in (change.get("meta") or {}).get("acknowledged_proposals") or []
        if isinstance(a, Mapping)
    }
    read.update({a.get("id"): a for a in body.get("addenda") or [] if a.get("id")})
    return read


def _addenda(
    record_id: str,
    change: Mapping[str, Any],
    body: Mapping[str, Any],
    waiting: Mapping[tuple[str, str], str],
    names: Mapping[str, str] | None = None,
) -> tuple[AddendumLine, ...]:
    """Addenda and proposals (not comments: those are the thread), with who acknowledged them and
    when. `names`: people and users by name, for the values a proposal names."""
    read = _acknowledgements(change, body)
    listed = [a for a in change.get("addenda") or [] if a.get("kind") in ACKNOWLEDGED_KINDS]
    if listed:
        lines = []
        for a in listed:
            known = read.get(a.get("addendum_id")) or {}
            mine_waiting = (record_id, str(a.get("addendum_id"))) in waiting and not known.get(
                "acknowledged_by"
            )
            proposed = (
                _proposed(change.get("record_kind") or "", a.get("proposed_patch"), names or {})
                if a.get("kind") == "proposal"
                else ()
            )
            lines.append(
                AddendumLine(
                    a.get("addendum_id"),
                    a.get("kind", "addendum"),
                    a.get("author"),
                    a.get("created_at"),
                    a.get("text") or "\n".join(p.text for p in proposed),
                    acknowledged=bool(known.get("acknowledged_by")) or mine_waiting,
                    acknowledged_by=known.get("acknowledged_by"),
                    acknowledged_at=known.get("acknowledged_at"),
                    acknowledgement_waiting=mine_waiting,
                    proposed=proposed,
                )
            )
        return tuple(lines)
    # not synced yet (or a laptop-made addendum): what the record body carries
    return tuple(
        AddendumLine(
            a.get("id"),
            "addendum",
            a.get("author"),
            a.get("at"),
            a.get("text") or "",
            bool(a.get("acknowledged_by")),
            a.get("acknowledged_by"),
            a.get("acknowledged_at"),
        )
        for a in body.get("addenda") or []
    )


def open_for_review(
    store: Store, *, record_id: str, names: Mapping[str, str] | None = None, language: str = "en"
) -> ReviewRecord:
    """The entry in full: content in the form's order with people and users by name, its history
    (written, returned before, submitted, approved, decisions waiting here) and its addenda; what
    this layer words itself (a court report's sections) in `language`, the reader's."""
    stored = store.get(record_id)
    if stored.kind not in kinds.WORKFLOW_KINDS:
        raise NothingToReview("Only home visits, family visits and trips are reviewed here.")
    sync = SyncStore(store)
    change = sync.shadow_change(record_id, body=False) or {}
    item = stored.to_domain()
    workers = team_labels(store, names=known_names(store, names))
    people = {
        **known_names(store, names),
        **workers,
    }  # the supervisor too, by name (or "You"), never by login
    me = store.header.user_id
    names = {
        **workers,
        **_names(store),
        **placements_named(store),
        **providers_named(store),
    }  # a referral's provider by name
    waiting = [d for d in decisions_waiting(store) if d.record_id == record_id]
    talk = comments.thread(store, record_id=record_id, names=names)
    store.record_audit("record.view", record_kind=stored.kind, record_id=record_id)
    return ReviewRecord(
        record_id=record_id,
        kind=stored.kind,
        noun=NOUNS[stored.kind],
        case_id=stored.case_id or "",
        case_number=_case_numbers(store).get(stored.case_id or "", ""),
        status=Status(stored.status),
        rev=stored.rev,
        version=stored.version,
        author_id=(
            author := (change.get("meta") or {}).get("created_by") or stored.body.get("created_by")
        ),
        author_label=workers.get(author or "", author or ""),
        children=tuple(names.get(c, "") for c in _child_ids(item)),
        fields=_fields(item, stored.body, names),
        history=tuple(
            dataclasses.replace(h, who=who_words(h.who, me=me, known=people))
            for h in history(change, stored.body, Status(stored.status), waiting)
        ),
        addenda=tuple(
            dataclasses.replace(
                a,
                author_label=workers.get(a.author or "", ""),
                acknowledged_by_label=workers.get(a.acknowledged_by or "", "")
                or ("You" if a.acknowledged_by == store.header.user_id else ""),
            )
            for a in _addenda(record_id, change, stored.body, _acknowledging(store), names)
        ),
        attachments=tuple(getattr(item, "attachments", ()) or ()),
        returned_reason=stored.body.get("returned_reason"),
        decision_waiting=waiting[-1].decision if waiting else None,
        notice=_open_stale(sync).get(record_id),
        comments=talk.lines,
        can_comment=talk.can_comment,
        sections=_sections(stored.kind, item, stored.body, names, language),
        danger=danger_in_body(stored.kind, stored.body),
    )
