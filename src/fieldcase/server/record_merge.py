"""An edit meeting the server's record: approved records locked (the edit becomes an addendum
proposal), a field-level three-way merge keeping both values on a conflict, and who wrote which field."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from fieldcase.domain import patches
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import Status
from fieldcase.protocol import ConflictInfo, Mutation
from fieldcase.server.change_numbering import _add, _changed
from fieldcase.server.devices import iso
from fieldcase.server.models import Addendum, Conflict, Record
from fieldcase.server.record_access import _check_edit_fields, _check_narrative
from fieldcase.server.record_bodies import _normalise, noun
from fieldcase.server.record_context import Context, Outcome
from fieldcase.server.refusals import Refused


def _stamp_authors(record: Record, names: Any, ctx: Context) -> None:
    authors = dict(record.field_authors or {})
    for name in names:
        authors[name] = {"by": ctx.principal.user_id, "at": iso(ctx.now)}
    record.field_authors = authors


def _locked(
    session: Session, ctx: Context, record: Record, proposal: dict[str, Any], m: Mutation | None
) -> Outcome:
    addendum = Addendum(
        id=new_id(),
        record_id=record.id,
        kind="proposal",
        author=ctx.principal.user_id,
        created_at=ctx.now,
        proposed_patch=proposal,
        mutation_id=m.mutation_id if m else None,
    )
    _add(session, ctx, addendum)
    outcome = Outcome(
        "locked",
        record.id,
        code="locked",
        reason=f"This {noun(record.kind)} was approved and is read-only; your change was kept as an addendum proposal.",
        addendum_id=addendum.id,
    )
    _changed(session, ctx, record, outcome)
    return outcome


def _patch(session: Session, ctx: Context, m: Mutation, record: Record) -> Outcome:
    assert m.patch is not None and m.base_rev is not None
    names = set(m.patch)
    _check_edit_fields(names, record.kind)
    _check_narrative(session, ctx, record, names)
    raw = {k: {"base": v.base, "new": v.new} for k, v in m.patch.items()}
    if record.status == Status.APPROVED.value:
        return _locked(session, ctx, record, raw, m)
    if m.base_rev > record.rev:
        raise Refused(
            "bad_base_rev",
            "The edit refers to a revision the server never had; sync again from the start.",
        )
    current = dict(record.body or {})
    if m.base_rev == record.rev:
        merged, conflicts = dict(current), list[patches.Conflict]()
        for name, change in raw.items():
            merged[name] = change["new"]
    else:
        try:
            merged, conflicts = patches.apply_patch(current, raw, kind=record.kind)
        except patches.PatchRefused as exc:
            raise Refused(exc.code, exc.message) from None
    merged = _normalise(record.kind, record.id, record.case_id, merged)
    applied = {k for k in names if merged.get(k) != current.get(k)}
    record.body = merged
    _stamp_authors(record, applied, ctx)
    voided = record.status == Status.VOIDED.value
    if conflicts:
        outcome = Outcome(
            "conflict",
            record.id,
            code="conflict",
            reason="Someone else changed the same field; both values are kept for review.",
        )
        _record_conflicts(session, ctx, record, conflicts, outcome, m)
    elif voided:
        outcome = Outcome(
            "applied_to_voided",
            record.id,
            code="voided",
            reason=f"The change was saved, but this {noun(record.kind)} was voided.",
        )
    else:
        outcome = Outcome("applied", record.id)
    if applied or conflicts:
        _changed(session, ctx, record, outcome)
    else:
        outcome.rev, outcome.seq = record.rev, record.last_seq
    return outcome


def _record_conflicts(
    session: Session,
    ctx: Context,
    record: Record,
    conflicts: list,
    outcome: Outcome,
    m: Mutation | None,
) -> None:
    authors = record.field_authors or {}
    for c in conflicts:
        server_author = authors.get(c.field, {})
        row = Conflict(
            id=new_id(),
            record_id=record.id,
            field=c.field,
            server_value=c.server,
            client_value=c.mine,
            server_author=server_author.get("by"),
            server_at=server_author.get("at"),
            client_author=ctx.principal.user_id,
            client_at=ctx.hlc,
            mutation_id=m.mutation_id if m else None,
            narrative=bool(c.narrative),
            created_at=ctx.now,
        )
        _add(session, ctx, row)
        outcome.conflicts.append(conflict_info(row))


def conflict_info(row: Conflict) -> ConflictInfo:
    return ConflictInfo(
        conflict_id=row.id,
        field=row.field,
        server_value=row.server_value,
        client_value=row.client_value,
        server_author=row.server_author,
        client_author=row.client_author,
        server_at=row.server_at,
        client_at=row.client_at,
        mutation_id=row.mutation_id,
        narrative=row.narrative,
    )
