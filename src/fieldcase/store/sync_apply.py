"""The store side of sync (sync.md "Client tables"): claiming outbox batches, recording push results,
applying pulled pages, scope purges and the 410 re-download — each one transaction.

The sync engine (`fieldcase.sync`) talks HTTP and never SQL; everything it changes on the laptop goes
through `SyncStore`. Wire objects arrive here already validated by the strict protocol models; this
module takes them as plain dicts (`model_dump(mode="json")`) so the store does not depend on the protocol's
pydantic models (it uses pydantic_core's JSON writer only: `_dumps_change`).

How a record on the laptop is made (`_materialize_many`): the `shadow` holds the last server state of the
record (the whole pulled change, as JSON); the `record` row the UI reads is that state with every
pending or in-flight local mutation of the record re-applied on top, in device_seq order (P8, read
your writes). When the server state was made by one of our own mutations (its echo:
`origin_mutation_id`), that mutation and our earlier ones on the record are already inside it and are
not applied twice.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from pydantic_core import to_json as _to_json
from sqlalchemy import Connection, bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldcase.domain import attachment_sets
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import from_dict, to_sorted_dict
from fieldcase.domain.workflow import Command, Status, WorkflowError, transition
from fieldcase.store import attachment_retention as retention
from fieldcase.store import record_removal, search
from fieldcase.store.outbox import INFLIGHT, PENDING, OutboxEntry, _entry
from fieldcase.store.records import FIELD_RECORD_KINDS, Moment
from fieldcase.store.tables import (
    SEARCH_TABLE,
    attachment,
    attention,
    audit_event,
    outbox,
    record,
    record_child,
    resync_leftover,
    revoked_case,
    shadow,
    sync_log,
    sync_state,
)

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


def _dumps_change(change: dict[str, Any]) -> bytes:
    """A pulled change as its shadow body (UTF-8 JSON, stored as text). Unsorted: only ever read back
    with json.loads, and the wire dict's order is the same each time a page is applied (P7); sorting
    cost a third of it. Written by pydantic_core's serializer (installed with pydantic), which gives
    the text json.dumps(change, separators=(",", ":"), ensure_ascii=False) gives for the wire's
    values — floats aside, written shortest but read back the same (test_page_apply_bulk.py) — in
    a third of the time: 86 -> 27 ms for 4,886 changes, and the bytes go into the packed insert as
    they are."""
    return _to_json(change)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic collector paused while a page applies: a page makes and drops tens of
    thousands of short-lived acyclic objects (wire dicts, records), which set off full collections
    of the whole heap — a tenth of the apply. Reference counting still frees them; the collector
    runs again as soon as the page is in."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _noun(kind: str | None) -> str:
    return {"home_visit": "visit", "visitation_entry": "visitation entry", "transport_trip": "trip", "goal_change": "goal change"}.get(kind or "", "record")


#: each kind of record in a caseworker's words, one and many (for counts)
_NOUNS = {
    "case": ("case", "cases"), "person": ("person", "people"), "placement": ("placement", "placements"),
    "visitation_plan": ("visitation plan", "visitation plans"), "home_visit": ("visit", "visits"),
    "visitation_entry": ("visitation entry", "visitation entries"), "transport_trip": ("trip", "trips"),
}


def _counted(kinds: list[str]) -> str:
    """["home_visit", "home_visit", "person"] -> "2 visits and a person" (in the order of _NOUNS)."""
    parts = []
    for kind, (one, many) in [*_NOUNS.items(), *((k, ("record", "records")) for k in sorted(set(kinds) - set(_NOUNS)))]:
        n = kinds.count(kind)
        if n:
            parts.append(f"{'an' if one[0] in 'aeiou' else 'a'} {one}" if n == 1 else f"{n} {many}")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _removed_message(kinds: list[str]) -> str:
    """The "removed" notice of one case, from the kinds of its records that left the laptop."""
    others = [k for k in kinds if k != "case"]
    if len(others) < len(kinds):
        if not others:
            return "The agency removed a case from the server; it is no longer on this laptop."
        return f"The agency removed a case from the server; it and its records ({_counted(others)}) are no longer on this laptop."
    verb = "it is" if len(kinds) == 1 else "they are"
    return f"The agency removed {_counted(kinds)} of a case from the server; {verb} no longer on this laptop."


class SyncStore:
    """Sync-side operations on an unlocked `Store` (one transaction each)."""

    def __init__(self, store: Any) -> None:
        self._store = store

    @property
    def device_id(self) -> str:
        return self._store.header.device_id

    @property
    def user_id(self) -> str:
        return self._store.header.user_id

    def _now(self) -> Moment:
        return self._store._now()

    # state -----------------------------------------------------------------------------------

    def state(self) -> SyncState:
        with self._store.reading() as connection:
            row = connection.execute(select(sync_state).where(sync_state.c.id == 1)).one()
        return SyncState(row.cursor, row.epoch, row.server_offset_ms, row.last_device_seq, row.last_sync_at)

    def note_hello(self, *, epoch: str | None = None, server_offset_ms: int | None = None) -> None:
        values: dict[str, Any] = {}
        if epoch is not None:
            values["epoch"] = epoch
        if server_offset_ms is not None:
            values["server_offset_ms"] = server_offset_ms
        if values:
            with self._store.transaction() as connection:
                connection.execute(update(sync_state).where(sync_state.c.id == 1).values(**values))

    # audit chain head (security.md "Audit") -------------------------------------------------

    def audit_chain(self) -> dict[str, Any] | None:
        """This laptop's audit chain head for the hello: count and last MAC, plus what the server last
        acknowledged (the events marked uploaded). None while the chain is empty."""
        with self._store.reading() as connection:
            count = connection.execute(select(func.count()).select_from(audit_event)).scalar_one()
            last = connection.execute(select(audit_event.c.mac).order_by(audit_event.c.seq.desc()).limit(1)).scalar()
            acked = connection.execute(
                select(audit_event.c.seq, audit_event.c.mac).where(audit_event.c.uploaded.is_(True))
                .order_by(audit_event.c.seq.desc()).limit(1)
            ).first()
        if not count or last is None:
            return None
        return {
            "count": count, "head": last,
            "acknowledged_count": acked.seq if acked is not None else 0,
            "acknowledged_head": acked.mac if acked is not None else None,
        }

    def note_audit_ack(self, count: int, head: str | None) -> bool:
        """The server now holds (count, head) as this laptop's chain head: mark those events uploaded.
        Ignored (False) unless it names one of this chain's events."""
        if not count or head is None:
            return False
        with self._store.transaction() as connection:
            mac = connection.execute(select(audit_event.c.mac).where(audit_event.c.seq == count)).scalar()
            if mac != head:
                return False
            connection.execute(
                update(audit_event).where(audit_event.c.seq <= count, audit_event.c.uploaded.is_(False)).values(uploaded=True)
            )
        return True

    def note_synced(self, *, started_at: str, duration_ms: int, outcome: str, counts: dict[str, int]) -> None:
        """The sync log (counts and durations only) and the audit event of a sync."""
        with self._store.transaction() as connection:
            connection.execute(
                insert(sync_log).values(started_at=started_at, duration_ms=duration_ms, outcome=outcome, counts=_dumps(counts))
            )
            if outcome == "ok":
                connection.execute(update(sync_state).where(sync_state.c.id == 1).values(last_sync_at=self._now().iso))
            detail = {"outcome": outcome, "seconds": round(duration_ms / 1000, 3)}
            detail.update({k: v for k, v in counts.items() if k in ("mutations", "changes")})
            self._store._audit.append(connection, self._now().iso, "sync", detail=detail)

    def sync_log(self, limit: int = 50) -> list[dict[str, Any]]:
        with self._store.reading() as connection:
            rows = connection.execute(select(sync_log).order_by(sync_log.c.id.desc()).limit(limit)).all()
        return [
            {"started_at": r.started_at, "duration_ms": r.duration_ms, "outcome": r.outcome, "counts": json.loads(r.counts)}
            for r in rows
        ]

    # outbox ----------------------------------------------------------------------------------

    def unsent(self) -> list[OutboxEntry]:
        with self._store.reading() as connection:
            return self._unsent(connection)

    def _unsent(self, connection: Connection, record_id: str | None = None) -> list[OutboxEntry]:
        query = select(outbox).where(outbox.c.state.in_(UNSENT)).order_by(outbox.c.device_seq)
        if record_id is not None:
            query = query.where(outbox.c.record_id == record_id)
        return [_entry(row) for row in connection.execute(query)]

    def claim_batch(self, limit: int) -> list[OutboxEntry]:
        """The next rows to send, oldest first; pending rows become in-flight (never edited again).

        A patch folded back to nothing (an autosave that edited a field back to its base) has nothing
        to tell the server: it is acknowledged here without being sent. Its device_seq is simply
        never seen by the server, which only flags a seq that goes *backwards* (pushes.py).
        """
        now = self._now()
        with self._store.transaction() as connection:
            rows = connection.execute(
                select(outbox)
                .where(outbox.c.state.in_(UNSENT))
                .where((outbox.c.next_attempt_at.is_(None)) | (outbox.c.next_attempt_at <= now.iso))
                .order_by(outbox.c.device_seq)
                .limit(limit)
            ).all()
            claimed: list[OutboxEntry] = []
            empty: list[str] = []
            for row in rows:
                entry = _entry(row)
                if entry.kind == "patch" and not entry.payload.get("changes"):
                    empty.append(entry.mutation_id)
                    continue
                claimed.append(entry)
            if empty:
                connection.execute(update(outbox).where(outbox.c.mutation_id.in_(empty)).values(state=ACKED, last_error=None))
            ids = [e.mutation_id for e in claimed]
            if ids:
                connection.execute(
                    update(outbox)
                    .where(outbox.c.mutation_id.in_(ids))
                    .values(state=INFLIGHT, attempts=outbox.c.attempts + 1)
                )
        return claimed

    def has_unsent(self, *, due_only: bool = True) -> bool:
        now = self._now()
        with self._store.reading() as connection:
            query = select(func.count()).select_from(outbox).where(outbox.c.state.in_(UNSENT))
            if due_only:
                query = query.where((outbox.c.next_attempt_at.is_(None)) | (outbox.c.next_attempt_at <= now.iso))
            return connection.execute(query).scalar_one() > 0

    def record_results(self, entries: list[OutboxEntry], results: list[dict[str, Any]]) -> ResultsRecorded:
        """Map the server's answers onto the outbox (sync.md "Mutations"), in one transaction.

        The rows' states and the records' shadow revisions are read with one query each, the rows
        written with one statement and the records rebuilt together: a statement per answer (three
        of them) cost ~0.35 ms each under cipher_memory_security, 5.4 s of the 8.2 s a 60-day push
        of 4,000 mutations took. Answers are still taken one by one in order: a second answer to the
        same mutation sees the state the first one left."""
        by_id = {e.mutation_id: e for e in entries}
        counts = dict(acked=0, converted=0, conflicts=0, quarantined=0, retry=0)
        now = self._now()
        touched: set[str] = set()
        with self._store.transaction() as connection:
            sent = [by_id[r["mutation_id"]] for r in results if r["mutation_id"] in by_id]
            states = {row.mutation_id: row.state for row in _rows_in(connection, _OUTBOX_STATES, outbox.c.mutation_id, [e.mutation_id for e in sent])}
            revs = {row.record_id: row.rev for row in _rows_in(connection, _SHADOW_REVS, shadow.c.record_id, [e.record_id for e in sent])}
            answered: dict[str, dict[str, Any]] = {}
            for result in results:
                entry = by_id.get(result["mutation_id"])
                if entry is None:
                    continue  # not one we sent in this batch: ignore rather than guess
                if states.get(entry.mutation_id) not in UNSENT:
                    continue  # answered already (a duplicate answer after a retry)
                state, error = self._outcome(connection, entry, result, now)
                values: dict[str, Any] = {"mid": entry.mutation_id, "new_state": state, "error": error, "retry_at": None}
                if state == PENDING:
                    counts["retry"] += 1
                    wait = min(3600, 30 * 2 ** min(entry.attempts, 7))
                    values["retry_at"] = _plus_seconds(now.iso, wait)
                else:
                    counts[{ACKED: "acked", CONVERTED: "converted", CONFLICT: "conflicts", QUARANTINED: "quarantined"}[state]] += 1
                    if _shadow_includes(revs.get(entry.record_id), result):
                        touched.add(entry.record_id)
                states[entry.mutation_id] = state
                answered[entry.mutation_id] = values
            if answered:
                connection.execute(_OUTBOX_ANSWERED, list(answered.values()))
            if touched:
                # a record with a shadow is rebuilt without the answered work; one without can only be
                # a create the server refused (the two cases never meet: _drop_refused_create needs no shadow)
                shadows = {row.record_id: row.body for row in _rows_in(connection, _SHADOW_BODIES, shadow.c.record_id, sorted(touched))}
                self._materialize_many(connection, [(rid, json.loads(shadows[rid])) for rid in sorted(touched) if rid in shadows], now)
                for record_id in sorted(touched - set(shadows)):
                    self._drop_refused_create(connection, record_id)
        return ResultsRecorded(**counts)

    def _drop_refused_create(self, connection: Connection, record_id: str) -> None:
        """A record the server never accepted (its create was refused or held for review) and that
        nothing else waits on leaves the lists; its content stays in the outbox row and the attention
        item, so nothing is lost (P1) and the laptop converges with the server (P3)."""
        if connection.execute(select(shadow.c.record_id).where(shadow.c.record_id == record_id)).first() is not None:
            return
        if self._unsent(connection, record_id):
            return
        refused = connection.execute(
            select(outbox.c.mutation_id).where(outbox.c.record_id == record_id, outbox.c.kind == "create", outbox.c.state == QUARANTINED)
        ).first()
        if refused is None:
            return
        row = connection.execute(select(record.c.search_rowid).where(record.c.id == record_id)).first()
        if row is not None:
            search.remove_entry(connection, row.search_rowid)
            connection.execute(delete(record_child).where(record_child.c.record_id == record_id))
            connection.execute(delete(record).where(record.c.id == record_id))

    def _outcome(self, connection: Connection, entry: OutboxEntry, result: dict[str, Any], now: Moment) -> tuple[str, str | None]:
        kind, code, reason = result["result"], result.get("code"), result.get("reason")
        repushed = entry.last_error == REPUSH
        if kind in ("applied", "duplicate"):
            return ACKED, None
        if kind == "applied_to_voided":
            self._attend(connection, now, "voided", entry, reason or f"The change was saved, but this {_noun(entry.record_kind)} was voided.")
            return ACKED, None
        if kind == "locked":
            # the laptop's own words from the answer's kind, not the server's reason (English, and not
            # an addendum): the app words this item itself in the user's language (ui/attention.py);
            # the message is what the command line shows. The topic stays "addendum": stored items have it
            noun = _noun(entry.record_kind)
            self._attend(
                connection, now, "addendum", entry,
                f"Your change reached the server after this {noun} was approved. It was kept as a proposed change "
                f"for your supervisor; the approved {noun} is not changed.",
                details={"addendum_id": result.get("addendum_id"), "proposal": entry.payload, "code": code},
            )
            return CONVERTED, reason
        if kind == "conflict":
            conflicts = result.get("conflicts") or []
            for info in conflicts:
                self._attend_conflict(connection, now, entry.record_kind, entry.record_id, info)
            if not conflicts:  # e.g. an approval of a revision that is no longer the latest
                self._attend(connection, now, "stale", entry, reason or "The server had a newer version; nothing was changed.",
                             details={"code": code})
            return CONFLICT, reason
        if kind == "deferred" and code in RETRY_CODES:
            return PENDING, reason or "The server could not process this change; it will be retried."
        if kind == "rejected" and repushed:
            return ACKED, None  # sent again only in case the restored server had lost it; it had not
        message = reason or "The server did not accept this change; it is kept for review."
        topic = "deferred" if kind == "deferred" else "quarantined"
        self._attend(connection, now, topic, entry, message, details={"code": code, "mutation": entry.payload, "kind": entry.kind})
        return QUARANTINED, message

    # attention -------------------------------------------------------------------------------

    def _attend(
        self, connection: Connection, now: Moment, topic: str, entry: OutboxEntry | None, message: str, *,
        details: dict[str, Any] | None = None, record_kind: str | None = None, record_id: str | None = None,
        attention_id: str | None = None,
    ) -> None:
        attention_id = attention_id or new_id()
        if connection.execute(select(attention.c.id).where(attention.c.id == attention_id)).first() is not None:
            return  # already known (and perhaps already resolved by the user)
        connection.execute(
            insert(attention).values(
                id=attention_id,
                topic=topic,
                record_kind=entry.record_kind if entry else record_kind,
                record_id=entry.record_id if entry else record_id,
                mutation_id=entry.mutation_id if entry else None,
                message=message,
                details=_dumps(details or {}),
                created_at=now.iso,
            )
        )

    def _attend_removed(self, connection: Connection, now: Moment, case_id: str, records: dict[str, str]) -> None:
        """One "removed" notice a case for the records the agency purged on the server (a purged
        case sends a tombstone for each of its records): counts by kind, no names. A case purged
        across two pulled pages still gets one notice while it is not dismissed (the ids are kept
        in its details, so applying a page again changes nothing: nothing is removed again, P7)."""
        open_notice = connection.execute(
            select(attention.c.id, attention.c.details).where(
                attention.c.topic == "removed", attention.c.resolved_at.is_(None), func.json_extract(attention.c.details, "$.case_id") == case_id,
            )
        ).first()
        if open_notice is not None:
            records = {**json.loads(open_notice.details)["records"], **records}
        details = {"case_id": case_id, "records": dict(sorted(records.items()))}
        message = _removed_message(sorted(records.values()))
        if open_notice is not None:
            connection.execute(update(attention).where(attention.c.id == open_notice.id).values(message=message, details=_dumps(details)))
        else:
            connection.execute(_ATTENTION_INSERT_NEW, [_attention_row(f"removed:{case_id}:{min(records)}", "removed", "case", None, None,
                                                                      message, details, now)])

    def _attend_conflict(self, connection: Connection, now: Moment, kind: str, record_id: str, info: dict[str, Any]) -> None:
        connection.execute(_ATTENTION_INSERT_NEW, self._conflict_row(now, kind, record_id, info))

    def attention(self, *, include_resolved: bool = False) -> list[Attention]:
        with self._store.reading() as connection:
            query = select(attention).order_by(attention.c.created_at, attention.c.id)
            if not include_resolved:
                query = query.where(attention.c.resolved_at.is_(None))
            rows = connection.execute(query).all()
        return [
            Attention(r.id, r.topic, r.record_kind, r.record_id, r.mutation_id, r.message, json.loads(r.details), r.created_at, r.resolved_at)
            for r in rows
        ]

    def resolve_attention(self, attention_id: str) -> None:
        with self._store.transaction() as connection:
            connection.execute(
                update(attention).where(attention.c.id == attention_id, attention.c.resolved_at.is_(None)).values(resolved_at=self._now().iso)
            )

    def shadow_change(self, record_id: str) -> dict[str, Any] | None:
        """The last pulled server state of a record (the wire `Change` as a dict), or None."""
        with self._store.reading() as connection:
            body = connection.execute(select(shadow.c.body).where(shadow.c.record_id == record_id)).scalar_one_or_none()
        return None if body is None else json.loads(body)

    def shadow_changes(self, record_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """`shadow_change` for many records with one query per 500 ids (lists, queues)."""
        wanted = list(dict.fromkeys(record_ids))
        found: dict[str, dict[str, Any]] = {}
        with self._store.reading() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                rows = connection.execute(select(shadow.c.record_id, shadow.c.body).where(shadow.c.record_id.in_(chunk)))
                found.update((row.record_id, json.loads(row.body)) for row in rows)
        return found

    # pulling ---------------------------------------------------------------------------------

    def apply_page(self, page: dict[str, Any]) -> PageApplied:
        """Apply one pulled page and advance the cursor with it, in ONE transaction (sync.md: PouchDB
        #1240 advanced the checkpoint before the data). Applying the same page twice changes nothing (P7).

        Changes are applied in runs (a run ends at a deletion or at a record seen again in the run;
        scope events only touch revoked_case, which applying a change never reads): each run reads
        its shadows, records, unsent outbox rows and open conflicts with one query per table and
        writes each table's new and rewritten rows with one packed insert or upsert, so a page
        costs a few dozen statements rather than a dozen per change. The result is the same as
        applying the changes one by one in seq order."""
        with _no_cyclic_gc():
            return self._apply_page(page)

    def _apply_page(self, page: dict[str, Any]) -> PageApplied:
        now = self._now()
        items: list[tuple[int, int, dict[str, Any]]] = [(e["seq"], 0, e) for e in page["scope_events"]]
        items += [(c["seq"], 1, c) for c in page["changes"]]
        items.sort(key=lambda item: (item[0], item[1]))
        changed = removed = 0
        granted: list[str] = []
        revoked: list[str] = []
        #: what left this laptop, by case: record id -> kind (one notice a case, not one a record)
        gone: dict[str, dict[str, str]] = {}
        with self._store.transaction() as connection:
            run: list[dict[str, Any]] = []
            in_run: set[str] = set()
            for _, is_change, item in items:
                if is_change and not item.get("deleted"):
                    if item["record_id"] in in_run:  # the same record twice: the first state lands first
                        self._apply_changes(connection, run, now)
                        run, in_run = [], set()
                    run.append(item)
                    in_run.add(item["record_id"])
                    changed += 1
                    continue
                if is_change and run:  # scope events touch only revoked_case, which applying a change never reads
                    self._apply_changes(connection, run, now)
                    run, in_run = [], set()
                if not is_change:
                    if item["event"] == "grant":
                        connection.execute(delete(revoked_case).where(revoked_case.c.case_id == item["case_id"]))
                        granted.append(item["case_id"])
                    else:
                        revoked.append(item["case_id"])
                        if connection.execute(select(revoked_case).where(revoked_case.c.case_id == item["case_id"])).first() is None:
                            connection.execute(insert(revoked_case).values(case_id=item["case_id"], revoked_at=now.iso))
                    continue
                if self._remove_record(connection, item["record_id"]):
                    removed += 1
                    gone.setdefault(item["case_id"] or item["record_id"], {})[item["record_id"]] = item["record_kind"]
            if run:
                self._apply_changes(connection, run, now)
            for case_id, records in gone.items():
                self._attend_removed(connection, now, case_id, records)
            connection.execute(
                update(sync_state).where(sync_state.c.id == 1).values(cursor=page["next_cursor"], epoch=page["epoch"])
            )
            # revoked cases with nothing left to upload go now, in the same transaction
            purged = self._purge_settled_cases(connection)
        if purged or removed:
            self.checkpoint()
        return PageApplied(changed, removed, tuple(granted), tuple(revoked), purged)

    def _apply_changes(self, connection: Connection, changes: list[dict[str, Any]], now: Moment) -> None:
        """Apply changes of distinct records (in seq order): shadows upserted, records rebuilt with
        our unsent work on top, review notices and conflicts in words."""
        ids = [c["record_id"] for c in changes]
        previous = {
            row.record_id: row for row in _rows_in(connection, select(shadow.c.record_id, shadow.c.rev, shadow.c.body), shadow.c.record_id, ids)
        }
        resyncing: set[str] = set()
        if connection.execute(_ANY_RESYNC_LEFTOVER).first() is not None:
            resyncing = {row.record_id for row in _rows_in(connection, select(resync_leftover.c.record_id), resync_leftover.c.record_id, ids)}
        applied: list[dict[str, Any]] = []
        for change in changes:
            held = previous.get(change["record_id"])
            if held is not None and held.rev > change["rev"] and change["record_id"] not in resyncing:
                continue  # an older state than the one we hold (a re-sent page): keep the newer one (P7)
            applied.append(change)
        if not applied:
            return
        _SHADOW_UPSERT.run(connection, sorted((c["record_id"], c["record_kind"], c["rev"], _dumps_change(c)) for c in applied))
        if resyncing:
            connection.execute(_DELETE_RESYNC_LEFTOVER, [{"rid": c["record_id"]} for c in applied if c["record_id"] in resyncing])
        applied_ids = [c["record_id"] for c in applied]
        existing = _existing_records(connection, applied_ids)
        self._materialize_many(connection, [(c["record_id"], c) for c in applied], now, existing)

        notices: list[dict[str, Any]] = []
        live: dict[str, set[str]] = {}
        for change in applied:
            record_id = change["record_id"]
            notice = self._review_notice(previous.get(record_id), existing.get(record_id) is not None, change, now)
            if notice is not None:
                notices.append(notice)
            conflicts = change.get("conflicts") or []
            live[record_id] = {c["conflict_id"] for c in conflicts}
            for info in conflicts:
                mine = info.get("client_author") == self.user_id or info.get("server_author") == self.user_id
                if mine or info.get("mutation_id") is not None:
                    notices.append(self._conflict_row(now, change["record_kind"], record_id, info))
        # conflicts the server no longer lists were settled there (read before this run's own notices
        # go in: those are all live, so they would never be settled here anyway)
        open_conflicts = _rows_in(
            connection,
            select(attention.c.id, attention.c.record_id).where(attention.c.topic == "conflict", attention.c.resolved_at.is_(None)),
            attention.c.record_id, applied_ids,
        )
        settled = [{"aid": row.id} for row in open_conflicts if row.id not in live.get(row.record_id, ())]
        if notices:
            connection.execute(_ATTENTION_INSERT_NEW, notices)  # an id already known (perhaps resolved) stays as it is
        if settled:
            connection.execute(_SETTLE_ATTENTION.values(resolved_at=now.iso), settled)

    def _review_notice(self, previous: Any, had_record: bool, change: dict[str, Any], now: Moment) -> dict[str, Any] | None:
        """A supervisor's return or approval of the user's own work, in words (an attention row).

        No "approved" notice for a record this laptop never held (no shadow, no local row): a first
        pull of a caseload brings the user's long-approved work, which is news to nobody."""
        meta = change.get("meta") or {}
        if change["record_kind"] not in FIELD_RECORD_KINDS or meta.get("created_by") != self.user_id:
            return None
        held = json.loads(previous.body) if previous is not None else None
        before = held["status"] if held is not None else None
        status = change["status"]
        if status == before:
            return self._question_notice(held, change, now) if status == Status.APPROVED.value else None
        noun = _noun(change["record_kind"])
        if status == Status.RETURNED.value:
            reason = meta.get("return_reason") or ""
            return _attention_row(
                f"returned:{change['record_id']}:{change['rev']}", "returned", change["record_kind"], change["record_id"], None,
                f"Your supervisor returned this {noun}. Reopen it as a draft, make the changes and submit it again.",
                {"reason": reason}, now,
            )
        if status == Status.APPROVED.value and (previous is not None or had_record):
            return _attention_row(
                f"approved:{change['record_id']}:{change['rev']}", "approved", change["record_kind"], change["record_id"], None,
                f"Your supervisor approved this {noun}; it is now read-only.", {}, now,
            )
        return None

    def _question_notice(self, held: dict[str, Any], change: dict[str, Any], now: Moment) -> dict[str, Any] | None:
        """A question someone else asked about the user's approved entry (questions on entries still
        open are worked out when the list is shown, and clear when answered; an approved entry is
        read-only, so this one is a notice the user dismisses once answered)."""
        def asked(body: dict[str, Any]) -> list[dict[str, Any]]:
            return [a for a in body.get("addenda") or [] if a.get("kind") == "comment" and a.get("author") != self.user_id]

        known = {a.get("addendum_id") for a in asked(held)}
        new = [a for a in asked(change) if a.get("addendum_id") not in known]
        if not new:
            return None
        noun = _noun(change["record_kind"])
        return _attention_row(
            f"question:{change['record_id']}:{new[-1]['addendum_id']}", "question", change["record_kind"], change["record_id"], None,
            f"A question about your approved {noun}. Open it to read and answer the question.", {}, now,
        )

    def _materialize_many(
        self, connection: Connection, states: list[tuple[str, dict[str, Any]]], now: Moment, existing: dict[str, Any] | None = None,
    ) -> None:
        """Rebuild the records the UI reads, distinct records whose server states (shadows) are given:
        server state + our unsent mutations on top (P8)."""
        ids = [record_id for record_id, _ in states]
        pending = self._unsent_by_record(connection, ids)
        origins = [
            change["origin_mutation_id"] for record_id, change in states
            if record_id in pending and change.get("origin_mutation_id") is not None and change.get("origin_device_id") == self.device_id
        ]
        echoed = {
            row.mutation_id: row.device_seq
            for row in _rows_in(connection, select(outbox.c.mutation_id, outbox.c.device_seq), outbox.c.mutation_id, origins)
        }
        if existing is None:
            existing = _existing_records(connection, ids)
        writes: list[tuple[str, Any, dict[str, Any], bytes, int, Any]] = []
        for record_id, change in states:
            kind = change["record_kind"]
            entries = pending.get(record_id)
            if entries:
                body = dict(change["body"])
                seq = echoed.get(change.get("origin_mutation_id")) if change.get("origin_device_id") == self.device_id else None
                if seq is not None:  # our own echo: it, and our earlier work on the record, is inside already
                    entries = [e for e in entries if e.device_seq > seq]
                for entry in entries:
                    body = _reapply(kind, body, entry, self.user_id, now)
                try:
                    item = from_dict(kind, body)
                except (ValueError, TypeError):
                    # our edits no longer fit the server's shape: show the server's state; the outbox keeps ours
                    item = from_dict(kind, dict(change["body"]))
            else:
                item = from_dict(kind, change["body"])
            # the body's canonical text, _dumps(to_dict(item)) — keys sorted — written as UTF-8 by
            # pydantic_core from a dict whose keys are in sorted order: 143 -> 108 ms for 4,886 records
            body = to_sorted_dict(item)
            dumped = _to_json(body)
            held = existing.get(record_id)
            if held is not None and held.rev == change["rev"] and (held.body.encode() == dumped or json.loads(held.body) == body):
                continue  # nothing changed (P7: applying a page twice changes nothing)
            writes.append((kind, item, body, dumped, change["rev"], held))
        self._write_many(connection, writes, now)

    def _write_many(self, connection: Connection, writes: list[tuple[str, Any, dict[str, Any], bytes, int, Any]], now: Moment) -> None:
        """Write rebuilt records: the row, its full-text entry (by rowid) and its record_child rows
        (`dumped`: the body's JSON as UTF-8, stored as text)."""
        if not writes:
            return
        next_rowid = connection.execute(_LAST_SEARCH_ROWID).scalar() or 0
        # What a rewritten record already has: its full-text entry and its record_child rows. An
        # entry whose words, kind and case are unchanged is kept (same rowid) rather than deleted and
        # added again: the table's FTS5 secure-delete makes a delete rewrite every index page that
        # holds one of its words, ~4 ms a record — re-pulling 4,886 records whose status or revision
        # alone changed (the echoes of a 60-day push, approvals) took 22 s, 20 of them there. The
        # same for unchanged record_child rows.
        held_rows = [held for *_, held in writes if held is not None]
        indexed = {
            row[0]: tuple(row[1:])
            for row in connection.exec_driver_sql(_SEARCH_ROWS, (json.dumps([h.search_rowid for h in held_rows if h.search_rowid is not None]),))
        } if held_rows else {}
        linked: dict[str, set[tuple[str, str | None, bool]]] = {}
        for row in _rows_in(connection, _CHILD_ROWS, record_child.c.record_id, [h.id for h in held_rows]):
            linked.setdefault(row.record_id, set()).add((row.child_id, row.occurred_on, bool(row.seen)))
        unindex: list[tuple[int]] = []
        index: list[tuple[Any, ...]] = []
        rows: list[tuple[Any, ...]] = []
        unlink: list[tuple[str]] = []
        children: list[tuple[str, str, str | None, bool]] = []
        for kind, item, body, dumped, rev, held in writes:
            record_id = body["id"]
            occurred = record_facts.occurred_on(item)
            occurred_on = occurred.isoformat() if occurred else None
            case_id = body.get("case_id") or (record_id if kind == "case" else None)
            words = record_facts.search_text(item)
            rowid = None
            if held is not None and held.search_rowid is not None and indexed.get(held.search_rowid) == (record_id, kind, case_id, words):
                rowid = held.search_rowid  # the same entry: kept
            else:
                if held is not None and held.search_rowid is not None:
                    unindex.append((held.search_rowid,))
                if words.strip():
                    next_rowid += 1
                    rowid = next_rowid
                    index.append((rowid, record_id, kind, case_id, words))
            values = (  # in _RECORD_COLUMNS order
                kind,
                case_id,
                body.get("status") if kind in FIELD_RECORD_KINDS else None,
                rev,
                (held.version + 1) if held is not None else 1,  # an open form's edit must reload first
                occurred_on,
                dumped,
                now.iso,
                rowid,
            )
            rows.append((record_id, *values))
            seen = record_facts.children_seen(item)
            concerned = {(c, occurred_on, c in seen) for c in record_facts.children_of(item)}
            if held is None or linked.get(record_id, set()) != concerned:
                if held is not None:
                    unlink.append((record_id,))
                children += [(record_id, *row) for row in concerned]
        if unindex:
            connection.exec_driver_sql(_SEARCH_REMOVE, unindex)
        if index:
            _SEARCH_ADD.run(connection, index)
        # new rows and rewritten ones in one packed upsert, in key order: each new row lands next to
        # the last one in the table's b-tree. Rewritten rows went through an executemany UPDATE
        # before, ten values bound afresh a row (one locked block each): 0.67 -> 0.2 s for 4,886
        rows.sort()
        _RECORD_UPSERT.run(connection, rows)
        if unlink:  # a new record has no record_child rows (their foreign key needs the record row)
            connection.exec_driver_sql(_CHILDREN_REMOVE, unlink)
        if children:
            children.sort()
            _CHILDREN_ADD.run(connection, children)

    def _unsent_by_record(self, connection: Connection, record_ids: list[str]) -> dict[str, list[OutboxEntry]]:
        """The unsent outbox rows of these records, each record's in device_seq order."""
        found: dict[str, list[OutboxEntry]] = {}
        if not record_ids or connection.execute(_ANY_UNSENT).first() is None:
            return found
        rows = _rows_in(connection, select(outbox).where(outbox.c.state.in_(UNSENT)), outbox.c.record_id, record_ids)
        for row in sorted(rows, key=lambda r: r.device_seq):
            found.setdefault(row.record_id, []).append(_entry(row))
        return found

    def _conflict_row(self, now: Moment, kind: str, record_id: str, info: dict[str, Any]) -> dict[str, Any]:
        noun = _noun(kind)
        if info.get("narrative"):
            message = f"Two different versions of the same text in this {noun} were written; both are kept. Choose one or combine them."
        else:
            message = f"Someone else changed the same field of this {noun}; the server kept their value and yours is kept here."
        return _attention_row(info["conflict_id"], "conflict", kind, record_id, None, message, dict(info), now)

    # scope and purges ------------------------------------------------------------------------

    def revoked_cases(self) -> list[str]:
        with self._store.reading() as connection:
            return list(connection.execute(select(revoked_case.c.case_id).order_by(revoked_case.c.case_id)).scalars())

    def purge_settled_cases(self) -> int:
        """Purge revoked cases whose work has all been uploaded; returns how many were purged."""
        with self._store.transaction() as connection:
            purged = self._purge_settled_cases(connection)
        if purged:
            self.checkpoint()
        return purged

    def _purge_settled_cases(self, connection: Connection) -> int:
        def audit(connection: Connection, case_id: str, count: int) -> None:
            self._store._audit.append(connection, self._now().iso, "purge", record_kind="case", record_id=case_id, detail={"count": count})

        return record_removal.purge_settled_cases(connection, audit)

    def _remove_record(self, connection: Connection, record_id: str, *, case_left: bool = False) -> int:
        return record_removal.remove_record(connection, record_id, case_left=case_left)

    def checkpoint(self) -> None:
        """Move the WAL into the database and truncate it, so purged pages do not linger there."""
        raw = self._store._live_engine().raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    # 410: download everything again ----------------------------------------------------------

    def begin_resync(self, *, epoch: str | None, server_restored: bool) -> None:
        """Forget the cursor (keep the outbox); remember what we held so a finished re-download can
        remove what no longer comes back. After a restore from backup the server may have lost work
        it had acknowledged: send it all again (the ledger answers `duplicate` for what it kept)."""
        with self._store.transaction() as connection:
            connection.execute(update(sync_state).where(sync_state.c.id == 1).values(cursor=None, epoch=epoch))
            connection.execute(delete(resync_leftover))
            held = list(connection.execute(select(shadow.c.record_id)).scalars())
            if held:
                connection.execute(insert(resync_leftover), [{"record_id": i} for i in held])
            if server_restored:
                connection.execute(
                    update(outbox)
                    .where(outbox.c.state.in_((ACKED, CONVERTED, CONFLICT)))
                    .values(state=PENDING, last_error=REPUSH, next_attempt_at=None)
                )

    def finish_resync(self) -> int:
        with self._store.transaction() as connection:
            leftovers = list(connection.execute(select(resync_leftover.c.record_id)).scalars())
            removed = 0
            for record_id in leftovers:
                if self._unsent(connection, record_id):
                    # our unsent work on it stays visible; it is no longer a server copy
                    connection.execute(delete(shadow).where(shadow.c.record_id == record_id))
                else:
                    removed += self._remove_record(connection, record_id, case_left=True)
            connection.execute(delete(resync_leftover))
        if removed:
            self.checkpoint()
        return removed

    # attachments -----------------------------------------------------------------------------

    def attachments_to_upload(self) -> list[tuple[str, int, str]]:
        with self._store.reading() as connection:
            return retention.to_upload(connection)

    def attachment_chunk(self, sha256: str, offset: int, size: int) -> bytes:
        with self._store.reading() as connection:
            return retention.chunk(connection, sha256, offset, size)

    def mark_uploaded(self, sha256: str) -> None:
        with self._store.transaction() as connection:
            retention.uploaded(connection, sha256)

    def keep_refused_attachment(self, sha256: str, code: str) -> None:
        """The server refused these bytes for good: kept here, and said so (attachment_retention.py)."""
        with self._store.transaction() as connection:
            retention.keep_refused(connection, sha256, code, self._now().iso)

    def attachment_content(self, sha256: str) -> bytes | None:
        return self._store.get_attachment(sha256)

    def store_downloaded(self, sha256: str, content: bytes, mime: str) -> None:
        with self._store.transaction() as connection:
            found = connection.execute(select(attachment.c.sha256).where(attachment.c.sha256 == sha256)).first()
            if found is None:
                connection.execute(insert(attachment).values(sha256=sha256, mime=mime, size=len(content), content=content, uploaded=True,
                                                             created_at=self._now().iso))
            else:
                connection.execute(update(attachment).where(attachment.c.sha256 == sha256).values(content=content, size=len(content)))


# statements of the page apply, built once (executed with executemany, or packed, where they take a list) ---

#: the ids of `_rows_in`, one JSON array bound once
_LISTED_IDS = select(func.json_each(bindparam("listed_ids")).table_valued("value").c.value)

# the bulk deletes are driver SQL with positional rows (executemany straight to SQLite); the inserts and
# upserts, which a first download and a re-pull are made of, are packed (_PackedInsert below)
_SHADOW_UPSERT_TAIL = "ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, rev = excluded.rev, body = excluded.body"
_RECORD_COLUMNS = ("kind", "case_id", "status", "rev", "version", "occurred_on", "body", "updated_at", "search_rowid")
_CHILDREN_REMOVE = "DELETE FROM record_child WHERE record_id = ?"
_OUTBOX_STATES = select(outbox.c.mutation_id, outbox.c.state)
_SHADOW_REVS = select(shadow.c.record_id, shadow.c.rev)
_SHADOW_BODIES = select(shadow.c.record_id, shadow.c.body)
_OUTBOX_ANSWERED = (
    update(outbox).where(outbox.c.mutation_id == bindparam("mid"))
    .values(state=bindparam("new_state"), last_error=bindparam("error"), next_attempt_at=bindparam("retry_at"))
)
_ANY_RESYNC_LEFTOVER = select(resync_leftover.c.record_id).limit(1)
_DELETE_RESYNC_LEFTOVER = delete(resync_leftover).where(resync_leftover.c.record_id == bindparam("rid"))
_ANY_UNSENT = select(outbox.c.mutation_id).where(outbox.c.state.in_(UNSENT)).limit(1)
#: `_attend`'s "already known (and perhaps already resolved by the user): leave it" as one statement
_ATTENTION_INSERT_NEW = sqlite_insert(attention).on_conflict_do_nothing(index_elements=[attention.c.id])
_SETTLE_ATTENTION = update(attention).where(attention.c.id == bindparam("aid"))
# the full-text index by rowid (search.py): new entries take rowids after the last one, as FTS5 would
_LAST_SEARCH_ROWID = text(f"SELECT rowid FROM {SEARCH_TABLE} ORDER BY rowid DESC LIMIT 1")
_SEARCH_REMOVE = f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ?"
#: full-text entries by rowid, the rowids one JSON array (as `_rows_in`). Read from the FTS5 table's
#: content table (its documented shadow table `<name>_content`: id, then c0.. in column order):
#: through the FTS5 table each rowid is a separate xFilter, 57 µs an entry; here it is a b-tree seek
_SEARCH_ROWS = f"SELECT id, c0, c1, c2, c3 FROM {SEARCH_TABLE}_content WHERE id IN (SELECT value FROM json_each(?))"
_CHILD_ROWS = select(record_child.c.record_id, record_child.c.child_id, record_child.c.occurred_on, record_child.c.seen)


class _PackedInsert:
    """An INSERT of many rows in ONE statement execution, the rows packed into two bound blobs.

    Why not executemany: the store runs with cipher_memory_security = ON (security.md), under which
    every SQLite heap allocation is locked and wiped — a pair of syscalls. Each executemany row binds
    every text value afresh (one allocation each) and reopens a cursor per table and index (one
    each), so rows cost dozens of them; here the statement's registers and cursors are allocated
    once and reused for every row (a first download: ~65 allocations a record before, ~20 after,
    most of the rest inside FTS5 and the b-trees).
    Values are UTF-8 slices of the first blob (a blob, so substr counts bytes and is O(1)); the
    second holds, per value, its 1-based start and length as two 10-digit numbers (length -1 for
    NULL). Values come back as text: plain tables' INTEGER columns turn digits into integers by
    their affinity, other columns take a cast (`casts`).
    The rows are numbered by `json_each` over a JSON array of as many zeros (its `key` is the index),
    so they go in in the order given. It replaced a recursive CTE, whose queue hands each number over
    as a copied record: one more locked block (mlock, munlock, wipe) per row, ~20% of a first
    download's SQLite allocations (101k -> 79k for 4,886 records, counted with strace); the JSON
    array is parsed once per statement.
    """

    _ENTRY = 20

    def __init__(self, table: str, columns: tuple[str, ...], *, casts: dict[str, str] | None = None, tail: str = "") -> None:
        width = len(columns)
        casts = casts or {}

        def value(k: int) -> str:
            at = f"(n.i * {width * self._ENTRY} + {k * self._ENTRY + 1})"
            start, length = f"CAST(substr(?2, {at}, 10) AS INTEGER)", f"CAST(substr(?2, {at} + 10, 10) AS INTEGER)"
            text_value = f"CAST(substr(?1, {start}, {length}) AS TEXT)"
            if columns[k] in casts:
                text_value = f"CAST({text_value} AS {casts[columns[k]]})"
            return f"CASE WHEN {length} < 0 THEN NULL ELSE {text_value} END"

        self.table, self.columns, self.tail, self.width = table, columns, tail, width
        self.sql = (
            "WITH n(i) AS (SELECT key FROM json_each(?3)) "
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(value(k) for k in range(width))} FROM n"
            + (f" WHERE true {tail}" if tail else "")  # WHERE: an upsert after INSERT ... SELECT needs it to parse
        )

    def run(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        """Insert `rows` (tuples of str, UTF-8 bytes (text already encoded), int or None, `width`
        long), in order."""
        if not rows:
            return
        values = [value for row in rows for value in row]
        assert len(values) == len(rows) * self.width
        encoded = [b"" if v is None else v.encode() if type(v) is str else v if type(v) is bytes else b"%d" % v for v in values]
        lengths = [-1 if v is None else len(e) for v, e in zip(values, encoded)]
        # one leading byte: an empty blob would be bound as NULL, and every value in it would read as NULL
        starts = accumulate(map(len, encoded), initial=2)
        index = b"".join([b"%010d%010d" % entry for entry in zip(starts, lengths)])
        connection.exec_driver_sql(self.sql, (b"-" + b"".join(encoded), index, f"[{','.join('0' * len(rows))}]"))


# the bulk inserts (see _PackedInsert); integer columns of plain tables take the text through their affinity
_SHADOW_UPSERT = _PackedInsert("shadow", ("record_id", "kind", "rev", "body"), tail=_SHADOW_UPSERT_TAIL)
_RECORD_UPSERT = _PackedInsert(
    "record", ("id", *_RECORD_COLUMNS), tail=f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _RECORD_COLUMNS)}"
)
_CHILDREN_ADD = _PackedInsert("record_child", ("record_id", "child_id", "occurred_on", "seen"))
# FTS5 columns have no affinity: the rowid is made an integer here
_SEARCH_ADD = _PackedInsert(SEARCH_TABLE, ("rowid", "record_id", "kind", "case_id", "text"), casts={"rowid": "INTEGER"})


def _rows_in(connection: Connection, query: Any, column: Any, ids: list[str]) -> list[Any]:
    """The rows of `query` whose `column` is one of `ids`, in one statement.

    The ids travel as one JSON array read by `json_each`, not as an IN list of bound values: with
    cipher_memory_security every SQLite allocation is a locked, wiped block (a syscall pair), and
    compiling an IN list of 500 values took thousands of them; this statement compiles once."""
    if not ids:
        return []
    return connection.execute(query.where(column.in_(_LISTED_IDS)), {"listed_ids": json.dumps(ids)}).all()


def _existing_records(connection: Connection, ids: list[str]) -> dict[str, Any]:
    query = select(record.c.id, record.c.version, record.c.search_rowid, record.c.body, record.c.rev)
    return {row.id: row for row in _rows_in(connection, query, record.c.id, ids)}


def _attention_row(
    attention_id: str, topic: str, record_kind: str | None, record_id: str | None, mutation_id: str | None,
    message: str, details: dict[str, Any], now: Moment,
) -> dict[str, Any]:
    return dict(id=attention_id, topic=topic, record_kind=record_kind, record_id=record_id, mutation_id=mutation_id,
                message=message, details=_dumps(details), created_at=now.iso, resolved_at=None)


def _shadow_includes(held_rev: int | None, result: dict[str, Any]) -> bool:
    """True when the laptop's copy of the server state (its shadow at `held_rev`) already reflects
    this answered mutation, so the record can be rebuilt without it (otherwise the next pull brings
    that state)."""
    rev = result.get("rev")
    if rev is None or result["result"] in ("rejected", "deferred"):
        return True  # no effect on the server's record: drop it from the local view now
    return held_rev is not None and held_rev >= rev


def _plus_seconds(iso: str, seconds: float) -> str:
    return (datetime.fromisoformat(iso) + timedelta(seconds=seconds)).astimezone(UTC).isoformat(timespec="milliseconds")


def _reapply(kind: str, body: dict[str, Any], entry: OutboxEntry, user_id: str, now: Moment) -> dict[str, Any]:
    """One unsent mutation on top of a server state, the way the server would (minus conflicts:
    until the server answers, the laptop shows what its user wrote)."""
    status = body.get("status")
    approved = status == Status.APPROVED.value
    out = dict(body)
    if entry.kind == "create":
        return out  # the server already has a record with this id: it decides (duplicate or conflict)
    if entry.kind == "patch":
        if approved:
            return out  # approved content never changes (P5); the edit is shown as a proposal instead
        for name, change in (entry.payload.get("changes") or {}).items():
            if name in record_facts.SERVER_OWNED_FIELDS or name not in out:
                continue  # an attachment list is a set: my files added to (or taken from) theirs
            out[name] = attachment_sets.merge(change["base"], out[name], change["new"]) if name in attachment_sets.attachment_fields(kind) else change["new"]
        return out
    if entry.kind == "attach":
        field, ref = entry.payload.get("field"), entry.payload.get("attachment") or {}
        if approved or field not in out or not isinstance(out[field], list):
            return out
        if not any(isinstance(i, dict) and i.get("sha256") == ref.get("sha256") for i in out[field]):
            out[field] = [*out[field], {k: v for k, v in ref.items() if k in ("sha256", "name", "mime", "kind")}]
        return out
    if entry.kind == "command" and kind in FIELD_RECORD_KINDS and status is not None:
        name, args = entry.payload.get("name"), entry.payload.get("args") or {}
        text = args.get("reason") or args.get("text")
        try:
            target = transition(Status(status), Command(name), reason=text)
        except (WorkflowError, ValueError):
            return out  # no longer possible on the server's state: the server will say so
        out["status"] = target.value
        if name == Command.RETURN.value:
            out["returned_reason"] = text
        elif name == Command.VOID.value:
            out["voided_reason"] = text
        elif name == Command.APPROVE.value:
            out["approved_by"], out["approved_at"] = user_id, now.iso
        elif name == Command.ADD_ADDENDUM.value:
            out["addenda"] = [*(out.get("addenda") or []), {"author": user_id, "at": now.iso, "text": text, "acknowledged_by": None}]
        return out
    return out
