"""Alembic environment of the laptop store. It runs only on the app's own *encrypted* connection,
handed in through ``config.attributes["connection"]`` (there is no URL: the key never goes in one)."""

from __future__ import annotations

from alembic import context

from fieldcase.store.tables import SEARCH_TABLE, metadata

config = context.config


def include_name(name, type_, parent_names):
    # the FTS5 virtual table and its shadow tables are managed by hand in 0002
    return not (type_ == "table" and name and name.startswith(SEARCH_TABLE))


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("local migrations run only on an unlocked store's connection")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite alters tables by copy
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
