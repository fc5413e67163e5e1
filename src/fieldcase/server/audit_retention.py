"""`fieldcase-server prune-audit --keep-days N [--archive FILE.jsonl]`: the audit log's retention.

Every request adds audit rows (2,000 laptops: about half a million a working day), and nothing else
ever removes them. The log stays append-only in the database (triggers refuse updates and deletes);
a delete passes only beside a permit row that exists inside this command's own transaction and
names the cutoff. This deletes the rows older than N days, oldest first, a batch per transaction;
with --archive each batch is first appended to a JSON-lines file and synced to disk, and only then
deleted — a crash between the two leaves a row in both places, never in neither. Rows hold ids and
codes only (audit.py), so the archive carries no names or narratives either.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from fieldcase.server.db import Database
from fieldcase.server.models import AuditLog, AuditPrunePermit, utcnow

BATCH = 5000


@dataclass(frozen=True)
class AuditPruned:
    before: str  # ISO time: rows older than this were removed
    deleted: int
    archived_to: str | None


def prune_audit(db: Database, *, keep_days: int, archive: Path | None = None) -> AuditPruned:
    if keep_days < 1:
        raise ValueError("keep at least one day of audit log")
    cutoff = utcnow() - timedelta(days=keep_days)
    deleted = 0
    handle = open(archive, "a", encoding="utf-8") if archive is not None else None  # noqa: SIM115 (closed below)
    try:
        while True:
            with db.write() as session:
                rows = (
                    session.execute(
                        select(AuditLog)
                        .where(AuditLog.at < cutoff)
                        .order_by(AuditLog.id)
                        .limit(BATCH)
                    )
                    .scalars()
                    .all()
                )
                if not rows:
                    break
                if handle is not None:
                    handle.writelines(json.dumps(_line(row), sort_keys=True) + "\n" for row in rows)
                    handle.flush()
                    os.fsync(handle.fileno())  # on disk before the rows leave the database
                # the append-only triggers let a delete through only beside this transaction's permit
                session.add(AuditPrunePermit(id=1, cutoff=cutoff))
                session.flush()
                session.execute(delete(AuditLog).where(AuditLog.id.in_([row.id for row in rows])))
                session.execute(delete(AuditPrunePermit))
                deleted += len(rows)
    finally:
        if handle is not None:
            handle.close()
    return AuditPruned(
        before=cutoff.isoformat(),
        deleted=deleted,
        archived_to=str(archive) if archive is not None else None,
    )


def _line(row: AuditLog) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(),
        "actor_user_id": row.actor_user_id,
        "device_id": row.device_id,
        "action": row.action,
        "outcome": row.outcome,
        "target_kind": row.target_kind,
        "target_id": row.target_id,
        "detail": row.detail,
    }
