"""Which kinds of record the agency's supervisor approves, as the server last said it in a hello
(`HelloResponse.approval_required`; domain/approval.py). Kept in `sync_state` so the laptop files or
submits offline as the agency decided, and remembered on the store object: the record editor asks
on the GUI thread each time a form opens (read once at unlock, on the store worker), and the answer
changes only when a hello brings a new one.
"""

from __future__ import annotations

import json
from typing import Any

_UNREAD = object()
_ATTRIBUTE = "_fieldcase_agency_approval"


def encode(kinds: list[str]) -> str:
    return json.dumps(sorted(set(kinds)))


def approval_required(store: Any) -> frozenset[str] | None:
    """The kinds the server named, or None when no server has said (the laptop's pack decides)."""
    known = getattr(store, _ATTRIBUTE, _UNREAD)
    if known is _UNREAD:
        # plain SQL on the DB-API connection: asked at unlock, before SQLAlchemy is loaded
        with store._reading_rows() as connection:
            row = connection.execute(
                "SELECT approval_required FROM sync_state WHERE id = 1"
            ).fetchone()
        known = _decode(row[0] if row else None)
        setattr(store, _ATTRIBUTE, known)
    return known  # type: ignore[return-value]


def forget(store: Any) -> None:
    setattr(store, _ATTRIBUTE, _UNREAD)


def _decode(text: str | None) -> frozenset[str] | None:
    if not text:
        return None
    try:
        named = json.loads(text)
    except ValueError:
        return None  # written only by `encode`; a damaged value falls back to the laptop's pack
    return frozenset(k for k in named if isinstance(k, str)) if isinstance(named, list) else None
