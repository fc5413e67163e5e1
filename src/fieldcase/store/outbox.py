"""The outbox: every local edit as an intent-level mutation waiting for the server (sync.md).

Each mutation gets a UUIDv7 id and the next gapless `device_seq`, both taken inside the edit's own
transaction. Autosave would otherwise write a row per keystroke burst, so an edit is folded into the
record's *latest* row while that row is still pending (never into an in-flight one, and never past
a later command, so the record's order of intent is kept).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, update

from fieldcase.domain.ids import new_id
from fieldcase.store.clock import format_hlc, next_hlc
from fieldcase.store.tables import outbox, sync_state

#: version of the record bodies this build writes; old rows keep theirs (migrations never rewrite them)
SCHEMA_VERSION = 1

PENDING = "pending"
INFLIGHT = "inflight"
STATES = ("pending", "inflight", "acked", "converted", "conflict", "quarantined")


@dataclass(frozen=True)
class OutboxEntry:
    mutation_id: str
    device_seq: int
    record_kind: str
    record_id: str
    kind: str
    base_rev: int
    payload: dict[str, Any]
    hlc: str
    schema_version: int
    state: str
    attempts: int
    last_error: str | None


def _entry(row: Any) -> OutboxEntry:
    return OutboxEntry(
        row.mutation_id,
        row.device_seq,
        row.record_kind,
        row.record_id,
        row.kind,
        row.base_rev,
        json.loads(row.payload),
        row.hlc,
        row.schema_version,
        row.state,
        row.attempts,
        row.last_error,
    )


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Outbox:
    def __init__(self, device_id: str) -> None:
        self._device_id = device_id

    def append(
        self,
        connection: Connection,
        *,
        record_kind: str,
        record_id: str,
        kind: str,
        base_rev: int,
        payload: dict[str, Any],
        now_iso: str,
        now_ms: int,
    ) -> OutboxEntry:
        state = connection.execute(select(sync_state).where(sync_state.c.id == 1)).one()
        wall, counter = next_hlc(state.hlc_wall_ms, state.hlc_counter, now_ms)
        device_seq = state.last_device_seq + 1
        connection.execute(
            update(sync_state)
            .where(sync_state.c.id == 1)
            .values(last_device_seq=device_seq, hlc_wall_ms=wall, hlc_counter=counter)
        )
        mutation_id = new_id()
        values = dict(
            mutation_id=mutation_id,
            device_seq=device_seq,
            record_kind=record_kind,
            record_id=record_id,
            kind=kind,
            base_rev=base_rev,
            payload=_dumps(payload),
            hlc=format_hlc(wall, counter, self._device_id),
            schema_version=SCHEMA_VERSION,
            state=PENDING,
            attempts=0,
            created_at=now_iso,
        )
        connection.execute(outbox.insert(), values)
        return OutboxEntry(
            mutation_id,
            device_seq,
            record_kind,
            record_id,
            kind,
            base_rev,
            json.loads(values["payload"]),
            values["hlc"],
            SCHEMA_VERSION,
            PENDING,
            0,
            None,
        )

    def record_edit(
        self,
        connection: Connection,
        *,
        record_kind: str,
        record_id: str,
        base_rev: int,
        changes: dict[str, dict[str, Any]],
        now_iso: str,
        now_ms: int,
    ) -> OutboxEntry:
        """Queue a field-level patch `{field: {"base": old, "new": new}}`, folded into a pending row."""
        latest = connection.execute(
            select(outbox)
            .where(outbox.c.record_id == record_id)
            .order_by(outbox.c.device_seq.desc())
            .limit(1)
        ).first()
        if latest is not None and latest.state == PENDING and latest.kind in ("create", "patch"):
            payload = json.loads(latest.payload)
            if latest.kind == "create":
                payload["fields"].update({name: change["new"] for name, change in changes.items()})
            else:
                merged = payload["changes"]
                for name, change in changes.items():
                    base = merged[name]["base"] if name in merged else change["base"]
                    if base == change["new"]:
                        merged.pop(name, None)  # edited back to what the server has
                    else:
                        merged[name] = {"base": base, "new": change["new"]}
            connection.execute(
                update(outbox)
                .where(outbox.c.mutation_id == latest.mutation_id)
                .values(payload=_dumps(payload))
            )
            return _entry(
                connection.execute(
                    select(outbox).where(outbox.c.mutation_id == latest.mutation_id)
                ).one()
            )
        return self.append(
            connection,
            record_kind=record_kind,
            record_id=record_id,
            kind="patch",
            base_rev=base_rev,
            payload={"changes": changes},
            now_iso=now_iso,
            now_ms=now_ms,
        )

    def entries(
        self, connection: Connection, *, states: tuple[str, ...] = STATES, limit: int | None = None
    ) -> list[OutboxEntry]:
        query = select(outbox).where(outbox.c.state.in_(states)).order_by(outbox.c.device_seq)
        if limit is not None:
            query = query.limit(limit)
        return [_entry(row) for row in connection.execute(query)]

    def for_record(self, connection: Connection, record_id: str) -> list[OutboxEntry]:
        query = select(outbox).where(outbox.c.record_id == record_id).order_by(outbox.c.device_seq)
        return [_entry(row) for row in connection.execute(query)]

    def counts(self, connection: Connection) -> dict[str, int]:
        rows = connection.execute(
            select(outbox.c.state, func.count()).group_by(outbox.c.state)
        ).all()
        return dict(rows)

    def last_device_seq(self, connection: Connection) -> int:
        return connection.execute(
            select(sync_state.c.last_device_seq).where(sync_state.c.id == 1)
        ).scalar_one()
