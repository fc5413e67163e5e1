"""The team directory on the laptop: user id → display name and role, as the server's
`GET /directory` last gave it (replaced whole, so someone who left the team is no longer named)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from fieldcase.store.tables import directory_entry


@dataclass(frozen=True)
class Colleague:
    user_id: str
    display_name: str
    role: str


def replace(store: Any, entries: list[dict[str, Any]]) -> None:
    """Hold exactly `entries` (dicts with user_id, display_name, role), in one transaction; nothing
    is written when the store holds them already (every sync, auto-sync every few minutes all
    day, fetches the directory, which seldom changes: rewriting it each time re-encrypted and
    securely deleted its pages for nothing)."""
    rows = [
        {"user_id": e["user_id"], "display_name": e["display_name"], "role": e["role"]}
        for e in entries
    ]
    wanted = {tuple(row.values()) for row in rows}
    with store.transaction() as connection:
        held = connection.execute(
            select(
                directory_entry.c.user_id, directory_entry.c.display_name, directory_entry.c.role
            )
        ).all()
        if len(held) == len(rows) and {tuple(row) for row in held} == wanted:
            return
        now = store.moment().iso
        connection.execute(delete(directory_entry))
        if rows:
            connection.execute(
                insert(directory_entry), [{**row, "updated_at": now} for row in rows]
            )


def colleagues(store: Any) -> dict[str, Colleague]:
    with store.reading() as connection:
        rows = connection.execute(select(directory_entry)).all()
    return {r.user_id: Colleague(r.user_id, r.display_name, r.role) for r in rows}
