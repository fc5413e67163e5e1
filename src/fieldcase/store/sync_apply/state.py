"""The sync state on the laptop: cursor, epoch and clock offset, the audit chain head the server
acknowledged, and the sync log."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, insert, select, update

from fieldcase.store import agency_choice
from fieldcase.store.sync_apply.common import SyncState, SyncStoreBase, _dumps
from fieldcase.store.tables import audit_event, sync_log, sync_state


class SyncStateLog(SyncStoreBase):
    # state -----------------------------------------------------------------------------------

    def state(self) -> SyncState:
        with self._store.reading() as connection:
            row = connection.execute(select(sync_state).where(sync_state.c.id == 1)).one()
        return SyncState(
            row.cursor, row.epoch, row.server_offset_ms, row.last_device_seq, row.last_sync_at
        )

    def note_hello(
        self,
        *,
        epoch: str | None = None,
        server_offset_ms: int | None = None,
        approval_required: list[str] | None = None,
    ) -> None:
        """What a hello told: the server's epoch, the clock offset, and which kinds the agency's
        supervisor approves (None: the server did not say; the last word it gave is kept)."""
        values: dict[str, Any] = {}
        choice = None if approval_required is None else agency_choice.encode(approval_required)
        if choice is not None:
            values["approval_required"] = choice
        if epoch is not None:
            values["epoch"] = epoch
        if server_offset_ms is not None:
            values["server_offset_ms"] = server_offset_ms
        if values:
            with self._store.transaction() as connection:
                connection.execute(update(sync_state).where(sync_state.c.id == 1).values(**values))
            if choice is not None:  # written: the GUI thread's next form opens with it
                self._store.agency_choice.told(choice)

    # reference lists' versions (sync/lists.py) ------------------------------------------------

    def lists_seen(self) -> dict[str, str]:
        """Each reference list's version as the hello named it when the list was last brought."""
        with self._store.reading() as connection:
            raw = connection.execute(
                select(sync_state.c.lists_seen).where(sync_state.c.id == 1)
            ).scalar()
        try:
            seen = json.loads(raw) if raw else {}
        except ValueError:
            return {}  # unreadable: every list is asked for again, which repairs it
        return {k: v for k, v in seen.items() if isinstance(k, str) and isinstance(v, str)}

    def note_list_seen(self, name: str, version: str | None) -> None:
        """`name` now holds what the server had at `version` (None: version unknown, ask next time)."""
        seen = self.lists_seen()
        if version is None:
            if seen.pop(name, None) is None:
                return
        elif seen.get(name) == version:
            return
        else:
            seen[name] = version
        with self._store.transaction() as connection:
            connection.execute(
                update(sync_state)
                .where(sync_state.c.id == 1)
                .values(lists_seen=json.dumps(seen, sort_keys=True) if seen else None)
            )

    # audit chain head (security.md "Audit") -------------------------------------------------

    def audit_chain(self) -> dict[str, Any] | None:
        """This laptop's audit chain head for the hello: count and last MAC, plus what the server last
        acknowledged (the events marked uploaded). None while the chain is empty."""
        with self._store.reading() as connection:
            count = connection.execute(select(func.count()).select_from(audit_event)).scalar_one()
            last = connection.execute(
                select(audit_event.c.mac).order_by(audit_event.c.seq.desc()).limit(1)
            ).scalar()
            acked = connection.execute(
                select(audit_event.c.seq, audit_event.c.mac)
                .where(audit_event.c.uploaded.is_(True))
                .order_by(audit_event.c.seq.desc())
                .limit(1)
            ).first()
        if not count or last is None:
            return None
        return {
            "count": count,
            "head": last,
            "acknowledged_count": acked.seq if acked is not None else 0,
            "acknowledged_head": acked.mac if acked is not None else None,
        }

    def note_audit_ack(self, count: int, head: str | None) -> bool:
        """The server now holds (count, head) as this laptop's chain head: mark those events uploaded.
        Ignored (False) unless it names one of this chain's events."""
        if not count or head is None:
            return False
        with self._store.transaction() as connection:
            mac = connection.execute(
                select(audit_event.c.mac).where(audit_event.c.seq == count)
            ).scalar()
            if mac != head:
                return False
            connection.execute(
                update(audit_event)
                .where(audit_event.c.seq <= count, audit_event.c.uploaded.is_(False))
                .values(uploaded=True)
            )
        return True

    def note_synced(
        self, *, started_at: str, duration_ms: int, outcome: str, counts: dict[str, int]
    ) -> None:
        """The sync log (counts and durations only) and the audit event of a sync."""
        with self._store.transaction() as connection:
            connection.execute(
                insert(sync_log).values(
                    started_at=started_at,
                    duration_ms=duration_ms,
                    outcome=outcome,
                    counts=_dumps(counts),
                )
            )
            if outcome == "ok":
                connection.execute(
                    update(sync_state)
                    .where(sync_state.c.id == 1)
                    .values(last_sync_at=self._now().iso)
                )
            detail = {"outcome": outcome, "seconds": round(duration_ms / 1000, 3)}
            detail.update({k: v for k, v in counts.items() if k in ("mutations", "changes")})
            self._store.audit_in(connection, "sync", detail=detail)

    def sync_log(self, limit: int = 50) -> list[dict[str, Any]]:
        with self._store.reading() as connection:
            rows = connection.execute(
                select(sync_log).order_by(sync_log.c.id.desc()).limit(limit)
            ).all()
        return [
            {
                "started_at": r.started_at,
                "duration_ms": r.duration_ms,
                "outcome": r.outcome,
                "counts": json.loads(r.counts),
            }
            for r in rows
        ]
