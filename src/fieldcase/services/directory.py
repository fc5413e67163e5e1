"""Who is who: the names of the people the user works with, from the team directory the server
sends at every sync (their team, its supervisor, a supervisor's teams — store/directory.py).

Services that name people (print-outs, the approval queue, the team dashboard, conflicts) take
their names from here; someone the directory does not hold (another team's covering worker, or a
laptop that has not synced since the update) keeps the old label ("Caseworker 3")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fieldcase.store import directory as directory_store


def known_names(store: Any, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """user id → name: the directory, with `names` (what the caller knows, e.g. the signed-in
    account name) filling in whoever the directory does not name."""
    found = {k: v for k, v in (names or {}).items() if v}
    found.update(
        {
            user_id: c.display_name
            for user_id, c in directory_store.colleagues(store).items()
            if c.display_name
        }
    )
    return found


def name_of(
    store: Any, user_id: str | None, *, names: Mapping[str, str] | None = None
) -> str | None:
    """The name of one user, or None when the laptop does not know it."""
    if not user_id:
        return None
    return known_names(store, names).get(user_id)
