"""The local alembic runner: migrations run on the unlocked store's encrypted connection.

alembic is imported only when it is used: unlocking an up-to-date store (every unlock but the first
after an update) reads the stored revision with one query and compares it with `HEAD_REVISION`,
and never loads alembic (a quarter of a second at start-up)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from fieldcase.bundled import migrations_path

if TYPE_CHECKING:
    from alembic.config import Config

#: the newest local migration; a test keeps it equal to alembic's head of the bundled scripts
HEAD_REVISION = "0004"

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


def stored_revision(connection: Connection) -> str | None:
    """The store's revision without alembic: what `current_revision` returns for a linear history
    (one row in alembic_version; None when the table is missing or empty)."""
    exists = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": _VERSION_TABLE}
    ).first()
    if exists is None:
        return None
    rows = connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).all()
    if len(rows) != 1:
        return None if not rows else current_revision(connection)  # branches: let alembic say
    return rows[0][0]


def is_current(connection: Connection) -> bool:
    """Whether the store is at the head revision, decided without importing alembic."""
    return stored_revision(connection) == HEAD_REVISION


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    with migrations_path("local") as path:
        command.upgrade(_config(connection, str(path)), revision)


#: the revision that (re)creates the full-text index; upgrading across it means the index starts empty
SEARCH_INDEX_REVISION = "0002"


def created_search_index(from_revision: str | None) -> bool:
    """Whether upgrading from `from_revision` to head built the FTS index anew."""
    return from_revision is None or from_revision < SEARCH_INDEX_REVISION
