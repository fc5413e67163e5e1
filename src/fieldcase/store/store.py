"""The laptop store: create, unlock, lock, and the repositories the services use.

`Store.unlock` follows security.md's opening sequence (store/opening.py); every refusal leaves the
files exactly as they were and never creates a new store. `Store.lock` disposes the connection and
zeroes the data key; any use afterwards raises `StoreLocked`.
"""

from __future__ import annotations

import builtins  # Store.list shadows the builtin in the class body
import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from fieldcase.domain import kinds
from fieldcase.domain.workflow import Command
from fieldcase.security import keyfile
from fieldcase.security.keyfile import KeyFileHeader
from fieldcase.security.keys import DataKey
from fieldcase.store import record_rows
from fieldcase.store.agency_choice import AgencyChoice
from fieldcase.store.audit import AuditEvent, AuditLog
from fieldcase.store.clock import Clock
from fieldcase.store.connection_lock import (
    BackgroundJob,
    BackgroundJobs,
    ConnectionLock,
    LockedEngine,
)
from fieldcase.store.errors import StoreLocked
from fieldcase.store.opening import StoreOpening
from fieldcase.store.paths import StorePaths
from fieldcase.store.record_rows import Moment, StoredRecord

if TYPE_CHECKING:
    import sqlcipher3.dbapi2 as sqlcipher
    from sqlalchemy import Connection, Engine

    from fieldcase.store import search as fulltext
    from fieldcase.store.compliance_facts import ComplianceFacts
    from fieldcase.store.outbox import Outbox, OutboxEntry
    from fieldcase.store.records import RecordRepository, Saved

#: how long `Store.lock()` waits for a running sync to stop before it locks the store anyway
STOP_BACKGROUND_SECONDS = 5.0


class Store(StoreOpening):
    """The open store: one keyed SQLCipher connection, and a SQLAlchemy engine over it made on first use.

    Unlocking, its audit event and the reads the caseload needs (`get`, `list`,
    `stored_about_children`, `identity`, the page check) use the DB-API connection directly, so the
    caseload is painted without waiting for SQLAlchemy's import (store/record_rows.py says why).
    Everything else goes through the engine, which wraps the same connection."""

    def __init__(
        self,
        paths: StorePaths,
        header: KeyFileHeader,
        key: DataKey,
        connection: sqlcipher.Connection,
        clock: Clock,
    ) -> None:
        self.paths = paths
        self.header = header
        self._key: DataKey | None = key
        self._connection: sqlcipher.Connection | None = connection
        self._engine: Engine | None = None
        self._engine_made = threading.Lock()
        self._clock = clock
        self._audit = AuditLog(key.derive("audit-mac"))
        self._outbox_now: Outbox | None = None
        self._records_now: RecordRepository | None = None
        # the one connection is shared by the store worker and the sync thread, one use at a time
        # (store/connection_lock.py says why a lock and not a second connection)
        self._lock = ConnectionLock()
        self._jobs = BackgroundJobs()
        #: which kinds the agency's supervisor approves, as its server last said (a sync's hello)
        self.agency_choice = AgencyChoice(self._reading_rows)

    @property
    def _outbox(self) -> Outbox:
        if self._outbox_now is None:
            from fieldcase.store.outbox import Outbox

            self._outbox_now = Outbox(self.header.device_id)
        return self._outbox_now

    @property
    def _records(self) -> RecordRepository:
        if self._records_now is None:
            from fieldcase.store.records import RecordRepository

            self._records_now = RecordRepository(self._outbox, self._audit, self.header.user_id)
        return self._records_now

    # locking ---------------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._connection is None

    def lock(self) -> None:
        """Stop the sync, drop the connection and zero the key (security.md "Lock"). Idempotent.

        A sync running on its own thread is asked to stop and waited for (at most
        STOP_BACKGROUND_SECONDS: a network wait cannot be interrupted); then the connection lock is
        taken, so no transaction of any thread is open when the engine is disposed."""
        self._jobs.stop_all(STOP_BACKGROUND_SECONDS)
        with self._lock:
            if self._connection is not None:
                try:
                    with self._writing_rows() as connection:
                        self._audit.append(connection, self.moment().iso, "lock")
                finally:
                    connection, engine = self._connection, self._engine
                    self._connection = self._engine = None
                    try:
                        if engine is not None:
                            engine.dispose()
                    finally:
                        connection.close()
            if self._key is not None:
                self._key.wipe()
                self._key = None
            self._audit = AuditLog(b"\x00" * 32)  # the derived MAC key goes with the data key

    @contextlib.contextmanager
    def background(self, stop: Callable[[], None]) -> Iterator[None]:
        """Mark a job that uses the store from a thread of its own (the sync) for as long as the
        block runs: `lock()` calls `stop()` and waits for the block to end before it disposes the
        engine. Raises StoreLocked when the store is locked or being locked."""
        job = BackgroundJob(stop)
        if self._connection is None or not self._jobs.add(job):
            raise StoreLocked()
        try:
            yield
        finally:
            self._jobs.remove(job)

    def change_passphrase(self, old: str, new: str) -> None:
        """Rewrap the data key under a new passphrase; the database file is not touched."""
        self._live_engine()
        keyfile.change_passphrase(self.paths.key_file, old, new)
        with self.transaction() as connection:
            self._audit.append(connection, self.moment().iso, "passphrase.change")

    # transactions ------------------------------------------------------------------------------

    def _engine_now(self) -> Engine:
        connection = self._connection
        if connection is None:
            raise StoreLocked()
        if self._engine is None:
            with self._engine_made:  # the store worker and the sync thread may both ask first
                if self._engine is None:
                    from fieldcase.store.engine import make_engine

                    self._engine = make_engine(lambda: connection)
        return self._engine

    def _connection_now(self) -> sqlcipher.Connection:
        if self._connection is None:
            raise StoreLocked()
        return self._connection

    def _live_engine(self) -> LockedEngine:
        """For store code that needs the raw DB-API connection outside a transaction (a WAL
        checkpoint): its `raw_connection()` holds the connection lock until closed."""
        self._engine_now()
        return LockedEngine(self._engine_now, self._lock)

    # Every use of the connection holds the connection lock from checkout to checkin, whatever the
    # thread: the store worker's (autosave, reads) and the sync thread's. Each is one short
    # transaction or read, so a thread waits for at most one other's (e.g. one pulled page applied).
    # A job of several calls (read, then write) is not atomic as a whole: another thread's
    # transaction may come between its calls, as between two jobs; each call is.

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction (BEGIN IMMEDIATE … COMMIT); rolled back if the block raises."""
        with self._lock, self._engine_now().begin() as connection:
            yield connection

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        from fieldcase.store.engine import READ_ONLY

        with self._lock, self._engine_now().connect() as connection:
            connection.execution_options(**{READ_ONLY: True})
            yield connection

    @contextlib.contextmanager
    def _reading_rows(self) -> Iterator[sqlcipher.Connection]:
        """`reading()` on the DB-API connection: one read transaction (BEGIN … ROLLBACK), or the
        transaction this thread already has open (the lock is reentrant: a read inside a write)."""
        with self._lock:
            connection = self._connection_now()
            begun = not connection.in_transaction
            if begun:
                connection.execute("BEGIN")
            try:
                yield connection
            finally:
                if begun and connection.in_transaction:
                    connection.execute("ROLLBACK")

    @contextlib.contextmanager
    def _writing_rows(self) -> Iterator[sqlcipher.Connection]:
        """`transaction()` on the DB-API connection (BEGIN IMMEDIATE … COMMIT), for the audit events
        of unlocking and locking. Rolled back if the block raises or the COMMIT fails (a full disk,
        a deferred constraint): SQLite may leave the transaction open then, and every later read
        would join it."""
        with self._lock:
            connection = self._connection_now()
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    def moment(self) -> Moment:
        """Now by the store's clock, as written in rows (ISO text and milliseconds)."""
        now = self._clock()
        return Moment(
            datetime.fromtimestamp(now, UTC).isoformat(timespec="milliseconds"), int(now * 1000)
        )

    # records -----------------------------------------------------------------------------------

    def save(self, item: Any, *, expected_version: int | None = None) -> Saved:
        """Create or edit any record (drafts autosave through here): row + outbox + audit, one transaction."""
        with self.transaction() as connection:
            return self._records.save(
                connection, item, now=self.moment(), expected_version=expected_version
            )

    def save_together(self, items: Sequence[tuple[Any, int | None]]) -> list[Saved]:
        """Save several records as one edit (each `(record, expected_version)`): every row, outbox
        mutation and audit event in one transaction, so a placement change never ends the old
        placement without starting the new one, even if the laptop dies between the two."""
        with self.transaction() as connection:
            now = self.moment()
            return [
                self._records.save(connection, item, now=now, expected_version=version)
                for item, version in items
            ]

    def keep_typed(self, record_id: str, typed: dict[str, Any]) -> Saved:
        """Queue the fields typed into an approved or voided field record (a sync made it read-only
        while the caseworker typed) as a patch for the server: outbox row + audit, one transaction.
        An approved record is not changed here; RecordRepository.keep_typed says why and what a
        voided record does."""
        with self.transaction() as connection:
            return self._records.keep_typed(connection, record_id, typed, now=self.moment())

    def command(
        self,
        record_id: str,
        command: Command | str,
        *,
        reason: str | None = None,
        expected_version: int | None = None,
    ) -> Saved:
        with self.transaction() as connection:
            return self._records.run_command(
                connection,
                record_id,
                command,
                now=self.moment(),
                reason=reason,
                expected_version=expected_version,
            )

    def queue_note(
        self,
        record_id: str,
        command: Command | str,
        *,
        args: dict[str, Any],
        text: str | None = None,
    ) -> OutboxEntry:
        """Queue a command that changes none of the record's fields — a comment, an acknowledgement
        (workflow.BESIDE_CONTENT) — with its arguments: outbox row + audit event, one transaction.

        The record row is left alone: its version stays, so a form or a reader open on it is still
        current (a question must not make the supervisor's approval "changed since you opened it").
        Until the server's copy comes back, the services show the note from the outbox. `text` (the
        comment) is checked by the state machine, never written to the audit trail."""
        from fieldcase.domain.workflow import BESIDE_CONTENT, Status, transition
        from fieldcase.store.errors import RecordNotFound

        command = Command(command)
        if command not in BESIDE_CONTENT:
            raise ValueError(f"{command.value} changes the record: use Store.command")
        now = self.moment()
        with self.transaction() as connection:
            existing = self._records.get(connection, record_id)
            if existing.kind not in kinds.WORKFLOW_KINDS:
                raise RecordNotFound()
            transition(Status(existing.status), command, reason=text)
            entry = self._outbox.append(
                connection,
                record_kind=existing.kind,
                record_id=record_id,
                kind="command",
                base_rev=existing.rev,
                payload={"name": command.value, "args": dict(args), "rev": existing.rev},
                now_iso=now.iso,
                now_ms=now.ms,
            )
            self._audit.append(
                connection,
                now.iso,
                "record.command",
                record_kind=existing.kind,
                record_id=record_id,
                detail={"code": command.value},
            )
        return entry

    def get(self, record_id: str, *, kind: str | None = None) -> StoredRecord:
        with self._reading_rows() as connection:
            return record_rows.get(connection, record_id, kind=kind)

    def list(self, **filters: Any) -> list[StoredRecord]:
        with self._reading_rows() as connection:
            return record_rows.list_records(connection, **filters)

    def last_seen(self, child_ids: Sequence[str], *, until: str) -> dict[str, date]:
        """The last day each child was seen in a home visit on or before `until` (store/last_seen.py)."""
        from fieldcase.store.last_seen import last_seen_days

        with self._reading_rows() as connection:
            return last_seen_days(connection, child_ids, until=until)

    def remember_open_form(self, record_id: str, *, opened: bool) -> None:
        """A form was opened (or closed) on this laptop: `open_form`, for reopening after a crash."""
        with self._writing_rows() as connection:
            if opened:
                connection.execute(
                    "INSERT OR REPLACE INTO open_form (record_id, opened_at) VALUES (?, ?)",
                    (record_id, self.moment().iso),
                )
            else:
                connection.execute("DELETE FROM open_form WHERE record_id = ?", (record_id,))

    def forget_open_forms(self) -> None:
        """Locking or quitting closes every form cleanly: none of them was interrupted."""
        with self._writing_rows() as connection:
            connection.execute("DELETE FROM open_form")

    def open_forms(self) -> builtins.list[str]:
        """The record ids of the forms still open, oldest first (after a crash: those it interrupted)."""
        with self._reading_rows() as connection:
            return [
                row[0]
                for row in connection.execute(
                    "SELECT record_id FROM open_form ORDER BY opened_at, record_id"
                )
            ]

    def search(self, text: str, **filters: Any) -> builtins.list[fulltext.SearchHit]:
        from fieldcase.store import search as fulltext

        with self.reading() as connection:
            return fulltext.search(connection, text, **filters)

    def compliance_facts(
        self, *, since: date | None = None, note_hours: int = 12
    ) -> ComplianceFacts:
        """Every record as the compliance rules see it, and the entries in review, in one read
        (store/compliance_facts.py): what the compliance screens load instead of whole records.
        `since`: only the contacts from that day on that the rules still need (`window_start`)."""
        from fieldcase.store import (
            compliance_facts,  # pydantic-core loads with the first compliance screen
        )

        with self.reading() as connection:
            return compliance_facts.read(connection, since=since, note_hours=note_hours)

    def repository(self, kind: str) -> KindRepository:
        return KindRepository(self, kind)

    # attachments ---------------------------------------------------------------------------------

    def put_attachment(self, *, sha256: str, mime: str, content: bytes) -> None:
        """Keep a photo, document or signature inside the encrypted database, by content hash (the
        same bytes attached twice are stored once). It waits for the attachment upload queue."""
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        from fieldcase.store.tables import attachment

        with self.transaction() as connection:
            connection.execute(
                sqlite_insert(attachment)
                .values(
                    sha256=sha256,
                    mime=mime,
                    size=len(content),
                    content=content,
                    uploaded=False,
                    created_at=self.moment().iso,
                )
                .on_conflict_do_nothing(index_elements=["sha256"])
            )

    def get_attachment(self, sha256: str) -> bytes | None:
        """The attachment's bytes, or None when unknown or not downloaded yet."""
        from sqlalchemy import select

        from fieldcase.store.tables import attachment

        with self.reading() as connection:
            content = connection.execute(
                select(attachment.c.content).where(attachment.c.sha256 == sha256)
            ).scalar_one_or_none()
        return None if content is None else bytes(content)

    # outbox and audit ----------------------------------------------------------------------------

    def outbox_entries(
        self, *, states: tuple[str, ...] | None = None
    ) -> builtins.list[OutboxEntry]:
        with self.reading() as connection:
            if states is None:
                return self._outbox.entries(connection)
            return self._outbox.entries(connection, states=states)

    def audit_events(self) -> builtins.list[AuditEvent]:
        with self.reading() as connection:
            return self._audit.events(connection)

    def first_broken_audit_link(self) -> int | None:
        with self.reading() as connection:
            return self._audit.first_broken_link(connection)

    def record_audit(
        self,
        action: str,
        *,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: dict | None = None,
    ) -> AuditEvent:
        """An audit event for something that is not an edit (view, print, export, sync, reveal)."""
        with self.transaction() as connection:
            return self.audit_in(
                connection, action, record_kind=record_kind, record_id=record_id, detail=detail
            )

    def audit_in(
        self,
        connection: Connection,
        action: str,
        *,
        at: Moment | None = None,
        record_kind: str | None = None,
        record_id: str | None = None,
        detail: dict | None = None,
    ) -> AuditEvent:
        """`record_audit` inside the caller's transaction, for store-side work whose change and event
        commit together (a settled conflict, a purge, a sync); `at` defaults to now."""
        return self._audit.append(
            connection,
            (at or self.moment()).iso,
            action,
            record_kind=record_kind,
            record_id=record_id,
            detail=detail,
        )

    def checkpoint(self) -> None:
        """Move the WAL into the database and truncate it, so purged pages do not linger there."""
        raw = self._live_engine().raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()

    def resolve_conflict(
        self,
        *,
        conflict_id: str,
        record_id: str,
        field: str,
        value: Any,
        item: Any = None,
        expected_version: int | None = None,
        choice: str = "",
    ) -> Saved | None:
        """Settle a conflict in one transaction (store/resolutions.py)."""
        from fieldcase.store import resolutions

        return resolutions.resolve_conflict(
            self,
            self._records,
            self._outbox,
            conflict_id=conflict_id,
            record_id=record_id,
            field=field,
            value=value,
            item=item,
            expected_version=expected_version,
            choice=choice,
        )

    def integrity_problems(self, *, pages_only: bool = False) -> builtins.list[str]:
        """SQLCipher's page check (every page's checksum) and, unless `pages_only`, SQLite's slower
        structural check; empty when the store is whole. (Plain SQL: the page check runs right
        after unlock, while SQLAlchemy may not be loaded yet.)"""
        with self._reading_rows() as connection:
            rows = connection.execute("PRAGMA cipher_integrity_check").fetchall()
            if not pages_only:
                rows += [
                    r
                    for r in connection.execute("PRAGMA integrity_check").fetchall()
                    if r[0] != "ok"
                ]
        return [str(r[0]) for r in rows]

    def identity(self) -> dict[str, str]:
        with self._reading_rows() as connection:
            row = connection.execute(
                "SELECT db_uuid, device_id, user_id FROM meta WHERE id = 1"
            ).fetchone()
        return {"db_uuid": row[0], "device_id": row[1], "user_id": row[2]}


class KindRepository:
    """The repository of one kind of record ("home_visit", "transport_trip", …), in domain objects."""

    def __init__(self, store: Store, kind: str) -> None:
        self._store = store
        self.kind = kind

    def get(self, record_id: str) -> Any:
        return self._store.get(record_id, kind=self.kind).to_domain()

    def stored(self, record_id: str) -> StoredRecord:
        return self._store.get(record_id, kind=self.kind)

    def save(self, item: Any, *, expected_version: int | None = None) -> Saved:
        return self._store.save(item, expected_version=expected_version)

    def list(self, **filters: Any) -> list[Any]:
        return [r.to_domain() for r in self._store.list(kind=self.kind, **filters)]

    def stored_with_rows_in(self, field: str, *, since: str) -> builtins.list[StoredRecord]:
        """The stored records of this kind from `since` (an ISO day) with a row in their list `field`
        (a visit's follow-up tasks), not turned into domain objects (record_rows.with_rows_in)."""
        with self._store._reading_rows() as connection:
            return record_rows.with_rows_in(connection, kind=self.kind, field=field, since=since)

    def stored_about_children(
        self, *, since: str, until: str, child_ids: builtins.list[str] | None = None
    ) -> builtins.list[StoredRecord]:
        """The stored records of this kind that name a child (one of `child_ids`, when given) and
        occurred between `since` and `until` (ISO days, both included), not turned into domain
        objects: for reads that need a few fields of many records (the caseload at unlock).

        Found through `record_child` (child, day): `record`'s indexes lead with the case or the
        status, so a day range of one kind there reads every record of the kind — at unlock, with a
        cold page cache, a year of visits decrypted to find this fiscal year's."""
        with self._store._reading_rows() as connection:
            return record_rows.about_children(
                connection, kind=self.kind, since=since, until=until, child_ids=child_ids
            )
