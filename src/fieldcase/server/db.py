"""Engines, sessions, migrations and the commit-ordered change counter.

SQLite (default) and PostgreSQL run the same code. Two engines share one database:
- writes: on SQLite every write transaction starts `BEGIN IMMEDIATE` (one writer; no deadlock when a
  reader would upgrade to a writer), on PostgreSQL READ COMMITTED;
- reads: a snapshot (SQLite WAL read transaction / PostgreSQL REPEATABLE READ), so a changes page and
  its cursor come from one consistent view.

Every change registers a callback with `note_change`; `write()` hands out the change numbers by
bumping the counter row as the last statement before commit, so commit order equals seq order.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text, update
from sqlalchemy.orm import Session, sessionmaker

from fieldcase.bundled import migrations_path
from fieldcase.server import key_rotation
from fieldcase.server.keyring import DataKeyRow, Keyring, keyring_from_settings
from fieldcase.server.models import SyncCounter

ENV_DB = "FIELDCASE_SERVER_DB"
log = logging.getLogger("fieldcase.server.db")


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "share"
    )
    return Path(base) / "fieldcase-server"


def database_url(db: str | None = None) -> str:
    """`--db`, else $FIELDCASE_SERVER_DB, else a SQLite file in the data directory. A bare path means SQLite."""
    value = db or os.environ.get(ENV_DB)
    if not value:
        path = default_data_dir() / "server.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    engine = create_engine(
        url,
        hide_parameters=True,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=8,
        max_overflow=8,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = (
            None  # we emit BEGIN ourselves (pysqlite's own handling is wrong)
        )
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class Database:
    def __init__(
        self,
        url: str,
        *,
        connect_args: dict | None = None,
        keyring: Keyring | None = None,
        pool: int = 10,
    ) -> None:
        """`pool`: PostgreSQL connections kept per engine, as many again at peaks (settings.db_pool):
        every process of every host opens its own, and together they must stay under the server's
        max_connections."""
        self.url = url
        # the at-rest keys first: without them the server refuses to start (docs/server.md "Data at rest")
        self.keyring = keyring if keyring is not None else keyring_from_settings()
        if url.startswith("sqlite"):
            self.dialect = "sqlite"
            self.write_engine = _sqlite_engine(url, immediate=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
        else:
            self.dialect = "postgresql"
            args = dict(connect_args or {})
            self.write_engine = create_engine(
                url,
                hide_parameters=True,
                connect_args=args,
                pool_size=pool,
                max_overflow=pool,
                pool_pre_ping=True,
            )
            self.read_engine = create_engine(
                url,
                hide_parameters=True,
                connect_args=args,
                pool_size=pool,
                max_overflow=pool,
                pool_pre_ping=True,
                isolation_level="REPEATABLE READ",
            )
        for engine in (self.write_engine, self.read_engine):
            engine.dialect.fc_keyring = self.keyring  # type: ignore[attr-defined]  # read by at_rest's column types
        self.keyring.loader = self._load_data_key
        self._key_checked = 0.0
        self._writes = sessionmaker(self.write_engine, expire_on_commit=False)
        self._reads = sessionmaker(self.read_engine, expire_on_commit=False)
        # SQLite has one writer. Writers of this process queue on a lock rather than on SQLite's
        # busy handler, which polls with sleeps of up to 100 ms and serves waiters in no order;
        # other processes (several workers, admin commands) still wait through busy_timeout.
        self._write_lock = (
            threading.RLock() if self.dialect == "sqlite" else contextlib.nullcontext()
        )

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction; change numbers are assigned right before it commits."""
        with self._write_lock:
            self._ensure_data_key()
            with self._writes() as session, session.begin():
                yield session
                stamp_changes(session)

    @contextlib.contextmanager
    def plain_write(self) -> Iterator[Session]:
        """A write transaction that needs no data key (making or re-wrapping data keys)."""
        with self._write_lock, self._writes() as session, session.begin():
            yield session

    def _ensure_data_key(self) -> None:
        """A data key to encrypt with, made on first use; a newer one (`key rotate --new-data-key`
        run by another process) is picked up within a minute."""
        now = time.monotonic()
        if self.keyring.active_id is not None and now - self._key_checked < 60:
            return
        self._key_checked = now
        if self.keyring.active_id is None:
            key_rotation.ensure_data_key(self)
            return
        newest = self._load_data_key(None)
        if newest is not None and newest.id > self.keyring.active_id:
            if newest.kek_id not in self.keyring.kek_ids:
                # made with a key this process was not started with: keep writing with the current one
                # (readable by all) until a restart reads the new key file (docs/server.md)
                log.warning(
                    "a newer data key is wrapped by a key this server was not started with; restart it"
                )
                return
            self.keyring.remember(newest, active=True)

    def _load_data_key(self, key_id: int | None) -> DataKeyRow | None:
        with self.read_engine.connect() as conn:
            return key_rotation.newest_data_key(conn, key_id)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """One read snapshot."""
        with self._reads() as session, session.begin():
            yield session

    def migrate(self, revision: str = "head") -> None:
        with migrations_path("server") as path, self.write_engine.connect() as conn:
            config = alembic_config(path)
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
            conn.commit()
        # a database from before at-rest encryption: encrypt what it holds (resumable; cheap once done)
        if revision == "head":
            key_rotation.encrypt_existing(self)


def alembic_config(script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    return config


def note_change(session: Session, assign: Callable[[int], None]) -> None:
    """Register a change; `assign(seq)` is called with its number just before commit."""
    session.info.setdefault("fc_changes", []).append(assign)


def stamp_changes(session: Session) -> None:
    pending: list[Callable[[int], None]] = session.info.pop("fc_changes", [])
    after: list[Callable[[int], None]] = session.info.pop("fc_after_stamp", [])
    if not pending:
        for hook in after:
            hook(0)
        return
    session.flush()
    # The last statement that takes a lock before commit: the counter row lock serialises commits that
    # carry changes, so a reader that sees seq N also sees every seq below N (sync.md).
    counter = SyncCounter.__table__
    top = (
        session.connection()
        .execute(
            update(counter)
            .where(counter.c.id == 1)
            .values(value=counter.c.value + len(pending))
            .returning(counter.c.value)
        )
        .scalar_one()
    )
    first = top - len(pending) + 1
    for offset, assign in enumerate(pending):
        assign(first + offset)
    for hook in after:
        hook(top)
    session.flush()


def current_seq(session: Session) -> int:
    return int(session.execute(text("SELECT value FROM sync_counter WHERE id = 1")).scalar_one())
