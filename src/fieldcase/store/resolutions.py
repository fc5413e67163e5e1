"""Settling a conflict on the laptop so the server learns of it too (services/conflicts.py).

The user's choice is an ordinary edit (a patch of the field); the outbox row that carries it also
names the conflicts it settles (`payload["resolves"]`, sent as `Mutation.resolves`), and the server
marks them resolved when the mutation arrives. When the choice needs no edit ("keep theirs" with the
field already at the server's value) the row is a patch of the field to the value it already has:
the server changes nothing but still learns the conflict is settled. Everything — the edit, the
outbox row, the attention item and the audit event — is one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update

from fieldcase.store.outbox import PENDING, Outbox, _dumps
from fieldcase.store.records import RecordRepository, Saved
from fieldcase.store.tables import attention, outbox, record


def resolve_conflict(
    store: Any,  # the Store (typed loosely: store.py imports this module)
    records: RecordRepository,
    outbox_rows: Outbox,
    *,
    conflict_id: str,
    record_id: str,
    field: str,
    value: Any,
    item: Any = None,
    expected_version: int | None = None,
    choice: str = "",
) -> Saved | None:
    """Save `item` (the record with the chosen value) when given, then make sure an unsent patch of
    the record carries `field` and names `conflict_id`; mark the attention item resolved. Called by
    `Store.resolve_conflict`, which hands over its record repository and outbox."""
    now = store.moment()
    with store.transaction() as connection:
        saved = None
        row = connection.execute(
            select(record.c.kind, record.c.rev).where(record.c.id == record_id)
        ).one()
        if item is not None:
            saved = records.save(connection, item, now=now, expected_version=expected_version)
        latest = connection.execute(
            select(outbox)
            .where(outbox.c.record_id == record_id)
            .order_by(outbox.c.device_seq.desc())
            .limit(1)
        ).first()
        if latest is not None and latest.state == PENDING and latest.kind == "patch":
            payload = json.loads(latest.payload)
            payload.setdefault("changes", {}).setdefault(field, {"base": value, "new": value})
            payload["resolves"] = sorted({*payload.get("resolves", []), conflict_id})
            connection.execute(
                update(outbox)
                .where(outbox.c.mutation_id == latest.mutation_id)
                .values(payload=_dumps(payload))
            )
        else:
            rev = connection.execute(
                select(record.c.rev).where(record.c.id == record_id)
            ).scalar_one()
            outbox_rows.append(
                connection,
                record_kind=row.kind,
                record_id=record_id,
                kind="patch",
                base_rev=rev,
                payload={
                    "changes": {field: {"base": value, "new": value}},
                    "resolves": [conflict_id],
                },
                now_iso=now.iso,
                now_ms=now.ms,
            )
        connection.execute(
            update(attention)
            .where(attention.c.id == conflict_id, attention.c.resolved_at.is_(None))
            .values(resolved_at=now.iso)
        )
        store.audit_in(
            connection,
            "conflict.resolve",
            at=now,
            record_kind=row.kind,
            record_id=record_id,
            detail={"code": choice or "edit", "fields": [field]},
        )
    return saved
