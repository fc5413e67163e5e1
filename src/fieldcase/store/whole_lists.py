"""A list the server hands over whole at every sync (the team directory, the resource directory),
held in a table of its own: replaced whole when it differs, untouched when it does not.

Auto-sync fetches these lists every few minutes all day and they seldom change; rewriting them each
time deleted (securely) and re-encrypted their pages for nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select


def replace_whole(
    connection: Connection, table: Table, rows: list[dict[str, Any]], now: str
) -> None:
    """Make `table` hold exactly `rows` (each with the same keys, the table's columns but
    `updated_at`), inside the caller's transaction; nothing is written when it holds them already."""
    columns = list(rows[0]) if rows else []
    if columns:
        held = connection.execute(select(*(table.c[name] for name in columns))).all()
        if len(held) == len(rows) and {tuple(row) for row in held} == {
            tuple(row.values()) for row in rows
        }:
            return
    elif connection.execute(select(table).limit(1)).first() is None:
        return  # empty, and asked to be empty
    connection.execute(delete(table))
    if rows:
        connection.execute(insert(table), [{**row, "updated_at": now} for row in rows])
