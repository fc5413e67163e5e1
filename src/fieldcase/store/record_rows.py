"""A record as it is stored, and reading stored records in plain SQL on the DB-API connection.

This is the store's one implementation of those reads: `RecordRepository` (inside SQLAlchemy
transactions) and `Store.get`/`Store.list` (outside them) both call it. It imports no SQLAlchemy so
that unlocking and painting the caseload never wait for SQLAlchemy's import, a third of a second,
longer than a bare Qt window takes to start (issue 5's start-up target); SQLAlchemy loads on the
store worker once the caseload is on screen, before the first edit needs it.

The column names are `tables.record`'s and `tables.record_child`'s; a test keeps them in step.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from fieldcase.domain.serialization import from_dict
from fieldcase.store.errors import RecordNotFound


class DbApiConnection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...


@dataclass(frozen=True)
class StoredRecord:
    id: str
    kind: str
    case_id: str | None
    status: str | None
    rev: int
    version: int
    body: dict[str, Any]
    updated_at: str

    def to_domain(self) -> Any:
        return from_dict(self.kind, self.body)


@dataclass(frozen=True)
class Moment:
    """One instant of an edit, read once from the store's clock."""

    iso: str
    ms: int

    @property
    def as_datetime(self) -> datetime:
        return datetime.fromisoformat(self.iso)


#: what a StoredRecord is made of, in its field order
COLUMNS = ("id", "kind", "case_id", "status", "rev", "version", "body", "updated_at")


def _select(columns: tuple[str, ...]) -> str:
    return "SELECT " + ", ".join(f"record.{c}" for c in columns) + " FROM record"  # noqa: S608 - our column names


_SELECT = _select(COLUMNS)
#: the same with the record's day after them, for sorting in Python (`newest_first`)
_SELECT_WITH_DAY = _select((*COLUMNS, "occurred_on"))


def driver_connection(connection: Any) -> DbApiConnection:
    """The DB-API connection under a SQLAlchemy `Connection`, or `connection` itself when it is one
    already. Same connection, same transaction: what the SQLAlchemy side has written is seen."""
    inner = getattr(
        connection, "connection", None
    )  # SQLAlchemy: the pool's proxy of the DB-API one
    return connection if inner is None else inner.driver_connection


def _stored(row: Sequence[Any]) -> StoredRecord:
    return StoredRecord(row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6]), row[7])


def find(connection: Any, record_id: str) -> StoredRecord | None:
    row = (
        driver_connection(connection)
        .execute(_SELECT + " WHERE record.id = ?", (record_id,))
        .fetchone()
    )
    return None if row is None else _stored(row)


def get(connection: Any, record_id: str, *, kind: str | None = None) -> StoredRecord:
    """The record, or RecordNotFound when there is none of that id (and `kind`, when given)."""
    found = find(connection, record_id)
    if found is None or (kind is not None and found.kind != kind):
        raise RecordNotFound()
    return found


def list_records(
    connection: Any,
    *,
    kind: str | None = None,
    case_id: str | None = None,
    status: str | None = None,
    child_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    undated: bool = False,
) -> list[StoredRecord]:
    """Newest first (by the day it happened, then id), filtered by whichever arguments are given;
    `child_id`: records naming that child (`record_child`); `undated`: with `since`, records about
    no day are kept too (a task with no due day)."""
    sql, where = (_SELECT if limit is not None else _SELECT_WITH_DAY), []
    params: list[str | int] = []
    if child_id is not None:
        sql += " JOIN record_child ON record_child.record_id = record.id"
        where.append("record_child.child_id = ?")
        params.append(child_id)
    if undated and since is not None:
        where.append("(record.occurred_on >= ? OR record.occurred_on IS NULL)")
        params.append(since)
        since = None
    for column, value, test in (
        ("kind", kind, "="),
        ("case_id", case_id, "="),
        ("status", status, "="),
        ("occurred_on", since, ">="),
        ("occurred_on", until, "<="),
    ):
        if value is not None:
            where.append(f"record.{column} {test} ?")
            params.append(value)
    if where:
        sql += " WHERE " + " AND ".join(where)
    if limit is not None:  # the first few: SQLite sorts and stops early
        sql += " ORDER BY record.occurred_on DESC, record.id LIMIT ?"
        params.append(int(limit))
        return [_stored(row) for row in driver_connection(connection).execute(sql, params)]
    return [
        _stored(row)
        for row in newest_first(driver_connection(connection).execute(sql, params).fetchall())
    ]


def newest_first(rows: list[Sequence[Any]]) -> list[Sequence[Any]]:
    """`rows` (id first, the day last) in the order of `ORDER BY occurred_on DESC, id`: newest day
    first, records without a day last, ties by id.

    Sorted here rather than by SQLite: its sorter copies every row, bodies included, through
    SQLCipher's wiped memory, five times slower than fetching them (a caseload's 3,000 visits: 26 ms
    against 5). Python compares the ids and days as SQLite's BINARY collation does (code points
    order as UTF-8 bytes do)."""
    rows.sort(key=lambda row: row[0])
    rows.sort(
        key=lambda row: (row[-1] is not None, row[-1] or ""), reverse=True
    )  # stable: ids stay in order
    return rows


def about_children(
    connection: Any, *, kind: str, since: str, until: str, child_ids: Sequence[str] | None = None
) -> list[StoredRecord]:
    """The records of `kind` that name a child (one of `child_ids`, when given) and occurred between
    `since` and `until` (ISO days, both included).

    Found through `record_child` (child, day): `record`'s indexes lead with the case or the status,
    so a day range of one kind there reads every record of the kind — at unlock, with a cold page
    cache, a year of visits decrypted to find this fiscal year's."""
    days = "SELECT record_child.record_id FROM record_child WHERE record_child.occurred_on >= ? AND record_child.occurred_on <= ?"
    params: list[Any] = [since, until]
    if child_ids is not None:
        days += (
            " AND record_child.child_id IN (" + ", ".join("?" * len(child_ids)) + ")"
            if child_ids
            else " AND 0"
        )
        params.extend(child_ids)
    # the unary + keeps SQLite from choosing the (kind, status) index over the id lookups
    sql = f"{_SELECT} WHERE record.id IN ({days}) AND +record.kind = ?"
    params.append(kind)
    return [_stored(row) for row in driver_connection(connection).execute(sql, params)]


def with_rows_in(connection: Any, *, kind: str, field: str, since: str) -> list[StoredRecord]:
    """The records of `kind` from `since` (an ISO day) whose list `field` has a row (a visit's
    follow-up tasks), by the (kind, day) index; SQLite looks into the body, so the records without
    one are never decoded in Python (most visits write none). `field`: a name from domain/kinds.py."""
    key = f'"{field}":'
    assert not set(field) & set("*?[]"), field  # a name from domain/kinds.py: no GLOB specials
    params = (kind, since, f"{key}[]", f"*{key}*{key}*", f"$.{field}")
    return [_stored(row) for row in driver_connection(connection).execute(_WITH_ROWS_IN, params)]


# Decoding a body's JSON in SQLite costs several times reading it (a 2 KB visit: ~20 us), and most
# visits write no follow-up: their body (written compact, `records._dumps`) holds the key once, as
# `"follow_up_tasks":[]`. Such a body is passed over on a text search alone (the list is empty
# wherever the key is); any other — the key twice, a row, spaces — is decoded and its list counted,
# so the answer is the JSON check's. On 2,300 visits of 180 days: ~8 ms against ~50 ms.
_WITH_ROWS_IN = f"""{_SELECT} WHERE record.kind = ? AND record.occurred_on >= ?
AND NOT (instr(record.body, ?) > 0 AND NOT record.body GLOB ?)
AND json_array_length(record.body, ?) > 0"""
