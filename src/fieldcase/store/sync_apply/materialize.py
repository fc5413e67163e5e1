"""How a record on the laptop is made: its server state (the shadow) with every unsent local mutation
re-applied on top, in device_seq order (P8), written with its full-text entry and record_child rows."""

from __future__ import annotations

import json
from typing import Any

from pydantic_core import to_json as _to_json
from sqlalchemy import Connection, select, text

from fieldcase.domain import attachment_sets, kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.serialization import from_dict, to_sorted_dict
from fieldcase.domain.workflow import Command, Status, WorkflowError, transition
from fieldcase.store.outbox import OutboxEntry, _entry
from fieldcase.store.records import Moment
from fieldcase.store.sync_apply.common import UNSENT, _existing_records, _rows_in
from fieldcase.store.sync_apply.notices import Notices
from fieldcase.store.sync_apply.packing import _CHILDREN_ADD, _RECORD_UPSERT, _SEARCH_ADD
from fieldcase.store.tables import SEARCH_TABLE, outbox, record_child


class Materializer(Notices):
    def _unsent(self, connection: Connection, record_id: str | None = None) -> list[OutboxEntry]:
        query = select(outbox).where(outbox.c.state.in_(UNSENT)).order_by(outbox.c.device_seq)
        if record_id is not None:
            query = query.where(outbox.c.record_id == record_id)
        return [_entry(row) for row in connection.execute(query)]

    def _materialize_many(
        self,
        connection: Connection,
        states: list[tuple[str, dict[str, Any]]],
        now: Moment,
        existing: dict[str, Any] | None = None,
    ) -> set[str]:
        """Rebuild the records the UI reads, distinct records whose server states (shadows) are given:
        server state + our unsent mutations on top (P8). Returns the ids of the records whose row
        now holds their server state's record (the same record, in the store's own form: their
        shadows need not keep the body again)."""
        ids = [record_id for record_id, _ in states]
        pending = self._unsent_by_record(connection, ids)
        origins = [
            change["origin_mutation_id"]
            for record_id, change in states
            if record_id in pending
            and change.get("origin_mutation_id") is not None
            and change.get("origin_device_id") == self.device_id
        ]
        echoed = {
            row.mutation_id: row.device_seq
            for row in _rows_in(
                connection,
                select(outbox.c.mutation_id, outbox.c.device_seq),
                outbox.c.mutation_id,
                origins,
            )
        }
        if existing is None:
            existing = _existing_records(connection, ids)
        writes: list[tuple[str, Any, dict[str, Any], bytes, int, Any]] = []
        same: set[str] = set()
        for record_id, change in states:
            kind = change["record_kind"]
            entries = pending.get(record_id)
            if entries:
                body = dict(change["body"])
                seq = (
                    echoed.get(change.get("origin_mutation_id"))
                    if change.get("origin_device_id") == self.device_id
                    else None
                )
                if (
                    seq is not None
                ):  # our own echo: it, and our earlier work on the record, is inside already
                    entries = [e for e in entries if e.device_seq > seq]
                for entry in entries:
                    body = _reapply(kind, body, entry, self.user_id, now)
                try:
                    item = from_dict(kind, body)
                except (ValueError, TypeError):
                    # our edits no longer fit the server's shape: show the server's state; the outbox keeps ours
                    item = from_dict(kind, dict(change["body"]))
                if item == from_dict(kind, change["body"]):
                    same.add(record_id)  # our unsent work changes nothing in it (a comment)
            else:
                item = from_dict(kind, change["body"])
                # the row holds the server's record, written as the store writes every record
                # (fields sorted, defaults written out: the server leaves its own fields out)
                same.add(record_id)
            # the body's canonical text, _dumps(to_dict(item)) — keys sorted — written as UTF-8 by
            # pydantic_core from a dict whose keys are in sorted order: 143 -> 108 ms for 4,886 records
            body = to_sorted_dict(item)
            dumped = _to_json(body)
            held = existing.get(record_id)
            if (
                held is not None
                and held.rev == change["rev"]
                and (held.body.encode() == dumped or json.loads(held.body) == body)
            ):
                continue  # nothing changed (P7: applying a page twice changes nothing)
            writes.append((kind, item, body, dumped, change["rev"], held))
        self._write_many(connection, writes, now)
        return same

    def _write_many(
        self,
        connection: Connection,
        writes: list[tuple[str, Any, dict[str, Any], bytes, int, Any]],
        now: Moment,
    ) -> None:
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
        indexed = (
            {
                row[0]: tuple(row[1:])
                for row in connection.exec_driver_sql(
                    _SEARCH_ROWS,
                    (
                        json.dumps(
                            [h.search_rowid for h in held_rows if h.search_rowid is not None]
                        ),
                    ),
                )
            }
            if held_rows
            else {}
        )
        linked: dict[str, set[tuple[str, str | None, bool]]] = {}
        for row in _rows_in(
            connection, _CHILD_ROWS, record_child.c.record_id, [h.id for h in held_rows]
        ):
            linked.setdefault(row.record_id, set()).add(
                (row.child_id, row.occurred_on, bool(row.seen))
            )
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
            if (
                held is not None
                and held.search_rowid is not None
                and indexed.get(held.search_rowid) == (record_id, kind, case_id, words)
            ):
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
                body.get("status") if kind in kinds.WORKFLOW_KINDS else None,
                rev,
                (held.version + 1)
                if held is not None
                else 1,  # an open form's edit must reload first
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

    def _unsent_by_record(
        self, connection: Connection, record_ids: list[str]
    ) -> dict[str, list[OutboxEntry]]:
        """The unsent outbox rows of these records, each record's in device_seq order."""
        found: dict[str, list[OutboxEntry]] = {}
        if not record_ids or connection.execute(_ANY_UNSENT).first() is None:
            return found
        rows = _rows_in(
            connection,
            select(outbox).where(outbox.c.state.in_(UNSENT)),
            outbox.c.record_id,
            record_ids,
        )
        for row in sorted(rows, key=lambda r: r.device_seq):
            found.setdefault(row.record_id, []).append(_entry(row))
        return found


_CHILDREN_REMOVE = "DELETE FROM record_child WHERE record_id = ?"
_ANY_UNSENT = select(outbox.c.mutation_id).where(outbox.c.state.in_(UNSENT)).limit(1)
# the full-text index by rowid (search.py): new entries take rowids after the last one, as FTS5 would
_LAST_SEARCH_ROWID = text(f"SELECT rowid FROM {SEARCH_TABLE} ORDER BY rowid DESC LIMIT 1")  # noqa: S608 - names from this module's constants; values are bound
_SEARCH_REMOVE = f"DELETE FROM {SEARCH_TABLE} WHERE rowid = ?"  # noqa: S608 - names from this module's constants; values are bound
#: full-text entries by rowid, the rowids one JSON array (as `_rows_in`). Read from the FTS5 table's
#: content table (its documented shadow table `<name>_content`: id, then c0.. in column order):
#: through the FTS5 table each rowid is a separate xFilter, 57 µs an entry; here it is a b-tree seek
_SEARCH_ROWS = (
    f"SELECT id, c0, c1, c2, c3 FROM {SEARCH_TABLE}_content "  # noqa: S608 - names from this module's constants; values are bound
    "WHERE id IN (SELECT value FROM json_each(?))"
)
_CHILD_ROWS = select(
    record_child.c.record_id,
    record_child.c.child_id,
    record_child.c.occurred_on,
    record_child.c.seen,
)


def _reapply(
    kind: str, body: dict[str, Any], entry: OutboxEntry, user_id: str, now: Moment
) -> dict[str, Any]:
    """One unsent mutation on top of a server state, the way the server would (minus conflicts:
    until the server answers, the laptop shows what its user wrote)."""
    status = body.get("status")
    approved = status == Status.APPROVED.value
    out = dict(body)
    if entry.kind == "create":
        return (
            out  # the server already has a record with this id: it decides (duplicate or conflict)
        )
    if entry.kind == "patch":
        if approved:
            return (
                out  # approved content never changes (P5); the edit is shown as a proposal instead
            )
        for name, change in (entry.payload.get("changes") or {}).items():
            if name in record_facts.SERVER_OWNED_FIELDS or name not in out:
                continue  # an attachment list is a set: my files added to (or taken from) theirs
            out[name] = (
                attachment_sets.merge(change["base"], out[name], change["new"])
                if name in attachment_sets.attachment_fields(kind)
                else change["new"]
            )
        return out
    if entry.kind == "attach":
        field, ref = entry.payload.get("field"), entry.payload.get("attachment") or {}
        if approved or field not in out or not isinstance(out[field], list):
            return out
        if not any(
            isinstance(i, dict) and i.get("sha256") == ref.get("sha256") for i in out[field]
        ):
            out[field] = [
                *out[field],
                {k: v for k, v in ref.items() if k in ("sha256", "name", "mime", "kind")},
            ]
        return out
    if entry.kind == "command" and kind in kinds.WORKFLOW_KINDS and status is not None:
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
        elif name in (Command.APPROVE.value, Command.FILE.value):
            out["approved_by"], out["approved_at"] = user_id, now.iso
        elif name == Command.ADD_ADDENDUM.value:
            out["addenda"] = [
                *(out.get("addenda") or []),
                {"author": user_id, "at": now.iso, "text": text, "acknowledged_by": None},
            ]
        return out
    return out
