"""The statements of a page of the changes feed (server/changes.py), built once and reused.

A pull runs at every sync of every laptop, and building these statements — a LATERAL join over the
device's grants, the scope's union for a supervisor — cost the server more than running them. Each
is built once per (dialect, role, whether the cursor says "everything at its seq was sent") with
its values left as parameters (`values`), so a pull only binds them (SQLAlchemy then finds the
compiled form in its cache too).

Why each statement reads only about the rows it returns: sync.md "Pull by index"; the test is
tests/integration/server/test_pull_by_index.py (EXPLAIN ANALYZE on PostgreSQL)."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, and_, bindparam, or_, select, true

from fieldcase.server.devices import Principal
from fieldcase.server.models import DeviceCaseScope, Record, ScopeEventRow
from fieldcase.server.scope import accessible_case_ids_bound, scope_values

#: what a change needs of a record (not field_authors: a JSON column read for nothing)
PAGE_COLUMNS = tuple(c for c in Record.__table__.columns if c.key != "field_authors")
ALL_DONE = "~"  # sorts after every record id: "everything at this seq was sent"

_DEVICE = bindparam("device_id", type_=DeviceCaseScope.device_id.type)
_AFTER_SEQ = bindparam("after_seq", type_=BigInteger)
_AFTER_ID = bindparam("after_id", type_=Record.id.type)
_TOP = bindparam("top", type_=BigInteger)
_LIMIT_1 = bindparam("limit_1", type_=Integer)  # the page's size + 1: one more says "has more"
_LIMIT_2 = bindparam("limit_2", type_=Integer)


def values(
    principal: Principal, after_seq: int, after_id: str, top: int, limit: int
) -> dict[str, Any]:
    """The parameters of every statement below for one page."""
    return {
        **scope_values(principal),
        "device_id": principal.device_id,
        "after_seq": after_seq,
        "after_id": after_id,
        "top": top,
        "limit_1": limit + 1,
        "limit_2": limit + 2,
    }


@functools.lru_cache(maxsize=64)
def granted(role: str, all_done: bool, dialect: str) -> Select:
    """Records a grant brought (their last change is not after the grant): position = the grant's seq.

    On PostgreSQL the device's grants are walked in seq order (device_case_scope by (device_id,
    granted_seq)) and each case's records read beside it (LATERAL, by (case_id, last_seq)); every
    grant has its own seq, so the sort by record id is one case at a time (an incremental sort) and
    LIMIT stops after about a page: rows read <= the page + one case. At most limit + 2 grants are
    walked: each has a scope event in the stream, so a later grant's records cannot be on this page."""
    held = DeviceCaseScope
    in_scope = [held.device_id == _DEVICE, held.case_id.in_(accessible_case_ids_bound(role))]
    # "~" (everything at after_seq sent): strictly after, so a no-op pull does not re-read the last case
    window = [
        held.granted_seq > _AFTER_SEQ if all_done else held.granted_seq >= _AFTER_SEQ,
        held.granted_seq <= _TOP,
    ]
    if dialect != "postgresql":  # SQLite has no LATERAL; same rows, its planner's own way
        return (
            select(*PAGE_COLUMNS, held.granted_seq.label("position"))
            .join(Record, Record.case_id == held.case_id)
            .where(*in_scope, *window, Record.last_seq <= held.granted_seq)
            .where(or_(held.granted_seq > _AFTER_SEQ, Record.id > _AFTER_ID))
            .order_by(held.granted_seq, Record.id)
            .limit(_LIMIT_1)
        )
    grants = (
        select(held.case_id, held.granted_seq)
        .where(*in_scope, *window)
        .order_by(held.granted_seq)
        .limit(_LIMIT_2)
        .subquery("grants")
    )
    brought = (
        select(*PAGE_COLUMNS)
        .where(Record.case_id == grants.c.case_id, Record.last_seq <= grants.c.granted_seq)
        .where(or_(grants.c.granted_seq > _AFTER_SEQ, Record.id > _AFTER_ID))
        .order_by(Record.id)
        .limit(_LIMIT_1)
        .lateral("brought")
    )
    return (
        select(*brought.c, grants.c.granted_seq.label("position"))
        .select_from(grants)
        .join(brought, true())
        .order_by(grants.c.granted_seq, brought.c.id)
        .limit(_LIMIT_1)
    )


@functools.lru_cache(maxsize=64)
def updated(role: str, all_done: bool) -> Select:
    """Records changed after their case was granted: position = their own last change.

    One index range per held case on record (case_id, last_seq) after the cursor: only changed
    records are read, never the unchanged scope — a no-op pull reads no record at all."""
    held = DeviceCaseScope
    return (
        select(*PAGE_COLUMNS, Record.last_seq.label("position"))
        .join(held, and_(held.case_id == Record.case_id, held.device_id == _DEVICE))
        .where(held.case_id.in_(accessible_case_ids_bound(role)))
        .where(Record.last_seq > _AFTER_SEQ if all_done else Record.last_seq >= _AFTER_SEQ)
        .where(Record.last_seq <= _TOP, Record.last_seq > held.granted_seq)
        .where(or_(Record.last_seq > _AFTER_SEQ, Record.id > _AFTER_ID))
        .order_by(Record.last_seq, Record.id)
        .limit(_LIMIT_1)
    )


@functools.lru_cache(maxsize=1)
def scope_events() -> Select:
    """The device's grant and revoke events after the cursor, up to the page's top."""
    return (
        select(ScopeEventRow)
        .where(
            ScopeEventRow.device_id == _DEVICE,
            ScopeEventRow.seq > _AFTER_SEQ,
            ScopeEventRow.seq <= _TOP,
        )
        .order_by(ScopeEventRow.seq)
        .limit(_LIMIT_1)
    )


@functools.lru_cache(maxsize=1)
def held_cases() -> Select:
    """The cases the device was last given (its scope as the feed knows it)."""
    return select(DeviceCaseScope.case_id).where(DeviceCaseScope.device_id == _DEVICE)
