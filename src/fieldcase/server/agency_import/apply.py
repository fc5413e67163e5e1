"""Writing a checked import in one transaction, with bulk statements (not one ORM flush per row):
new records, their change-log entries and the import's memory; changed records merged field by
field with what laptops wrote since the last import (sync.md "Merge of a patch": the import is the
office's patch, its base the value it imported last time).

Record bodies are made and written in `_new_body` / `_set_body` only, so a server that encrypts
bodies at rest changes these two places."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from fieldcase.domain import metadata
from fieldcase.domain.ids import new_id
from fieldcase.server.db import note_change
from fieldcase.server.devices import iso
from fieldcase.server.models import AgencyImportRow, AuditLog, CaseAssignment, ChangeLog, Conflict, Record, utcnow
from fieldcase.server.records import _normalise

from .plan import Plan, digest, field_values, row_hash
from .validation import WORKER, Item, Known

CHUNK = 1000
#: how the import signs what it wrote (field_authors) and what it asked for in a conflict
AUTHOR_NOTE = "agency import"


@dataclass
class Written:
    conflicts: int = 0
    purged: int = 0  # changed rows of records purged on the server: left purged
    changed: dict[str, int] = field(default_factory=dict)


def _new_body(item: Item, worker_id: str | None) -> dict[str, Any]:
    # item.record went through the domain's from_dict/to_dict, as _normalise does
    body = {k: v for k, v in (item.record or {}).items() if k not in metadata.SERVER_OWNED_FIELDS}
    body["state_id"] = item.state_id
    if item.kind == "case":
        body["primary_worker_id"], body["covering_workers"] = worker_id, []
    return body


def _set_body(record: Record, body: dict[str, Any]) -> None:
    state_id = (record.body or {}).get("state_id")
    body = _normalise(record.kind, record.id, record.case_id, body)
    for name in ("state_id", "primary_worker_id", "covering_workers"):
        if name in (record.body or {}):
            body[name] = (record.body or {})[name]
    body["state_id"] = state_id or body.get("state_id")
    record.body = body


def apply_plan(session: Session, plan: Plan, known: Known, key: bytes, *, write: bool, now: datetime | None = None) -> Written:
    """With write=False, only finds which of the maybe-changed records really change (dry run)."""
    now = now or utcnow()
    done = Written()
    pending: list[tuple[str, str, int]] = []
    if write and plan.new:
        _insert_new(session, plan.new, known, key, now, pending)
    _merge_changed(session, plan, known, key, now, pending, done, write=write)
    if write:
        _number(session, pending)
    return done


def _insert_new(session: Session, items: list[Item], known: Known, key: bytes, now: datetime, pending: list) -> None:
    records, memory, assignments = [], [], []
    for item in items:
        worker_id = known.users.get(item.worker) if item.worker else None
        records.append(
            {"id": item.id, "kind": item.kind, "case_id": item.case_id, "rev": 1, "status": "active", "deleted": False,
             "body": _new_body(item, worker_id), "field_authors": {}, "created_at": now, "updated_at": now, "last_seq": 0}
        )
        memory.append(_memory(item, key, now))
        if worker_id:
            opened = item.fields.get("opened_on")
            starts = min(datetime.fromisoformat(opened).date(), now.date()) if opened else now.date()
            assignments.append({"case_id": item.id, "user_id": worker_id, "role": "primary", "starts_on": starts, "ends_on": None})
        pending.append((item.id, item.case_id, 1))
    for rows, table in ((records, Record.__table__), (memory, AgencyImportRow.__table__), (assignments, CaseAssignment.__table__)):
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(table), rows[start : start + CHUNK])


def _memory(item: Item, key: bytes, now: datetime, digests: dict[str, str] | None = None) -> dict[str, Any]:
    values = field_values(item)
    merged = dict(digests or {})
    merged.update({name: digest(key, value) for name, value in values.items()})
    return {"kind": item.kind, "state_id": item.state_id, "record_id": item.id, "case_id": item.case_id,
            "role": item.fields.get("role") if item.kind == "person" else None,
            "row_hash": row_hash(key, item), "digests": merged, "imported_at": now}


def _merge_changed(session: Session, plan: Plan, known: Known, key: bytes, now: datetime, pending: list, done: Written, *, write: bool) -> None:
    for start in range(0, len(plan.changed), CHUNK):
        chunk = plan.changed[start : start + CHUNK]
        ids = [item.id for item in chunk]
        query = select(Record).where(Record.id.in_(ids))
        records = {r.id: r for r in session.execute(query.with_for_update() if write else query).scalars()}
        rows = {
            (row.kind, row.state_id): row
            for row in session.execute(select(AgencyImportRow).where(AgencyImportRow.record_id.in_(ids))).scalars()
        }
        for item in chunk:
            record, memory = records.get(item.id), rows.get((item.kind, item.state_id))
            if record is None:  # remembered, but the record is gone (history pruned after a purge)
                plan.count(item.kind, "unchanged")
                done.purged += 1
                continue
            if record.deleted:
                plan.count(item.kind, "unchanged")
                done.purged += 1
                continue
            changed = _merge_one(session, item, record, memory, known, key, now, done, write=write)
            plan.count(item.kind, "changed" if changed else "unchanged")
            if write:
                if changed:
                    pending.append((record.id, record.case_id, record.rev))
                _remember(session, item, memory, key, now)


def _merge_one(session: Session, item: Item, record: Record, memory: AgencyImportRow | None, known: Known, key: bytes,
               now: datetime, done: Written, *, write: bool) -> bool:
    base = dict(memory.digests) if memory is not None else {}
    current = dict(record.body or {})
    body, applied, conflicts = dict(current), [], []
    for name, new in item.fields.items():
        if digest(key, new) == base.get(name):
            continue  # the office did not change it since the last import: a laptop's edit stands
        mine = current.get(name)
        if mine == new:
            continue
        if name not in base or digest(key, mine) == base[name]:
            body[name] = new
            applied.append(name)
        else:
            conflicts.append((name, mine, new))
    reassign = item.worker is not None and digest(key, item.worker) != base.get(WORKER) and (
        (known.users.get(item.worker) if item.worker else None) != current.get("primary_worker_id")
    )
    if not (applied or conflicts or reassign):
        return False
    if not write:
        return True
    if applied:
        _set_body(record, body)
        authors = dict(record.field_authors or {})
        for name in applied:
            authors[name] = {"by": None, "at": iso(now), "via": AUTHOR_NOTE}
        record.field_authors = authors
    for name, mine, new in conflicts:
        author = (record.field_authors or {}).get(name, {})
        session.add(Conflict(
            id=new_id(), record_id=record.id, field=name, server_value=mine, client_value=new,
            server_author=author.get("by"), server_at=author.get("at"), client_author=None, client_at=f"{AUTHOR_NOTE} {iso(now)}",
            narrative=name in metadata.NARRATIVE_FIELDS.get(record.kind, frozenset()), created_at=now,
        ))
        done.conflicts += 1
    if reassign:
        _reassign(session, record, known.users.get(item.worker) if item.worker else None, now)
    record.rev += 1
    record.updated_at, record.updated_by = now, None
    record.origin_device_id = record.origin_mutation_id = None
    return True


def _reassign(session: Session, case: Record, worker_id: str | None, now: datetime) -> None:
    """The office moved the case: end the primary assignment, start the new one (as assign-case)."""
    from fieldcase.server.admin import _update_case_workers

    today = now.date()
    for row in session.execute(
        select(CaseAssignment).where(CaseAssignment.case_id == case.id, CaseAssignment.role == "primary", CaseAssignment.ends_on.is_(None))
    ).scalars():
        if row.starts_on >= today:
            session.delete(row)
        else:
            row.ends_on = today
    if worker_id:
        session.add(CaseAssignment(case_id=case.id, user_id=worker_id, role="primary", starts_on=today, ends_on=None))
    _update_case_workers(session, case)


def _remember(session: Session, item: Item, memory: AgencyImportRow | None, key: bytes, now: datetime) -> None:
    values = _memory(item, key, now, dict(memory.digests) if memory is not None else None)
    if memory is None:
        session.execute(insert(AgencyImportRow.__table__), [values])
    else:
        memory.row_hash, memory.digests, memory.imported_at, memory.role = values["row_hash"], values["digests"], now, values["role"] or memory.role


def _number(session: Session, pending: list[tuple[str, str, int]]) -> None:
    """One change per written record; the numbers come at commit (db.stamp_changes), then the
    change-log rows and each record's last_seq are written in bulk."""
    if not pending:
        return
    numbered: list[dict[str, Any]] = []
    for record_id, case_id, rev in pending:
        note_change(session, lambda seq, r=record_id, c=case_id, v=rev: numbered.append({"seq": seq, "record_id": r, "case_id": c, "rev": v}))

    def write(_top: int) -> None:
        session.flush()
        now = utcnow()
        log = [{**n, "what": "record", "created_at": now} for n in numbered]
        seqs = [{"rid": n["record_id"], "seq": n["seq"]} for n in numbered]
        table = Record.__table__
        bump = update(table).where(table.c.id == bindparam("rid")).values(last_seq=bindparam("seq"))
        for start in range(0, len(log), CHUNK):
            session.execute(insert(ChangeLog.__table__), log[start : start + CHUNK])
            session.connection().execute(bump, seqs[start : start + CHUNK])

    session.info.setdefault("fc_after_stamp", []).append(write)


def audit(session: Session, plan: Plan, done: Written, now: datetime) -> None:
    counts = {kind: dict(c) for kind, c in plan.counts.items()}
    session.add(AuditLog(at=now, action="agency_import", outcome="ok", target_kind="agency",
                         detail={"counts": counts, "conflicts": done.conflicts, "purged": done.purged}))


def ids_of(items: Iterable[Item]) -> list[str]:
    return [item.id for item in items]
