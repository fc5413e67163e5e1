"""Which kinds of record the agency's supervisor approves, as the server last said it in a hello
(`HelloResponse.approval_required`; domain/approval.py). Kept in `sync_state` so the laptop files or
submits offline as the agency decided, and remembered by the store (`Store.agency_choice`): the
record editor asks on the GUI thread each time a form opens (read once at unlock, on the store
worker), and the answer changes only when a hello brings a new one — which the sync tells this
object (`told`) once it is written, so the GUI thread never waits for the store to learn it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlcipher3.dbapi2 as sqlcipher

_UNREAD: Any = object()


def encode(kinds: list[str]) -> str:
    return json.dumps(sorted(set(kinds)))


class AgencyChoice:
    """The agency's choice, read from the store once and remembered. `reading_rows` is the store's
    read on the DB-API connection: asked at unlock, before SQLAlchemy is loaded."""

    def __init__(
        self, reading_rows: Callable[[], AbstractContextManager[sqlcipher.Connection]]
    ) -> None:
        self._reading_rows = reading_rows
        self._known: frozenset[str] | None = _UNREAD
        # the GUI thread reads, the store worker reads at unlock, the sync thread tells a new one
        self._lock = threading.Lock()

    def approval_required(self) -> frozenset[str] | None:
        """The kinds the server named, or None when no server has said (the laptop's pack decides)."""
        with self._lock:
            if self._known is not _UNREAD:
                return self._known
        with self._reading_rows() as connection:
            row = connection.execute(
                "SELECT approval_required FROM sync_state WHERE id = 1"
            ).fetchone()
        known = _decode(row[0] if row else None)
        with self._lock:
            if self._known is _UNREAD:  # a hello told meanwhile: its word is the newer one
                self._known = known
            return self._known

    def told(self, encoded: str) -> None:
        """A hello's choice (`encode`d) has been written to `sync_state`: remember it as read."""
        with self._lock:
            self._known = _decode(encoded)

    def forget(self) -> None:
        """Read it from the store again on next use."""
        with self._lock:
            self._known = _UNREAD


def _decode(text: str | None) -> frozenset[str] | None:
    if not text:
        return None
    try:
        named = json.loads(text)
    except ValueError:
        return None  # written only by `encode`; a damaged value falls back to the laptop's pack
    return frozenset(k for k in named if isinstance(k, str)) if isinstance(named, list) else None
