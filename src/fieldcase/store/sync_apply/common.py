"""What every part of the store's side of sync shares: the outbox states, the results handed back,
the base the parts build on (the unlocked store, its device and user, its clock) and the one-statement
read of many rows by id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from fieldcase.store import shadows
from fieldcase.store.outbox import INFLIGHT, PENDING
from fieldcase.store.records import Moment
from fieldcase.store.tables import record, shadow

#: outbox states that still have to reach the server
UNSENT = (PENDING, INFLIGHT)
ACKED, CONVERTED, CONFLICT, QUARANTINED = "acked", "converted", "conflict", "quarantined"
#: marks a row sent again after a server restore (its first answer may be in the lost history)
REPUSH = "resent after the server was restored"
#: server-side failures worth another try later (not in the server's ledger)
RETRY_CODES = frozenset({"server_error"})


@dataclass(frozen=True)
class SyncState:
    cursor: str | None
    epoch: str | None
    server_offset_ms: int
    last_device_seq: int
    last_sync_at: str | None


@dataclass(frozen=True)
class Attention:
    id: str
    topic: str
    record_kind: str | None
    record_id: str | None
    mutation_id: str | None
    message: str
    details: dict[str, Any]
    created_at: str
    resolved_at: str | None


@dataclass(frozen=True)
class PageApplied:
    changes: int
    removed: int
    granted: tuple[str, ...]
    revoked: tuple[str, ...]
    purged_cases: int = 0


@dataclass(frozen=True)
class ResultsRecorded:
    acked: int
    converted: int
    conflicts: int
    quarantined: int
    retry: int


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class SyncStoreBase:
    """The unlocked `Store` the sync-side operations work on (one transaction each)."""

    def __init__(self, store: Any) -> None:
        self._store = store

    @property
    def device_id(self) -> str:
        return self._store.header.device_id

    @property
    def user_id(self) -> str:
        return self._store.header.user_id

    def _now(self) -> Moment:
        return self._store.moment()


#: the ids of `_rows_in`, one JSON array bound once
_LISTED_IDS = select(func.json_each(bindparam("listed_ids")).table_valued("value").c.value)


def _rows_in(connection: Connection, query: Any, column: Any, ids: list[str]) -> Sequence[Any]:
    """The rows of `query` whose `column` is one of `ids`, in one statement.

    The ids travel as one JSON array read by `json_each`, not as an IN list of bound values: with
    cipher_memory_security every SQLite allocation is a locked, wiped block (a syscall pair), and
    compiling an IN list of 500 values took thousands of them; this statement compiles once."""
    if not ids:
        return []
    return connection.execute(
        query.where(column.in_(_LISTED_IDS)), {"listed_ids": json.dumps(ids)}
    ).all()


def _existing_records(connection: Connection, ids: list[str]) -> dict[str, Any]:
    query = select(
        record.c.id, record.c.version, record.c.search_rowid, record.c.body, record.c.rev
    )
    return {row.id: row for row in _rows_in(connection, query, record.c.id, ids)}


def _held_changes(
    connection: Connection, ids: list[str], *, with_body: bool = True
) -> dict[str, dict[str, Any]]:
    """The shadows of these records as pulled changes (store/shadows.py), in one statement; with
    `with_body=False` without the body (meta, conflicts, addenda: the shadow row alone)."""
    query = shadows.WHOLE if with_body else shadows.WITHOUT_BODY
    return {
        row.record_id: shadows.whole(row.change, row.body, with_body=with_body)
        for row in _rows_in(connection, query, shadow.c.record_id, ids)
    }
