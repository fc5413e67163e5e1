"""Alembic environment for the server database; run programmatically by `fieldcase.server.db`.

The caller passes an open connection in `config.attributes["connection"]`; no alembic.ini is needed.
"""

from __future__ import annotations

from alembic import context

from fieldcase.server.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "fieldcase server migrations run through fieldcase.server.db.Database.migrate"
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported")
run_migrations_online()
