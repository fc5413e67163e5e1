"""The server's append-only audit log: reads, writes, approvals, auth events, denials.

Entries carry ids and codes only — never names, narratives, passwords or tokens. Handlers add entries
to the request's trail (`trail(request).add(...)`); the app writes the trail in its own transaction
after the response is decided, so a denial is recorded even when the request's work rolled back.
"""

from __future__ import annotations

import logging
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
    if not audit.entries:
        return
    rows, audit.entries = audit.entries, []
    try:
        with db.write() as session:
            session.execute(insert(AuditLog), rows)
    except Exception:  # pragma: no cover - logged without content; the answer is already decided
        log.exception("could not write %d audit entries", len(rows))
