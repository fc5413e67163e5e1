"""Writing a checked import in one transaction, with bulk statements (not one ORM flush per row):
new records, their change-log entries and the import's memory; changed records merged field by
field with what laptops wrote since the last import (sync.md "Merge of a patch": the import is the
office's patch, its base the value it imported last time).

Record bodies are made and written in `_new_body` / `_set_body` only, so a server that encrypts
bodies at rest changes these two places.

New records are inserted once their change numbers are known, in the commit's last step (after
db.stamp_changes takes the change counter's lock): one INSERT per row and no UPDATE of last_seq
afterwards. While that step runs, other writers that carry changes (laptops' pushes) wait for the
counter: seconds for a nightly import of changes, longer for the first import of a whole agency —
run that one before laptops are enrolled, or at night (docs/agency-import.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, literal, select
from sqlalchemy.orm import Session

from fieldcase.domain import metadata
from fieldcase.domain.ids import new_id
from fieldcase.server.db import note_change
from fieldcase.server.devices import iso
from fieldcase.server.models import (
    AgencyImportRow,
    AuditLog,
    CaseAssignment,
    ChangeLog,
    Conflict,
    Record,
    UTCDateTime,
    utcnow,
)
from fieldcase.server.records import _normalise

from .plan import Plan, digest, field_values
from .validation import WORKER, Item, Known

CHUNK = 2000
#: how the import signs what it wrote (field_authors) and what it asked for in a conflict
AUTHOR_NOTE = "agency import"


@dataclass
class Written:
    conflicts: int = 0
    purged: int = 0  # changed rows of records purged on the server: left purged


def _new_body(item: Item, worker_id: str | None) -> dict[str, Any]:
    # item.record went through the domain's from_dict/to_dict, as _normalise does
    body = {k: v for k, v in (item.record or {}).items() if k not in metadata.SERVER_OWNED_FIELDS}
    body["state_id"] = item.state_id
    if item.kind == "case":
        body["primary_worker_id"], body["covering_workers"] = worker_id, []
    return body


def _set_body(record: Record, body: dict[str, Any]) -> None:
    # _normalise keeps the state id; who works a case is the assignments' (admin._update_case_workers)
    held = record.body or {}
    kept: dict[str, Any] = {
        name: held[name] for name in ("primary_worker_id", "covering_workers") if name in held
    }
    record.body = {**_normalise(record.kind, record.id, record.case_id, body), **kept}


def apply_plan(
    session: Session,
    plan: Plan,
    known: Known,
    key: bytes,
    *,
    write: bool,
    now: datetime | None = None,
) -> Written:
    """With write=False, only finds which of the maybe-changed records really change (dry run)."""
    now = now or utcnow()
    done = Written()
    pending: list[Record] = []
    _merge_changed(session, plan, known, key, now, pending, done, write=write)
    if write:
        _number(session, pending, _new_rows(plan.new, known, key, now) if plan.new else None)
    return done


def _insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """One compiled statement for many rows: psycopg pipelines them, sqlite3 loops in C. (Measured
    slower: a multi-row .values(), which SQLAlchemy compiles anew for every chunk, and RETURNING's
    batched "insertmanyvalues", which renders every row's parameters in Python.)"""
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[start : start + CHUNK])


def _new_rows(
    items: list[Item], known: Known, key: bytes, now: datetime
) -> tuple[list, list, list]:
    records, memory, assignments = [], [], []
    for item in items:
        worker_id = known.users.get(item.worker) if item.worker else None
        records.append(
            {
                "id": item.id,
                "kind": item.kind,
                "case_id": item.case_id,
                "rev": 1,
                "status": "active",
                "deleted": False,
                "body": _new_body(item, worker_id),
                "field_authors": {},
                "created_at": now,
                "updated_at": now,
                "last_seq": 0,
            }
        )
        memory.append(_memory(item, key, now))
        if worker_id:
            opened = item.fields.get("opened_on")
            starts = (
                min(datetime.fromisoformat(opened).date(), now.date()) if opened else now.date()
            )
            assignments.append(
                {
                    "case_id": item.id,
                    "user_id": worker_id,
                    "role": "primary",
                    "starts_on": starts,
                    "ends_on": None,
                }
            )
    return records, memory, assignments


def _memory(
    item: Item, key: bytes, now: datetime, digests: dict[str, str] | None = None
) -> dict[str, Any]:
    values = field_values(item)
    merged = dict(digests or {})
    merged.update({name: digest(key, value) for name, value in values.items()})
    return {
        "kind": item.kind,
        "state_id": item.state_id,
        "record_id": item.id,
        "case_id": item.case_id,
        "role": item.fields.get("role") if item.kind == "person" else None,
        "row_hash": item.hash,
        "digests": merged,
        "imported_at": now,
    }


def _merge_changed(
    session: Session,
    plan: Plan,
    known: Known,
    key: bytes,
    now: datetime,
    pending: list,
    done: Written,
    *,
    write: bool,
) -> None:
    for start in range(0, len(plan.changed), CHUNK):
        chunk = plan.changed[start : start + CHUNK]
        ids = [item.id for item in chunk]
        query = select(Record).where(Record.id.in_(ids))
        records = {
            r.id: r for r in session.execute(query.with_for_update() if write else query).scalars()
        }
        rows = {
            (row.kind, row.state_id): row
            for row in session.execute(
                select(AgencyImportRow).where(AgencyImportRow.record_id.in_(ids))
            ).scalars()
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
                    pending.append(record)
                _remember(session, item, memory, key, now)


def _merge_one(
    session: Session,
    item: Item,
    record: Record,
    memory: AgencyImportRow | None,
    known: Known,
    key: bytes,
    now: datetime,
    done: Written,
    *,
    write: bool,
) -> bool:
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
    reassign = (
        item.worker is not None
        and digest(key, item.worker) != base.get(WORKER)
        and (
            (known.users.get(item.worker) if item.worker else None)
            != current.get("primary_worker_id")
        )
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
        session.add(
            Conflict(
                id=new_id(),
                record_id=record.id,
                field=name,
                server_value=mine,
                client_value=new,
                server_author=author.get("by"),
                server_at=author.get("at"),
                client_author=None,
                client_at=f"{AUTHOR_NOTE} {iso(now)}",
                narrative=name in metadata.NARRATIVE_FIELDS.get(record.kind, frozenset()),
                created_at=now,
            )
        )
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
        select(CaseAssignment).where(
            CaseAssignment.case_id == case.id,
            CaseAssignment.role == "primary",
            CaseAssignment.ends_on.is_(None),
        )
    ).scalars():
        if row.starts_on >= today:
            session.delete(row)
        else:
            row.ends_on = today
    if worker_id:
        session.add(
            CaseAssignment(
                case_id=case.id, user_id=worker_id, role="primary", starts_on=today, ends_on=None
            )
        )
    _update_case_workers(session, case)


def _remember(
    session: Session, item: Item, memory: AgencyImportRow | None, key: bytes, now: datetime
) -> None:
    values = _memory(item, key, now, dict(memory.digests) if memory is not None else None)
    if memory is None:
        session.execute(insert(AgencyImportRow.__table__), [values])
    else:
        memory.row_hash, memory.digests, memory.imported_at, memory.role = (
            values["row_hash"],
            values["digests"],
            now,
            values["role"] or memory.role,
        )


def _number(session: Session, changed: list[Record], new: tuple[list, list, list] | None) -> None:
    """One change per written record. The numbers are handed out at commit (db.stamp_changes); the
    new records are inserted only then, with their number (last_seq) already in the row, and the
    change-log rows with them — bulk statements, no per-row UPDATE afterwards."""
    records, memory, assignments = new or ([], [], [])
    numbered: list[tuple[int, Any]] = []
    for target in (*changed, *records):

        def assign(seq: int, target: Any = target) -> None:  # the default binds this loop's target
            numbered.append((seq, target))

        note_change(session, assign)

    def write(_top: int) -> None:
        now = utcnow()
        log = []
        numbers = []
        for seq, target in numbered:
            if isinstance(target, Record):
                target.last_seq = seq  # flushed by stamp_changes after this hook
                log.append(
                    {
                        "seq": seq,
                        "what": "record",
                        "record_id": target.id,
                        "case_id": target.case_id,
                        "rev": target.rev,
                        "created_at": now,
                    }
                )
            else:
                target["last_seq"] = seq
                numbers.append(seq)
        _insert(session, Record.__table__, records)
        _insert(session, AgencyImportRow.__table__, memory)
        _insert(session, CaseAssignment.__table__, assignments)
        _insert(session, ChangeLog.__table__, log)
        if numbers:
            # the new records' change-log rows in one statement, from the rows just written: their
            # numbers are this transaction's alone (the counter row is locked until commit)
            table, log_table = Record.__table__, ChangeLog.__table__
            session.execute(
                insert(log_table).from_select(
                    ["seq", "what", "record_id", "case_id", "rev", "created_at"],
                    select(
                        table.c.last_seq,
                        literal("record"),
                        table.c.id,
                        table.c.case_id,
                        table.c.rev,
                        literal(now, UTCDateTime()),
                    )
                    # a changed record in the same range is at rev 2 or more, and has its row in `log`
                    .where(table.c.last_seq.between(min(numbers), max(numbers)), table.c.rev == 1),
                )
            )

    session.info.setdefault("fc_after_stamp", []).append(write)


def audit(session: Session, plan: Plan, done: Written, now: datetime) -> None:
    counts = {kind: dict(c) for kind, c in plan.counts.items()}
    session.add(
        AuditLog(
            at=now,
            action="agency_import",
            outcome="ok",
            target_kind="agency",
            detail={"counts": counts, "conflicts": done.conflicts, "purged": done.purged},
        )
    )
