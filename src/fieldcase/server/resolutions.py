"""Conflicts settled by a laptop: a mutation that resolves conflicts names them (`Mutation.resolves`);
once the server has the mutation's outcome, those conflicts are marked resolved — by whom, when, with
which mutation — and their record gets a new change number, so the next pull of every laptop holding
it carries the record without them (the laptops' attention items settle, store/sync_apply.py).

This runs after the push's own transaction, in one of its own, before the push is answered: if it
fails, the push answer is lost and the laptop sends the batch again; the ledger answers `duplicate`
and the conflicts are settled then (a duplicate settles like the mutation it repeats).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from fieldcase.protocol import Mutation, MutationResult
from fieldcase.server import audit as audit_log
from fieldcase.server.audit import AuditTrail
from fieldcase.server.db import Database, note_change
from fieldcase.server.devices import Principal
from fieldcase.server.models import ChangeLog, Conflict, Record, utcnow
from fieldcase.server.scope import accessible_case_ids

#: outcomes of the resolving mutation that settle the conflicts it names ("conflict": the user's
#: choice met a newer edit, which is a new conflict with both values; the old one is superseded)
SETTLING = frozenset({"applied", "duplicate", "applied_to_voided", "conflict"})


def settle_conflicts(
    db: Database,
    principal: Principal,
    mutations: Sequence[Mutation],
    results: Sequence[MutationResult],
    audit: AuditTrail,
) -> int:
    """Mark resolved the open conflicts named by mutations that reached the server; returns how many."""
    outcome = {r.mutation_id: r.result for r in results}
    wanted: dict[str, Mutation] = {}
    for m in mutations:
        if m.resolves and outcome.get(m.mutation_id) in SETTLING:
            for conflict_id in m.resolves:
                wanted.setdefault(conflict_id, m)
    if not wanted:
        return 0
    now = utcnow()
    with db.write() as session:
        rows = session.execute(
            select(Conflict.id, Conflict.record_id)
            .join(Record, Record.id == Conflict.record_id)
            .where(Conflict.id.in_(sorted(wanted)), Conflict.resolved.is_(False))
            .where(Record.case_id.in_(accessible_case_ids(principal)))
        ).all()
        # a mutation settles only conflicts of the record it changes (no reaching into other records)
        settled = [
            (row.id, row.record_id) for row in rows if wanted[row.id].record_id == row.record_id
        ]
        for conflict_id, _record_id in settled:
            session.execute(
                update(Conflict)
                .where(Conflict.id == conflict_id, Conflict.resolved.is_(False))
                .values(
                    resolved=True,
                    resolved_by=principal.user_id,
                    resolved_at=now,
                    resolved_mutation_id=wanted[conflict_id].mutation_id,
                )
            )
            audit.add(
                "conflict_resolved",
                target_kind="conflict",
                target_id=conflict_id,
                detail={"mutation_id": wanted[conflict_id].mutation_id},
            )
        for record_id in sorted({record_id for _, record_id in settled}):
            record = session.execute(
                select(Record).where(Record.id == record_id).with_for_update()
            ).scalar_one()
            note_change(session, _reissue(session, record, principal.device_id))
        written = audit_log.write_in(session, audit)
    audit_log.written(audit, written)
    return len(settled)


def _reissue(session, record: Record, device_id: str):
    """The record again, under a new change number and the same revision (its content is unchanged):
    laptops that pulled it with the conflict pull it once more without."""

    def assign(seq: int) -> None:
        record.last_seq = seq
        session.add(
            ChangeLog(
                seq=seq,
                what="record",
                record_id=record.id,
                case_id=record.case_id,
                rev=record.rev,
                device_id=device_id,
            )
        )

    return assign
