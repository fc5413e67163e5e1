"""The local alembic runner: migrations run on the unlocked store's encrypted connection."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from fieldcase.bundled import migrations_path


def _config(connection: Connection | None, script_location: str) -> Config:
    config = Config()
    config.set_main_option("script_location", script_location)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    with migrations_path("local") as path:
        head = ScriptDirectory.from_config(_config(None, str(path))).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    with migrations_path("local") as path:
        command.upgrade(_config(connection, str(path)), revision)


#: the revision that (re)creates the full-text index; upgrading across it means the index starts empty
SEARCH_INDEX_REVISION = "0002"


def created_search_index(from_revision: str | None) -> bool:
    """Whether upgrading from `from_revision` to head built the FTS index anew."""
    return from_revision is None or from_revision < SEARCH_INDEX_REVISION
