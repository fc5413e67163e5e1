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
    """Hold exactly `entries` (dicts with user_id, display_name, role), in one transaction."""
    now = store.moment().iso
    with store.transaction() as connection:
        connection.execute(delete(directory_entry))
        if entries:
            connection.execute(
                insert(directory_entry),
                [
                    {
                        "user_id": e["user_id"],
                        "display_name": e["display_name"],
                        "role": e["role"],
                        "updated_at": now,
                    }
                    for e in entries
                ],
            )


def colleagues(store: Any) -> dict[str, Colleague]:
    with store.reading() as connection:
        rows = connection.execute(select(directory_entry)).all()
    return {r.user_id: Colleague(r.user_id, r.display_name, r.role) for r in rows}
