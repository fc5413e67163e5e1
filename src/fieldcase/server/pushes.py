"""`POST /sync/push`: mutations in device_seq order, each in its own savepoint, one result each.

The ledger makes replays harmless: a mutation id seen before answers its stored result (as
"duplicate" when it had been applied) and does nothing else. A server bug inside one mutation
answers "deferred" without a ledger row, so the laptop retries it later and nothing is lost.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from fieldcase.protocol import MutationResult, PushRequest, PushResponse
from fieldcase.server.audit import AuditTrail
from fieldcase.server.db import Database
from fieldcase.server.devices import Principal, iso
from fieldcase.server.models import Device, MutationLedger, utcnow
from fieldcase.server.records import (
    Context,
    Outcome,
    Refused,
    apply_mutation,
    commit_mutation_changes,
    drop_mutation_changes,
)
from fieldcase.server.scope import accessible_case_ids

log = logging.getLogger("fieldcase.server.push")

#: results whose replay is reported as "duplicate"; other outcomes are repeated as they were
_DUPLICATE_OF = {"applied", "applied_to_voided", "duplicate"}


def push(db: Database, principal: Principal, req: PushRequest, audit: AuditTrail, *, grace: timedelta) -> PushResponse:
    mutations = sorted(req.mutations, key=lambda m: m.device_seq)
    results: list[MutationResult] = []
    counts: dict[str, int] = {}
    with db.write() as session:
        device = session.get(Device, principal.device_id)
        assert device is not None
        ids = [m.mutation_id for m in mutations]
        seen = {row.mutation_id: row for row in session.execute(select(MutationLedger).where(MutationLedger.mutation_id.in_(ids))).scalars()}
        scope = set(session.execute(accessible_case_ids(principal)).scalars())
        now = utcnow()
        finished: list[tuple[MutationLedger, Outcome, object]] = []
        for m in mutations:
            stored = seen.get(m.mutation_id)
            if stored is not None:
                if stored.device_id != principal.device_id:
                    results.append(Outcome("rejected", m.record_id, code="mutation_id_taken", reason="This change id was already used by another laptop.").to_result(m))
                    continue
                previous = MutationResult.model_validate(stored.outcome)
                if previous.result in _DUPLICATE_OF:
                    previous = previous.model_copy(update={"result": "duplicate"})
                results.append(previous)
                counts["duplicate"] = counts.get("duplicate", 0) + 1
                continue
            if m.device_seq <= device.last_device_seq and not device.suspect:
                # A new mutation numbered at or below what this laptop already sent: a cloned or
                # rolled-back store. Apply it anyway (nothing is dropped) and flag the device.
                device.suspect, device.suspect_reason = True, "device_seq_regression"
                audit.add("device_suspect", outcome="failed", target_kind="device", target_id=device.id, detail={"why": "device_seq_regression"})
            device.last_device_seq = max(device.last_device_seq, m.device_seq)
            ctx = Context(principal=principal, scope=scope, now=now, grace_seconds=grace.total_seconds(), mutation_id=m.mutation_id, hlc=m.hlc)
            drop_mutation_changes(session)
            try:
                with session.begin_nested():
                    outcome = apply_mutation(session, ctx, m)
            except Refused as refused:
                drop_mutation_changes(session)
                outcome = Outcome(refused.result, m.record_id, code=refused.code, reason=refused.reason)
                if refused.result == "deferred":
                    # the quarantine row was rolled back with the savepoint: keep it
                    with session.begin_nested():
                        _requarantine(session, ctx, m, refused.code)
            except Exception:
                drop_mutation_changes(session)
                log.exception("mutation failed on the server (kind=%s, record_kind=%s)", m.kind, m.record_kind)
                results.append(Outcome("deferred", m.record_id, code="server_error", reason="The server could not process this change; it will be retried.").to_result(m))
                continue
            commit_mutation_changes(session)
            row = MutationLedger(
                mutation_id=m.mutation_id, device_id=principal.device_id, device_seq=m.device_seq, record_id=m.record_id, result=outcome.result, outcome={}
            )
            session.add(row)
            seen[m.mutation_id] = row
            finished.append((row, outcome, m))
            counts[outcome.result] = counts.get(outcome.result, 0) + 1
            if outcome.result in ("rejected",) and outcome.code == "not_found":
                audit.add("push", outcome="denied", target_kind=m.record_kind, target_id=m.record_id, detail={"code": "not_found"})

        def write_outcomes(_seq: int) -> None:
            # Runs after every change number is known (last of this transaction's changes).
            for row, outcome, m in finished:
                result = outcome.to_result(m)  # type: ignore[arg-type]
                row.outcome = result.model_dump(mode="json")
                row.rev, row.seq = outcome.rev, outcome.seq

        session.info.setdefault("fc_after_stamp", []).append(write_outcomes)
    # Build the answer in device_seq order (duplicates answered in place).
    by_id = {r.mutation_id: r for r in results}
    for row, outcome, m in finished:
        by_id[m.mutation_id] = outcome.to_result(m)  # type: ignore[arg-type]
    ordered = [by_id[m.mutation_id] for m in mutations if m.mutation_id in by_id]
    audit.add("push", detail={"mutations": len(mutations), **counts})
    return PushResponse(batch_id=req.batch_id, results=ordered, server_time=iso(utcnow()) or "")


def _requarantine(session, ctx: Context, m, code: str) -> None:  # type: ignore[no-untyped-def]
    from fieldcase.domain.ids import new_id
    from fieldcase.server.models import Quarantine, Record

    record = session.get(Record, m.record_id)
    session.add(
        Quarantine(
            id=new_id(),
            mutation_id=m.mutation_id,
            device_id=ctx.principal.device_id,
            user_id=ctx.principal.user_id,
            record_id=m.record_id,
            case_id=record.case_id if record is not None else (m.fields or {}).get("case_id"),
            code=code,
            mutation=m.model_dump(mode="json"),
        )
    )

