"""The team directory on the laptop: user id → display name and role, as the server's
`GET /directory` last gave it (replaced whole, so someone who left the team is no longer named)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from fieldcase.store.tables import directory_entry
from fieldcase.store.whole_lists import replace_whole


@dataclass(frozen=True)
class Colleague:
    user_id: str
    display_name: str
    role: str


def replace(store: Any, entries: list[dict[str, Any]]) -> None:
    """Hold exactly `entries` (dicts with user_id, display_name, role), in one transaction; nothing
    is written when the store holds them already (store/whole_lists.py)."""
    rows = [
        {"user_id": e["user_id"], "display_name": e["display_name"], "role": e["role"]}
        for e in entries
    ]
    with store.transaction() as connection:
        replace_whole(connection, directory_entry, rows, store.moment().iso)


def colleagues(store: Any) -> dict[str, Colleague]:
    with store.reading() as connection:
        rows = connection.execute(select(directory_entry)).all()
    return {r.user_id: Colleague(r.user_id, r.display_name, r.role) for r in rows}
