"""Opening the laptop store (security.md's opening sequence): create a new one, unlock an existing
one, and bring its schema up to date on unlock (after an encrypted backup). A part of `Store`
(store/store.py), apart so the store's everyday reads and writes read on their own."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Self

from fieldcase.security import keyfile
from fieldcase.security.errors import KeyFileMissing, UnlockLockedOut, WrongPassphrase
from fieldcase.security.keyfile import KdfParams, KeyFileHeader
from fieldcase.security.keys import DataKey
from fieldcase.security.lockout import UnlockThrottle
from fieldcase.store import migrate
from fieldcase.store.clock import Clock, system_clock
from fieldcase.store.connection import (
    check_database_file,
    configure,
    connect_keyed,
    verify_and_configure,
)
from fieldcase.store.errors import StoreExists, StoreNotFound
from fieldcase.store.paths import StorePaths

if TYPE_CHECKING:
    import sqlcipher3.dbapi2 as sqlcipher
    from sqlalchemy import Connection

    from fieldcase.store.audit import AuditLog
    from fieldcase.store.connection_lock import LockedEngine
    from fieldcase.store.record_rows import Moment
    from fieldcase.store.records import RecordRepository

#: encrypted copies kept before migrations (the oldest go)
KEEP_BACKUPS = 3


class StoreOpening:
    """`Store.create`, `Store.unlock` and the upgrade on unlock; what they use of the open store is
    declared below for the type checker (Store defines it)."""

    if TYPE_CHECKING:
        paths: StorePaths
        _clock: Clock
        _audit: AuditLog
        transaction: Callable[[], AbstractContextManager[Connection]]
        _reading_rows: Callable[[], AbstractContextManager[sqlcipher.Connection]]
        _writing_rows: Callable[[], AbstractContextManager[sqlcipher.Connection]]
        moment: Callable[[], Moment]
        _live_engine: Callable[[], LockedEngine]

        def __init__(
            self,
            paths: StorePaths,
            header: KeyFileHeader,
            key: DataKey,
            connection: sqlcipher.Connection,
            clock: Clock,
        ) -> None: ...

        @property
        def _records(self) -> RecordRepository: ...

    @staticmethod
    def exists(data_dir: str | Path) -> bool:
        paths = StorePaths.for_directory(data_dir)
        return paths.key_file.exists() or paths.database.exists()

    @classmethod
    def create(
        cls,
        data_dir: str | Path,
        passphrase: str,
        *,
        device_id: str,
        user_id: str,
        kdf: KdfParams | None = None,
        escrow_public_key: bytes | None = None,
        clock: Clock = system_clock,
    ) -> Self:
        paths = StorePaths.for_directory(data_dir)
        if paths.key_file.exists() or paths.database.exists():
            raise StoreExists()
        paths.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        db_uuid = str(uuid.uuid4())
        key = keyfile.create_key_file(
            paths.key_file,
            passphrase,
            db_uuid=db_uuid,
            device_id=device_id,
            user_id=user_id,
            kdf=kdf,
            escrow_public_key=escrow_public_key,
        )
        try:
            from sqlalchemy import insert

            from fieldcase.store.tables import meta

            header = keyfile.read_header(paths.key_file)
            store = cls._connect(paths, header, key, clock, fresh=True)
            with store.transaction() as connection:
                migrate.upgrade(connection)
                connection.execute(
                    insert(meta).values(
                        id=1,
                        db_uuid=header.db_uuid,
                        device_id=header.device_id,
                        user_id=header.user_id,
                        created_at=store.moment().iso,
                    )
                )
                store._audit.append(connection, store.moment().iso, "store.create")
            return store
        except BaseException:
            # nothing of value exists yet: leave no half-made store behind
            for path in (paths.key_file, *paths.database_companions()):
                path.unlink(missing_ok=True)
            raise

    @classmethod
    def unlock(
        cls,
        data_dir: str | Path,
        passphrase: str,
        *,
        clock: Clock = system_clock,
        full_check: bool = True,
        kdf_policy: KdfParams | None = None,
    ) -> Self:
        """Open the store. `kdf_policy`: the agency's current key-derivation parameters; a key file
        made under weaker ones is rewrapped with them now that the passphrase is at hand."""
        paths = StorePaths.for_directory(data_dir)
        if not paths.key_file.exists():
            if paths.database.exists():
                raise KeyFileMissing()
            raise StoreNotFound()
        header = keyfile.read_header(paths.key_file)
        check_database_file(
            paths, header
        )  # before the KDF: a missing store is not a wrong passphrase
        throttle = UnlockThrottle(paths.unlock_state, clock=clock)
        throttle.check()
        try:
            header, key = keyfile.unlock_key_file(paths.key_file, passphrase)
        except WrongPassphrase:
            tries_left, lockout_seconds = throttle.record_failure()
            if tries_left == 0:  # this one started the lockout: say so now, not at the next try
                raise UnlockLockedOut(throttle.seconds_left()) from None
            raise WrongPassphrase(tries_left=tries_left, lockout_seconds=lockout_seconds) from None
        failures = throttle.failures_since_last_success()
        throttle.record_success()
        store = cls._connect(paths, header, key, clock, fresh=False, full_check=full_check)
        store._upgrade_if_needed()
        rewrapped = kdf_policy is not None and keyfile.upgrade_kdf_if_weaker(
            paths.key_file, passphrase, kdf_policy
        )
        with store._writing_rows() as connection:
            if rewrapped:
                store._audit.append(
                    connection,
                    store.moment().iso,
                    "passphrase.rewrap",
                    detail={"code": "kdf_raised"},
                )
            if failures:
                store._audit.append(
                    connection,
                    store.moment().iso,
                    "unlock.failed",
                    detail={"failures": len(failures)},
                )
            store._audit.append(connection, store.moment().iso, "unlock")
        return store

    @classmethod
    def _connect(
        cls,
        paths: StorePaths,
        header: KeyFileHeader,
        key: DataKey,
        clock: Clock,
        *,
        fresh: bool,
        full_check: bool = True,
    ) -> Self:
        connection = connect_keyed(paths, key, header.db_uuid)
        try:
            if fresh:
                configure(connection)
            else:
                verify_and_configure(connection, header, full_check=full_check)
        except BaseException:
            connection.close()
            key.wipe()
            raise
        return cls(paths, header, key, connection, clock)

    def _upgrade_if_needed(self) -> None:
        with self._reading_rows() as connection:
            if migrate.is_current(connection):
                return  # the usual unlock: one query, and alembic is never loaded
        with self.transaction() as connection:
            current = migrate.current_revision(connection)
        head = migrate.head_revision()
        if current == head:
            return
        self._backup(f"before-{head}-from-{current}")
        with self.transaction() as connection:
            migrate.upgrade(connection)
            if migrate.created_search_index(current):
                # a new (empty) FTS index: fill it from the records already on the laptop, or search
                # would silently miss everything written before the upgrade
                count = self._records.reindex_all(connection)
                self._audit.append(
                    connection, self.moment().iso, "search.rebuild", detail={"count": count}
                )
            self._audit.append(
                connection,
                self.moment().iso,
                "store.upgrade",
                detail={"from_revision": current or "none", "to_revision": head},
            )

    def _backup(self, label: str) -> Path:
        """An encrypted copy of the database (same key) kept beside it before a migration."""
        raw = self._live_engine().raw_connection()
        try:  # outside any transaction: a checkpoint cannot run inside one
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        self.paths.backups.mkdir(exist_ok=True, mode=0o700)
        stamp = datetime.fromtimestamp(self._clock(), UTC).strftime("%Y%m%dT%H%M%SZ")
        target = self.paths.backups / f"fieldcase-{stamp}-{label}.db"
        shutil.copy2(self.paths.database, target)
        for old in sorted(self.paths.backups.glob("fieldcase-*.db"))[:-KEEP_BACKUPS]:
            old.unlink()
        return target
