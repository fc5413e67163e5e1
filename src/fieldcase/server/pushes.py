"""`POST /sync/push`: mutations in device_seq order, each in its own savepoint, one result each.

The ledger makes replays harmless: a mutation id seen before answers its stored result (as
"duplicate" when it had been applied) and does nothing else. A server bug inside one mutation
answers "deferred" without a ledger row, so the laptop retries it later and nothing is lost.

The hot path avoids the ORM unit of work (it flushed once per savepoint, one row at a time):
- the device row is locked first (pushes of one laptop run one after the other), then the ledger
  entries and the records of the whole batch are read with one query each (records locked, in id
  order, so two pushes touching the same records cannot deadlock);
- records are plain `Record` objects outside the session; after a mutation succeeds its record is
  written with one Core INSERT or UPDATE inside the mutation's savepoint; if it fails, the savepoint
  is rolled back and the object's attributes are restored from a snapshot;
- rarer rows (conflicts, addenda, quarantine, attachment links) are ORM objects the push inserts
  itself with Core, in the same savepoint (nothing is ever pending in the session during a push);
- the savepoint is a plain `SAVEPOINT fc_mutation` on the session's connection, released before
  the next mutation's (see `_Savepoints`);
- the request's audit entries are inserted with one statement before the counter bump; after it,
  change numbers are given out, and `record.last_seq`, `change_log` and `mutation_ledger` are written
  with one executemany statement each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select, update

from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.protocol import MutationResult, PushRequest, PushResponse
from fieldcase.server import audit as audit_log
from fieldcase.server.audit import AuditTrail
from fieldcase.server.db import Database, note_change
from fieldcase.server.devices import Principal, iso
from fieldcase.server.models import ChangeLog, Device, MutationLedger, Record, utcnow
from fieldcase.server.records import Context, Outcome, Refused, apply_mutation
from fieldcase.server.scope import accessible_case_ids

log = logging.getLogger("fieldcase.server.push")

# a replay of an applied mutation answers "duplicate"; other outcomes are repeated as they were
_DUPLICATE_OF = {"applied", "applied_to_voided", "duplicate"}
#: commands audited one by one, as through their REST routes (ids and codes only, never a reason or text):
#: every workflow decision, so a supervisor's approval made offline leaves the same trail as one made online
_AUDITED_COMMANDS = frozenset(
    {
        "submit",
        "file",
        "approve",
        "return",
        "reopen",
        "void",
        "add_addendum",
        "comment",
        "acknowledge_addendum",
    }
)

_SAVEPOINT = "SAVEPOINT fc_mutation"
_ROLLBACK_TO = "ROLLBACK TO SAVEPOINT fc_mutation"
_RELEASE = "RELEASE SAVEPOINT fc_mutation"
_RECORDS = Record.__table__
_COLUMNS = tuple(c.key for c in _RECORDS.columns)
_WRITABLE = tuple(name for name in _COLUMNS if name not in ("id", "last_seq"))


@dataclass(slots=True)
class _Change:
    record: Record
    rev: int
    outcome: Outcome | None
    mutation_id: str | None
    seq: int = 0


@dataclass
class _Batch:
    """The records of one push, outside the session; what each mutation changed until it succeeds."""

    device_id: str
    records: dict[str, Record | None]
    changes: list[_Change] = field(default_factory=list)
    #: the current mutation's work: changes, records created, snapshots of records touched
    _pending: list[_Change] = field(default_factory=list)
    _created: list[Record] = field(default_factory=list)
    _rows: list[Any] = field(default_factory=list)
    _snapshots: dict[str, dict[str, Any]] = field(default_factory=dict)
    mutation_id: str | None = None

    # ---- called by records.py through Context.sink
    def get(self, record_id: str) -> Record | None:
        record = self.records.get(record_id)
        if record is not None and record_id not in self._snapshots:
            self._snapshots[record_id] = _values(record)
        return record

    def get_or_load(self, session: Any, record_id: str) -> Record | None:
        """A record no mutation of the batch names (the case an approved goal change sets the goals
        of: goal_changes.py), read and locked now, then written like the batch's own."""
        if record_id not in self.records:
            row = (
                session.execute(
                    select(_RECORDS).where(_RECORDS.c.id == record_id).with_for_update()
                )
                .mappings()
                .first()
            )
            self.records[record_id] = _plain_record(row) if row is not None else None
        return self.get(record_id)

    def created(self, record: Record) -> None:
        self._created.append(record)

    def add_row(self, row: Any) -> None:
        self._rows.append(row)

    def changed(
        self, record: Record, rev: int, outcome: Outcome | None, mutation_id: str | None
    ) -> None:
        # the mutation's id, or None for a record the server changed as its consequence (goal_changes.py)
        self._pending.append(_Change(record, rev, outcome, mutation_id))

    # ---- called by push()
    def begin(self, mutation_id: str) -> None:
        self.mutation_id = mutation_id
        self._pending, self._created, self._snapshots, self._rows = [], [], {}, []

    def write(self, conn: Any) -> None:
        """Inside the mutation's savepoint: its records, with one statement each, then its other rows."""
        for record in self._created:
            values = _values(record)
            values["deleted"] = bool(values["deleted"])
            values["last_seq"] = values["last_seq"] or 0
            conn.execute(insert(_RECORDS), values)
        for record_id, before in self._snapshots.items():
            held = self.records[record_id]
            assert held is not None
            now = _values(held)
            diff = {name: now[name] for name in _WRITABLE if now[name] != before[name]}
            if diff:
                conn.execute(update(_RECORDS).where(_RECORDS.c.id == record_id).values(diff))
        for row in self._rows:
            # only the attributes that were set: the table's defaults fill the others
            table = type(row).__table__
            conn.execute(
                insert(table),
                {c.key: row.__dict__[c.key] for c in table.columns if c.key in row.__dict__},
            )

    def commit(self) -> None:
        for record in self._created:
            self.records[record.id] = record
        self.changes.extend(self._pending)
        self.begin("")

    def rollback(self) -> None:
        for record_id, before in self._snapshots.items():
            record = self.records[record_id]
            assert record is not None
            for name, value in before.items():
                setattr(record, name, value)
        self.begin("")


class _Savepoints:
    """One savepoint per mutation, released before the next one is made (never nested: unreleased
    savepoints make every later write slower). On PostgreSQL the RELEASE of one mutation's savepoint
    and the SAVEPOINT of the next travel in one round trip (a parameterless two-statement query),
    so a mutation costs two round trips: that, and its INSERT or UPDATE."""

    def __init__(self, conn: Any, dialect: str) -> None:
        self.conn, self.open = conn, False
        self.raw = conn.connection.dbapi_connection if dialect == "postgresql" else None

    def next(self) -> None:
        if not self.open:
            self.conn.exec_driver_sql(_SAVEPOINT)
        elif self.raw is not None:
            self.raw.execute(f"{_RELEASE}; {_SAVEPOINT}", prepare=False)
        else:
            self.conn.exec_driver_sql(_RELEASE)
            self.conn.exec_driver_sql(_SAVEPOINT)
        self.open = True

    def rollback(self) -> None:
        """Undo the current mutation's statements (its savepoint stays, released by the next call)."""
        self.conn.exec_driver_sql(_ROLLBACK_TO)

    def close(self) -> None:
        if self.open:
            self.conn.exec_driver_sql(_RELEASE)
            self.open = False


def _values(record: Record) -> dict[str, Any]:
    state = record.__dict__
    return {name: state.get(name) for name in _COLUMNS}


def _plain_record(row: Any) -> Record:
    record = Record()
    for name in _COLUMNS:
        setattr(record, name, row[name])
    return record


def push(
    db: Database,
    who: Principal | Callable[[Any], Principal],
    req: PushRequest,
    audit: AuditTrail,
    *,
    grace: timedelta,
    rules: RulePack = DEFAULT_RULES,
) -> PushResponse:
    """`who`: the caller, or a function authenticating it inside the push's transaction."""
    mutations = sorted(req.readable(), key=lambda m: m.device_seq)
    answers: dict[str, MutationResult] = {}
    outcomes: list[
        tuple[Outcome, Any]
    ] = []  # (outcome, mutation) of every mutation that gets a ledger row
    counts: dict[str, int] = {}
    for unreadable in req.unreadable():
        # refused alone, before anything is read: no effect and no ledger row (its numbers may not even
        # fit one), so a replay is refused the same way
        answers[unreadable.mutation_id] = unreadable.result()
        counts["rejected"] = counts.get("rejected", 0) + 1
    with db.write() as session:
        principal = who(session) if callable(who) else who
        device = session.execute(
            select(Device.last_device_seq, Device.suspect)
            .where(Device.id == principal.device_id)
            .with_for_update()
        ).one()
        last_device_seq, suspect, suspect_now = device.last_device_seq, device.suspect, False
        ids = list(dict.fromkeys(m.mutation_id for m in mutations))
        seen = {
            row.mutation_id: row
            for row in session.execute(
                select(
                    MutationLedger.mutation_id, MutationLedger.device_id, MutationLedger.outcome
                ).where(MutationLedger.mutation_id.in_(ids))
            )
        }
        # device_seq -> mutation id of this laptop's ledgered mutations numbered like the new ones: a
        # new mutation reusing a ledgered number is a cloned or rolled-back store. A number that is not
        # in the ledger is not (a retry of a mutation answered `deferred` by a server error is normal).
        fresh_seqs = sorted({m.device_seq for m in mutations if m.mutation_id not in seen})
        numbered: dict[int, str] = {}
        for start in range(0, len(fresh_seqs), 500):
            rows = session.execute(
                select(MutationLedger.device_seq, MutationLedger.mutation_id).where(
                    MutationLedger.device_id == principal.device_id,
                    MutationLedger.device_seq.in_(fresh_seqs[start : start + 500]),
                )
            ).all()
            numbered.update((row[0], row[1]) for row in rows)
        record_ids = sorted({m.record_id for m in mutations})
        held_rows = session.execute(
            select(_RECORDS)
            .where(_RECORDS.c.id.in_(record_ids))
            .order_by(_RECORDS.c.id)
            .with_for_update()
        ).mappings()
        batch = _Batch(principal.device_id, dict.fromkeys(record_ids))
        for held_row in held_rows:
            batch.records[held_row["id"]] = _plain_record(held_row)
        scope = set(session.execute(accessible_case_ids(principal)).scalars())
        now = utcnow()
        in_batch: dict[str, Outcome] = {}
        conn = session.connection()
        savepoints = _Savepoints(conn, db.dialect)
        for m in mutations:
            stored = seen.get(m.mutation_id)
            if stored is not None:
                if stored.device_id != principal.device_id:
                    answers[m.mutation_id] = Outcome(
                        "rejected",
                        m.record_id,
                        code="mutation_id_taken",
                        reason="This change id was already used by another laptop.",
                    ).to_result(m)
                    continue
                previous = MutationResult.model_validate(stored.outcome)
                if previous.result in _DUPLICATE_OF:
                    previous = previous.model_copy(update={"result": "duplicate"})
                answers[m.mutation_id] = previous
                counts["duplicate"] = counts.get("duplicate", 0) + 1
                continue
            if m.mutation_id in in_batch:  # the same mutation twice in one batch: one effect
                counts["duplicate"] = counts.get("duplicate", 0) + 1
                continue
            taken_by = numbered.get(m.device_seq)
            if taken_by is not None and taken_by != m.mutation_id and not suspect:
                # A new mutation numbered like one already in the ledger: a cloned or rolled-back
                # store. Apply it anyway (nothing is dropped) and flag the device.
                suspect = suspect_now = True
                audit.add(
                    "device_suspect",
                    outcome="failed",
                    target_kind="device",
                    target_id=principal.device_id,
                    detail={"why": "device_seq_regression"},
                )
            ctx = Context(
                principal=principal,
                scope=scope,
                now=now,
                grace_seconds=grace.total_seconds(),
                mutation_id=m.mutation_id,
                hlc=m.hlc,
                sink=batch,
                rules=rules,
            )
            batch.begin(m.mutation_id)
            savepoints.next()  # this mutation's statements only
            try:
                outcome = apply_mutation(session, ctx, m)
                batch.write(conn)
            except Refused as refused:
                savepoints.rollback()
                batch.rollback()
                outcome = Outcome(
                    refused.result, m.record_id, code=refused.code, reason=refused.reason
                )
                if _id_of_another_caseload(m, refused, batch, scope):
                    outcome = _as_if_new(session, ctx, m, batch, conn, audit)
                elif refused.result == "deferred":
                    # kept for the supervisor (whatever the mutation wrote was rolled back)
                    _requarantine(conn, ctx, m, refused.code, batch.records.get(m.record_id))
            except Exception:
                savepoints.rollback()
                batch.rollback()
                log.exception(
                    "mutation failed on the server (kind=%s, record_kind=%s)", m.kind, m.record_kind
                )
                answers[m.mutation_id] = Outcome(
                    "deferred",
                    m.record_id,
                    code="server_error",
                    reason="The server could not process this change; it will be retried.",
                ).to_result(m)
                continue
            batch.commit()
            # the high-water mark counts ledgered mutations only (a server error leaves none)
            last_device_seq = max(last_device_seq, m.device_seq)
            numbered.setdefault(m.device_seq, m.mutation_id)
            in_batch[m.mutation_id] = outcome
            outcomes.append((outcome, m))
            counts[outcome.result] = counts.get(outcome.result, 0) + 1
            if outcome.result == "rejected" and outcome.code == "not_found":
                audit.add(
                    "push",
                    outcome="denied",
                    target_kind=m.record_kind,
                    target_id=m.record_id,
                    detail={"code": "not_found"},
                )
            if m.kind == "command" and m.command in _AUDITED_COMMANDS:
                # a decision, a question, an answer or an acknowledgement: the same trail as through its REST route
                verdict = (
                    "ok"
                    if outcome.result == "applied"
                    else "denied"
                    if outcome.code in ("forbidden", "not_found")
                    else "failed"
                )
                audit.add(
                    m.command,
                    outcome=verdict,
                    target_kind=m.record_kind,
                    target_id=m.record_id,
                    detail={"code": outcome.code or "applied"},
                )

        savepoints.close()
        if last_device_seq != device.last_device_seq or suspect_now:
            values: dict[str, Any] = {"last_device_seq": last_device_seq}
            if suspect_now:
                values.update(suspect=True, suspect_reason="device_seq_regression")
            conn.execute(
                update(Device.__table__)
                .where(Device.__table__.c.id == principal.device_id)
                .values(values)
            )
        for change in batch.changes:
            note_change(session, _assigner(change))
        session.info.setdefault("fc_after_stamp", []).append(
            lambda _top: _write_numbered(session, principal.device_id, batch, outcomes, answers)
        )
        # The audit entries of this request go in with its work (one statement, before the counter bump);
        # if the transaction fails they stay in the trail, which the app then writes on its own.
        summary = audit.entry("push", detail={"mutations": len(req.mutations), **counts})
        written = audit_log.write_in(session, audit, summary)
    audit_log.written(audit, written)
    everything = sorted(req.mutations, key=lambda m: m.device_seq)
    ordered = [answers[m.mutation_id] for m in everything if m.mutation_id in answers]
    return PushResponse(batch_id=req.batch_id, results=ordered, server_time=iso(utcnow()) or "")


def _id_of_another_caseload(m: Any, refused: Refused, batch: _Batch, scope: set[str]) -> bool:
    """A create refused as not_found because its id is taken by a record of a case the caller cannot
    reach (the device never held that case)."""
    existing = batch.records.get(m.record_id)
    return (
        m.kind == "create"
        and refused.code == "not_found"
        and existing is not None
        and existing.case_id not in scope
    )


def _as_if_new(
    session: Any, ctx: Context, m: Any, batch: _Batch, conn: Any, audit: AuditTrail
) -> Outcome:
    """A create whose id belongs to a record outside the caller's caseload gets the answer the same
    create with a fresh id would get — `applied` (rev 1, a change number) or that create's own
    refusal — so the answer never tells whether some other caseload holds that id (an existence
    oracle). Nothing of it reaches the other record: the create is kept whole in quarantine for a
    supervisor (code id_taken, nothing lost: P1), and the ledger repeats the answer on a replay (P2).
    The laptop's copy is never echoed back; any later edit of it is refused like an unknown record."""
    existing = batch.records[m.record_id]
    batch.records[m.record_id] = None  # the create is judged as if the id were new...
    try:
        outcome = apply_mutation(session, ctx, m)
    except Refused as refused:
        return Outcome(refused.result, m.record_id, code=refused.code, reason=refused.reason)
    finally:
        batch.records[m.record_id] = existing
        batch.begin(
            m.mutation_id
        )  # ...and nothing of it is written: not the record, its change or its rows
    _requarantine(conn, ctx, m, "id_taken", None)
    number = outcome

    def assign(seq: int) -> None:
        number.seq = (
            seq  # a change number like a fresh create's (no change of any record carries it)
        )

    note_change(session, assign)
    audit.add(
        "push",
        outcome="denied",
        target_kind=m.record_kind,
        target_id=m.record_id,
        detail={"code": "id_taken"},
    )
    return outcome


def _assigner(change: _Change):
    def assign(seq: int) -> None:
        change.seq = seq
        change.record.last_seq = seq
        if change.outcome is not None:
            change.outcome.seq = seq

    return assign


def _write_numbered(
    session: Any,
    device_id: str,
    batch: _Batch,
    outcomes: list[tuple[Outcome, Any]],
    answers: dict[str, MutationResult],
) -> None:
    """After the counter bump (change numbers known): last_seq, change log and ledger, one statement each."""
    if batch.changes:
        last: dict[str, int] = {}
        for change in batch.changes:
            last[change.record.id] = change.seq
        session.execute(
            update(_RECORDS)
            .where(_RECORDS.c.id == bindparam("rid"))
            .values(last_seq=bindparam("seq")),
            [{"rid": rid, "seq": seq} for rid, seq in last.items()],
        )
        session.execute(
            insert(ChangeLog.__table__),
            [
                {
                    "seq": c.seq,
                    "what": "record",
                    "record_id": c.record.id,
                    "case_id": c.record.case_id,
                    "rev": c.rev,
                    "device_id": device_id,
                    "mutation_id": c.mutation_id,
                    "created_at": utcnow(),
                }
                for c in batch.changes
            ],
        )
    if outcomes:
        ledger = []
        at = utcnow()
        for outcome, m in outcomes:
            result = outcome.to_result(m)
            answers[m.mutation_id] = result
            ledger.append(
                {
                    "mutation_id": m.mutation_id,
                    "device_id": device_id,
                    "device_seq": m.device_seq,
                    "record_id": m.record_id,
                    "result": outcome.result,
                    "rev": outcome.rev,
                    "seq": outcome.seq,
                    "outcome": result.model_dump(mode="json"),
                    "created_at": at,
                }
            )
        session.execute(insert(MutationLedger.__table__), ledger)


def _requarantine(conn, ctx: Context, m, code: str, record: Record | None) -> None:
    from fieldcase.domain.ids import new_id
    from fieldcase.server.models import Quarantine

    conn.execute(
        insert(Quarantine.__table__),
        {
            "id": new_id(),
            "mutation_id": m.mutation_id,
            "device_id": ctx.principal.device_id,
            "user_id": ctx.principal.user_id,
            "record_id": m.record_id,
            "case_id": record.case_id if record is not None else (m.fields or {}).get("case_id"),
            "code": code,
            "mutation": m.model_dump(mode="json"),
            "resolved": False,
            "created_at": ctx.now,
        },
    )
