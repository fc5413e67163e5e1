"""How a change to a record is registered: `_changed` bumps the revision and queues the change-log
entry, whose seq is assigned at commit (db.py), only when the mutation's savepoint succeeds."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fieldcase.server import attachment_links
from fieldcase.server.db import note_change
from fieldcase.server.models import ChangeLog, Record
from fieldcase.server.record_bodies import _ATTACHMENT_FIELDS
from fieldcase.server.record_context import Context, Outcome


def _link_attachments(session: Session, ctx: Context, record: Record) -> None:
    """Link every attachment the record's body references (however it got there: create, patch or
    attach) so the devices whose scope includes the record may read the blob, and only those
    (blobs.readable) once the device proved it holds the content (attachment_links.py). Links stay
    when a reference is removed: they name the same case."""
    refs = {
        (name, item["sha256"])
        for name, value in (record.body or {}).items()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict)
        and isinstance(item.get("sha256"), str)
        and set(item) <= _ATTACHMENT_FIELDS
    }
    attachment_links.link(session, ctx.principal, record, refs, lambda row: _add(session, ctx, row))


def _changed(
    session: Session, ctx: Context, record: Record, outcome: Outcome | None, *, bump: bool = True
) -> None:
    """`bump=False`: a change beside the content (a comment): a new change number, so every laptop in
    scope pulls the record again, but the same revision and the same "last changed" facts."""
    _link_attachments(session, ctx, record)
    if bump:
        record.rev += 1
        record.updated_by = ctx.principal.user_id
        record.updated_at = ctx.now
    record.origin_device_id = ctx.principal.device_id
    record.origin_mutation_id = ctx.mutation_id
    rev, device_id, mutation_id = record.rev, ctx.principal.device_id, ctx.mutation_id
    if outcome is not None:
        outcome.rev = record.rev
    if ctx.sink is not None:
        ctx.sink.changed(record, rev, outcome, mutation_id)
        return

    def assign(seq: int) -> None:
        record.last_seq = seq
        session.add(
            ChangeLog(
                seq=seq,
                what="record",
                record_id=record.id,
                case_id=record.case_id,
                rev=rev,
                device_id=device_id,
                mutation_id=mutation_id,
            )
        )
        if outcome is not None:
            outcome.seq = seq

    ctx_changes(session).append(assign)


def _add(session: Session, ctx: Context, row: Any) -> None:
    """A new row of another table (conflict, addendum, attachment link): in a push, written by the
    push itself inside the mutation's savepoint; otherwise added to the session."""
    if ctx.sink is not None:
        ctx.sink.add_row(row)
    else:
        session.add(row)


def ctx_changes(session: Session) -> list:
    """Changes of the current mutation; moved to the transaction only when its savepoint succeeds."""
    return session.info.setdefault("fc_mutation_changes", [])


def commit_mutation_changes(session: Session) -> None:
    for assign in session.info.pop("fc_mutation_changes", []):
        note_change(session, assign)


def drop_mutation_changes(session: Session) -> None:
    session.info.pop("fc_mutation_changes", None)
