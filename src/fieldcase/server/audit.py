"""The server's append-only audit log: reads, writes, approvals, auth events, denials.

Entries carry ids and codes only — never names, narratives, passwords or tokens. Handlers add entries
to the request's trail (`trail(request).add(...)`); the app writes the trail in its own transaction
after the response is decided, so a denial is recorded even when the request's work rolled back.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert

from fieldcase.server.models import AuditLog, utcnow

log = logging.getLogger("fieldcase.server.audit")


@dataclass(slots=True)
class AuditTrail:
    user_id: str | None = None
    device_id: str | None = None
    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        action: str,
        *,
        outcome: str = "ok",
        target_kind: str | None = None,
        target_id: str | None = None,
        detail: dict[str, Any] | None = None,
        user_id: str | None = None,
        device_id: str | None = None,
    ) -> None:
        self.entries.append(
            self.entry(action, outcome=outcome, target_kind=target_kind, target_id=target_id, detail=detail, user_id=user_id, device_id=device_id)
        )

    def entry(
        self,
        action: str,
        *,
        outcome: str = "ok",
        target_kind: str | None = None,
        target_id: str | None = None,
        detail: dict[str, Any] | None = None,
        user_id: str | None = None,
        device_id: str | None = None,
    ) -> dict[str, Any]:
        """An entry not (yet) in the trail."""
        return {
            "at": utcnow(),
            "actor_user_id": user_id or self.user_id,
            "device_id": device_id or self.device_id,
            "action": action,
            "outcome": outcome,
            "target_kind": target_kind,
            "target_id": target_id,
            "detail": detail,
        }


def trail(request: Any) -> AuditTrail:
    found = getattr(request.state, "audit", None)
    if found is None:
        found = AuditTrail()
        request.state.audit = found
    return found


def write_in(session: Any, audit: AuditTrail, *extra: dict[str, Any]) -> int:
    """Insert the trail's entries (and `extra`) inside the caller's write transaction, with one
    statement. Returns how many trail entries were written: pass it to `written` once that
    transaction has committed (if it rolls back they stay in the trail and `flush` writes them)."""
    rows = [*audit.entries, *extra]
    if rows:
        session.execute(insert(AuditLog.__table__), rows)
    return len(audit.entries)


def written(audit: AuditTrail, count: int) -> None:
    del audit.entries[:count]


def flush(db: Any, audit: AuditTrail) -> None:
    """Write what is left in the trail, after the answer is decided (group commit, see `_Writer`)."""
    if not audit.entries:
        return
    rows, audit.entries = audit.entries, []
    writer = getattr(db, "_audit_writer", None)
    if writer is None:
        with _writers_lock:
            writer = getattr(db, "_audit_writer", None)
            if writer is None:
                writer = db._audit_writer = _Writer(db)
    writer.write(rows)


_writers_lock = threading.Lock()


class _Writer:
    """Group commit of audit rows: concurrent requests queue their rows; whoever gets the turn writes
    everything queued so far in one transaction, and the others find theirs already committed. Every
    request still returns only after its own rows are committed (or logged as failed)."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self._queue: list[tuple[list[dict[str, Any]], threading.Event]] = []
        self._queue_lock = threading.Lock()
        self._turn = threading.Lock()

    def write(self, rows: list[dict[str, Any]]) -> None:
        done = threading.Event()
        with self._queue_lock:
            self._queue.append((rows, done))
        with self._turn:
            if done.is_set():
                return
            with self._queue_lock:
                batch, self._queue = self._queue, []
            try:
                self._insert([row for rows_, _ in batch for row in rows_])
            except Exception:
                # one request's bad row must not lose the others': retry them one request at a time
                for rows_, _ in batch:
                    try:
                        self._insert(rows_)
                    except Exception:  # pragma: no cover - logged without content; the answer is already decided
                        log.exception("could not write %d audit entries", len(rows_))
            finally:
                for _, event in batch:
                    event.set()

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        with self.db.write() as session:
            session.execute(insert(AuditLog.__table__), rows)
