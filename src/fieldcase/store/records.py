"""Records on the laptop: every kind in one table, each edit one transaction with its outbox
mutation and its audit event (sync.md "A user edit is one transaction").

`RecordRepository` works on a connection the caller's transaction owns; `Store` opens those
transactions. Bodies are the domain's JSON form (`fieldcase.domain.serialization`), checked by
`from_dict` on the way in and out so nothing malformed is ever stored or shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from fieldcase.domain import kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.addenda import Addendum
from fieldcase.domain.patches import diff
from fieldcase.domain.serialization import from_dict, kind_of, to_dict
from fieldcase.domain.workflow import Command, Status, check_editable, is_read_only, transition
from fieldcase.store import record_rows, search, shadows
from fieldcase.store.audit import AuditLog
from fieldcase.store.errors import RecordNotFound, StaleEdit
from fieldcase.store.outbox import Outbox, OutboxEntry
from fieldcase.store.record_rows import Moment, StoredRecord
from fieldcase.store.tables import record, record_child


@dataclass(frozen=True)
class Saved:
    """What an edit changed, so views refresh only that."""

    record: StoredRecord
    created: bool
    changed_fields: tuple[str, ...]
    mutation_id: str | None  # None when the edit changed nothing


def _dumps(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _noun(kind: str) -> str:
    return kinds.noun(kind)


class RecordRepository:
    def __init__(self, outbox: Outbox, audit: AuditLog, user_id: str) -> None:
        self._outbox = outbox
        self._audit = audit
        self._user_id = user_id

    # reading -------------------------------------------------------------------------------

    def find(self, connection: Connection, record_id: str) -> StoredRecord | None:
        return record_rows.find(connection, record_id)

    def get(
        self, connection: Connection, record_id: str, *, kind: str | None = None
    ) -> StoredRecord:
        return record_rows.get(connection, record_id, kind=kind)

    def list(self, connection: Connection, **filters: Any) -> list[StoredRecord]:
        """`record_rows.list_records`: by kind, case, status, child, days; newest first."""
        return record_rows.list_records(connection, **filters)

    def reindex_all(self, connection: Connection) -> int:
        """Rebuild every record's full-text entry (after a migration made the index anew)."""
        count = 0
        for row in connection.execute(
            select(record.c.id, record.c.kind, record.c.case_id, record.c.body)
        ).all():
            item = from_dict(row.kind, json.loads(row.body))
            rowid = search.index_record(
                connection, None, row.id, row.kind, row.case_id, record_facts.search_text(item)
            )
            connection.execute(
                update(record).where(record.c.id == row.id).values(search_rowid=rowid)
            )
            count += 1
        return count

    # writing -------------------------------------------------------------------------------

    def save(
        self, connection: Connection, item: Any, *, now: Moment, expected_version: int | None = None
    ) -> Saved:
        """Create or edit a record: entity row + outbox mutation + audit event, in the caller's transaction."""
        kind = kind_of(item)
        body = to_dict(item)
        from_dict(kind, body)  # refuse anything the domain could not read back
        existing = self.find(connection, body["id"])
        if existing is None:
            return self._create(connection, kind, item, body, now)
        if existing.kind != kind:
            raise RecordNotFound()
        if expected_version is not None and expected_version != existing.version:
            raise StaleEdit()
        if kind in kinds.WORKFLOW_KINDS and existing.status is not None:
            check_editable(Status(existing.status), noun=_noun(kind))
        changes, entry = self._queue_patch(connection, existing, body, now)
        if entry is None:
            return Saved(existing, False, (), None)
        stored = self._write(
            connection, kind, item, body, now, version=existing.version + 1, rev=existing.rev
        )
        self._audit.append(
            connection,
            now.iso,
            "record.update",
            record_kind=kind,
            record_id=existing.id,
            detail={"fields": sorted(changes), "count": len(changes)},
        )
        return Saved(stored, False, tuple(sorted(changes)), entry.mutation_id)

    def keep_typed(
        self, connection: Connection, record_id: str, typed: dict[str, Any], *, now: Moment
    ) -> Saved:
        """Queue what the caseworker typed into a field record that became read-only while they
        typed (a sync brought the approval or the void): a patch of the typed fields over the
        record's current server revision, in the caller's transaction, with its audit event.

        Approved: the record row is not touched (approved content never changes on the laptop,
        sync.md P5); the server answers the patch `locked` and keeps it as an addendum proposal
        the supervisor sees. Voided: there is no proposal on the server for a voided record (a
        proposal or an addendum needs an approved one, and a voided record takes no comment);
        the server applies an edit to a voided record and flags it ("An edit to a voided record is
        applied and flagged", sync.md), so the words are kept in the voided record, which both
        the caseworker and the supervisor can read — the row shows them now, as the server will
        (P8), and the record stays voided."""
        existing = self.get(connection, record_id)
        if existing.kind not in kinds.WORKFLOW_KINDS:
            raise RecordNotFound()
        status = Status(existing.status)
        if not is_read_only(status):
            raise ValueError("an editable record is saved, not kept: use save")
        item = from_dict(
            existing.kind, {**existing.body, **typed}
        )  # refuse what the domain could not read back
        body = to_dict(item)
        changes, entry = self._queue_patch(connection, existing, body, now)
        if entry is None:
            return Saved(existing, False, (), None)
        stored = existing
        if status is Status.VOIDED:
            stored = self._write(
                connection,
                existing.kind,
                item,
                body,
                now,
                version=existing.version + 1,
                rev=existing.rev,
            )
        self._audit.append(
            connection,
            now.iso,
            "record.propose" if status is Status.APPROVED else "record.update",
            record_kind=existing.kind,
            record_id=record_id,
            detail={"fields": sorted(changes), "count": len(changes), "state": status.value},
        )
        return Saved(stored, False, tuple(sorted(changes)), entry.mutation_id)

    def _queue_patch(
        self,
        connection: Connection,
        existing: StoredRecord,
        body: dict[str, Any],
        now: Moment,
    ) -> tuple[dict[str, dict[str, Any]], OutboxEntry | None]:
        """The patch from the stored body to `body`, queued over the record's server revision (None
        when nothing differs)."""
        changes = diff(existing.body, body, include_server_owned=True)
        owned = sorted(set(changes) & record_facts.SERVER_OWNED_FIELDS)
        if owned:
            # status, revision and approval change only through commands and the server
            raise ValueError(f"an edit may not change {', '.join(owned)}")
        if not changes:
            return changes, None
        entry = self._outbox.record_edit(
            connection,
            record_kind=existing.kind,
            record_id=existing.id,
            base_rev=existing.rev,
            changes=changes,
            now_iso=now.iso,
            now_ms=now.ms,
        )
        return changes, entry

    def _create(
        self, connection: Connection, kind: str, item: Any, body: dict[str, Any], now: Moment
    ) -> Saved:
        fields = {k: v for k, v in body.items() if k not in record_facts.SERVER_OWNED_FIELDS}
        entry = self._outbox.append(
            connection,
            record_kind=kind,
            record_id=body["id"],
            kind="create",
            base_rev=0,
            payload={"fields": fields},
            now_iso=now.iso,
            now_ms=now.ms,
        )
        stored = self._write(
            connection,
            kind,
            item,
            body,
            now,
            version=1,
            rev=int(body.get("rev") or 0),
            insert_row=True,
        )
        self._audit.append(
            connection, now.iso, "record.create", record_kind=kind, record_id=body["id"]
        )
        return Saved(stored, True, tuple(sorted(fields)), entry.mutation_id)

    def run_command(
        self,
        connection: Connection,
        record_id: str,
        command: Command | str,
        *,
        now: Moment,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        """Submit, approve, return, reopen, void or add an addendum: a state change queued for the server."""
        command = Command(command)
        existing = self.get(connection, record_id)
        if existing.kind not in kinds.WORKFLOW_KINDS:
            raise RecordNotFound()
        if expected_version is not None and expected_version != existing.version:
            raise StaleEdit()
        current = Status(existing.status)
        item = existing.to_domain()
        target = transition(
            current, command, reason=reason, noun=_noun(existing.kind), approved_at=item.approved_at
        )
        body = dict(existing.body)
        body["status"] = target.value
        args: dict[str, Any] = {}
        if command is Command.RETURN:
            body["returned_reason"] = args["reason"] = reason
        elif command is Command.VOID:
            body["voided_reason"] = args["reason"] = reason
        elif command in (Command.APPROVE, Command.FILE):  # filed: the caseworker makes it final
            body["approved_by"] = self._user_id
            body["approved_at"] = now.iso
        elif command is Command.ADD_ADDENDUM:
            args["text"] = reason
            addendum = Addendum(author=self._user_id, at=now.as_datetime, text=reason or "")
            body["addenda"] = list(body.get("addenda") or []) + [to_dict(addendum)]
        item = from_dict(existing.kind, body)
        body = to_dict(item)
        entry = self._outbox.append(
            connection,
            record_kind=existing.kind,
            record_id=record_id,
            kind="command",
            base_rev=existing.rev,
            payload={"name": command.value, "args": args, "rev": existing.rev},
            now_iso=now.iso,
            now_ms=now.ms,
        )
        stored = self._write(
            connection,
            existing.kind,
            item,
            body,
            now,
            version=existing.version + 1,
            rev=existing.rev,
        )
        self._audit.append(
            connection,
            now.iso,
            "record.command",
            record_kind=existing.kind,
            record_id=record_id,
            detail={"code": command.value, "from_status": current.value, "to_status": target.value},
        )
        return Saved(stored, False, ("status",), entry.mutation_id)

    def _write(
        self,
        connection: Connection,
        kind: str,
        item: Any,
        body: dict[str, Any],
        now: Moment,
        *,
        version: int,
        rev: int,
        insert_row: bool = False,
    ) -> StoredRecord:
        occurred = record_facts.occurred_on(item)
        values: dict[str, Any] = dict(  # the record row's columns, each its own type
            kind=kind,
            case_id=body.get("case_id") or (body["id"] if kind == "case" else None),
            status=body.get("status") if kind in kinds.WORKFLOW_KINDS else None,
            rev=rev,
            version=version,
            occurred_on=occurred.isoformat() if occurred else None,
            body=_dumps(body),
            updated_at=now.iso,
        )
        old_rowid = None
        if not insert_row:
            # the user's work is about to replace the server's body the row may hold for the shadow
            shadows.keep_server_body(connection, body["id"])
            old_rowid = connection.execute(
                select(record.c.search_rowid).where(record.c.id == body["id"])
            ).scalar_one()
        values["search_rowid"] = search.index_record(
            connection,
            old_rowid,
            body["id"],
            kind,
            values["case_id"],
            record_facts.search_text(item),
        )
        if insert_row:
            connection.execute(insert(record).values(id=body["id"], **values))
        else:
            connection.execute(update(record).where(record.c.id == body["id"]).values(**values))
        connection.execute(delete(record_child).where(record_child.c.record_id == body["id"]))
        children = sorted(set(record_facts.children_of(item)))
        if children:
            seen = record_facts.children_seen(item)
            connection.execute(
                insert(record_child),
                [
                    {
                        "record_id": body["id"],
                        "child_id": c,
                        "occurred_on": values["occurred_on"],
                        "seen": c in seen,
                    }
                    for c in children
                ],
            )
        return StoredRecord(
            body["id"], kind, values["case_id"], values["status"], rev, version, body, now.iso
        )
