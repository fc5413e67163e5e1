"""History retention (sync.md "Deletes"): the change history and purge tombstones are kept for a
while, then forgotten up to a horizon (`fieldcase-server prune-history`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import aliased

from fieldcase.errors import UserError
from fieldcase.server.db import Database
from fieldcase.server.models import (
    Addendum,
    AuditLog,
    ChangeLog,
    Conflict,
    Record,
    RecordAttachment,
    ScopeEventRow,
    ServerState,
    utcnow,
)

#: how long the change history (and purge tombstones) is kept: longer than a laptop is ever offline
#: (sync.md names 60 days offline as a scenario to survive); a laptop offline for longer downloads
#: its caseload again, keeping its unsent work
DEFAULT_KEEP_DAYS = 90


@dataclass(frozen=True)
class PruneReport:
    horizon_seq: int
    changes_deleted: int
    tombstones_deleted: int
    scope_events_deleted: int


def prune_history(
    db: Database, *, keep_days: int = DEFAULT_KEEP_DAYS, now: datetime | None = None
) -> PruneReport:
    """Forget history older than `keep_days` that nobody can need, and advance the horizon, in one
    transaction (sync.md "Deletes").

    The horizon becomes the newest change older than the retention; a cursor older than it gets 410
    resync_required (changes.py) and the laptop downloads its caseload again, keeping its outbox.
    Up to the horizon this deletes: change-log entries superseded by a later change of the same
    record (the latest change of every live record stays, so a fresh laptop still gets everything),
    purge tombstones (record rows) and their entries, and scope events followed by a later event for
    the same device and case (the last one stays: late uploads are judged by it). The mutation ledger
    and the audit log are never pruned."""
    if keep_days < 1:
        raise UserError(
            "Keep at least one day of history (--keep-days 1 or more).", code="bad_keep_days"
        )
    cutoff = (now or utcnow()) - timedelta(days=keep_days)
    with db.write() as session:
        state = session.execute(
            select(ServerState).where(ServerState.id == 1).with_for_update()
        ).scalar_one()
        aged = session.execute(
            select(func.max(ChangeLog.seq)).where(ChangeLog.created_at < cutoff)
        ).scalar()
        horizon = max(state.horizon_seq, aged or 0)
        changes = tombstones = events = 0
        if horizon:
            # purge tombstones at or before the horizon: every laptop still allowed to pull has seen them
            tombs = (
                select(Record.id)
                .where(Record.deleted.is_(True), Record.last_seq <= horizon)
                .scalar_subquery()
            )
            for model in (Conflict, Addendum, RecordAttachment):
                session.execute(delete(model).where(model.record_id.in_(tombs)))
            changes += (
                session.execute(delete(ChangeLog).where(ChangeLog.record_id.in_(tombs))).rowcount  # type: ignore[attr-defined]  # a DML statement's Result is a CursorResult
                or 0
            )
            tombstones = (
                session.execute(  # type: ignore[attr-defined]  # a DML statement's Result is a CursorResult
                    delete(Record).where(Record.deleted.is_(True), Record.last_seq <= horizon)
                ).rowcount
                or 0
            )
            later = aliased(ChangeLog)
            changes += (
                session.execute(  # type: ignore[attr-defined]  # a DML statement's Result is a CursorResult
                    delete(ChangeLog).where(
                        ChangeLog.seq <= horizon,
                        ChangeLog.record_id.is_not(None),
                        exists(
                            select(later.seq).where(
                                later.record_id == ChangeLog.record_id, later.seq > ChangeLog.seq
                            )
                        ),
                    )
                ).rowcount
                or 0
            )
            newer = aliased(ScopeEventRow)
            superseded = list(
                session.execute(
                    select(ScopeEventRow.seq).where(
                        ScopeEventRow.seq <= horizon,
                        exists(
                            select(newer.seq).where(
                                newer.device_id == ScopeEventRow.device_id,
                                newer.case_id == ScopeEventRow.case_id,
                                newer.seq > ScopeEventRow.seq,
                            )
                        ),
                    )
                ).scalars()
            )
            for start in range(0, len(superseded), 500):
                chunk = superseded[start : start + 500]
                events += (
                    session.execute(  # type: ignore[attr-defined]  # a DML statement's Result is a CursorResult
                        delete(ScopeEventRow).where(ScopeEventRow.seq.in_(chunk))
                    ).rowcount
                    or 0
                )
                changes += (
                    session.execute(  # type: ignore[attr-defined]  # a DML statement's Result is a CursorResult
                        delete(ChangeLog).where(
                            ChangeLog.seq.in_(chunk), ChangeLog.what.in_(("grant", "revoke"))
                        )
                    ).rowcount
                    or 0
                )
            state.horizon_seq = horizon
        session.add(
            AuditLog(
                at=utcnow(),
                action="prune_history",
                outcome="ok",
                target_kind="server",
                detail={
                    "keep_days": keep_days,
                    "horizon_seq": horizon,
                    "changes": changes,
                    "tombstones": tombstones,
                    "scope_events": events,
                },
            )
        )
    return PruneReport(horizon, changes, tombstones, events)
