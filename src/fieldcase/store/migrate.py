"""The local alembic runner: migrations run on the unlocked store's encrypted connection.

alembic is imported only when it is used: unlocking an up-to-date store (every unlock but the first
after an update) reads the stored revision with one query and compares it with `HEAD_REVISION`,
and never loads alembic (a quarter of a second at start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldcase.bundled import migrations_path
from fieldcase.store.record_rows import driver_connection

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

#: the newest local migration; a test keeps it equal to alembic's head of the bundled scripts
HEAD_REVISION = "0014_shadow_body_once"

_VERSION_TABLE = "alembic_version"


def _config(connection: Connection | None, script_location: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", script_location)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The head of the bundled scripts, as alembic sees it (slow: loads alembic and the scripts)."""
    from alembic.script import ScriptDirectory

    with migrations_path("local") as path:
        head = ScriptDirectory.from_config(_config(None, str(path))).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _version_rows(connection: Any) -> list[str]:
    driver = driver_connection(connection)
    exists = driver.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (_VERSION_TABLE,)
    ).fetchone()
    if exists is None:
        return []
    versions = f"SELECT version_num FROM {_VERSION_TABLE}"  # noqa: S608 - this module's table name
    return [row[0] for row in driver.execute(versions).fetchall()]


def stored_revision(connection: Connection) -> str | None:
    """The store's revision without alembic: what `current_revision` returns for a linear history
    (one row in alembic_version; None when the table is missing or empty)."""
    rows = _version_rows(connection)
    if len(rows) > 1:
        return current_revision(connection)  # branches: let alembic say
    return rows[0] if rows else None


def is_current(connection: Any) -> bool:
    """Whether the store is at the head revision, decided without alembic or SQLAlchemy (the
    connection may be a DB-API one: unlocking asks before SQLAlchemy is loaded)."""
    return _version_rows(connection) == [HEAD_REVISION]


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    with migrations_path("local") as path:
        command.upgrade(_config(connection, str(path)), revision)


#: the revision that (re)creates the full-text index; upgrading across it means the index starts empty
SEARCH_INDEX_REVISION = "0002"


def created_search_index(from_revision: str | None) -> bool:
    """Whether upgrading from `from_revision` to head built the FTS index anew."""
    return from_revision is None or from_revision < SEARCH_INDEX_REVISION
