"""The server's append-only audit log: reads, writes, approvals, auth events, denials.

Entries carry ids and codes only — never names, narratives, passwords or tokens. Handlers add entries
to the request's trail (`trail(request).add(...)`). A request that writes puts its trail in its own
transaction (`write_in`); what is left (reads, denials — recorded even when the work rolled back) is
written after the answer is decided: by default batched (`Settings.audit_batch_seconds`): one commit
for every request of the last quarter second instead of one per request (a no-op sync made three).
The batch is written at shutdown too; a crash of the process loses at most that last interval of
read audit rows (writes are audited in their own transactions). 0 = each request waits for its rows.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
from collections.abc import AsyncIterator
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
            self.entry(
                action,
                outcome=outcome,
                target_kind=target_kind,
                target_id=target_id,
                detail=detail,
                user_id=user_id,
                device_id=device_id,
            )
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


def flush(db: Any, audit: AuditTrail, *, batch_seconds: float = 0.0) -> None:
    """Write what is left in the trail, after the answer is decided: queued for the next batch when
    `batch_seconds` > 0 (returns at once), else committed before returning (group commit, `_Writer`)."""
    if not audit.entries:
        return
    rows, audit.entries = audit.entries, []
    if batch_seconds > 0:
        _batcher(db, batch_seconds).add(rows)
        return
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
            except Exception:  # noqa: BLE001 - whatever failed, the retry below finds the request and logs it
                # one request's bad row must not lose the others': retry them one request at a time
                for rows_, _ in batch:
                    try:
                        self._insert(rows_)
                    except (
                        Exception
                    ):  # pragma: no cover - logged without content; the answer is already decided
                        log.exception("could not write %d audit entries", len(rows_))
            finally:
                for _, event in batch:
                    event.set()

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        with self.db.write() as session:
            session.execute(insert(AuditLog.__table__), rows)


def drain(db: Any) -> None:
    """Commit every queued audit row now (shutdown; tests)."""
    batcher = getattr(db, "_audit_batcher", None)
    if batcher is not None:
        batcher.drain()


def stop(db: Any) -> None:
    """Stop the batch thread of `db` after writing what it holds (the app's shutdown)."""
    batcher = getattr(db, "_audit_batcher", None)
    if batcher is not None:
        batcher.close()
        db._audit_batcher = None


def lifespan(db: Any) -> Any:
    """The app's lifespan: at shutdown the queued audit rows are committed before the process ends."""

    @contextlib.asynccontextmanager
    async def span(_app: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            stop(db)

    return span


def _batcher(db: Any, interval: float) -> _Batcher:
    batcher = getattr(db, "_audit_batcher", None)
    if batcher is None:
        with _writers_lock:
            batcher = getattr(db, "_audit_batcher", None)
            if batcher is None:
                batcher = db._audit_batcher = _Batcher(db, interval)
    return batcher


class _Batcher:
    """Rows queued by requests, committed by one thread every `interval` seconds (or sooner when
    `_SOON` rows wait): one transaction for many requests, and no request waits for a commit."""

    _SOON = 2000

    def __init__(self, db: Any, interval: float) -> None:
        self.db, self.interval = db, interval
        self._queue: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._turn = threading.Lock()  # drains never overlap: rows are committed in queue order
        self._wake = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="fieldcase-audit-batch", daemon=True)
        self._thread.start()
        atexit.register(self.close)

    def add(self, rows: list[dict[str, Any]]) -> None:
        with self._lock:
            self._queue.extend(rows)
            soon = len(self._queue) >= self._SOON
        if soon or self._closed:
            self._wake.set()

    def _run(self) -> None:
        while not self._closed:
            self._wake.wait(self.interval)
            self._wake.clear()
            self.drain()

    def drain(self) -> None:
        with self._turn:
            with self._lock:
                rows, self._queue = self._queue, []
            if not rows:
                return
            try:
                _Writer(self.db)._insert(rows)
            except Exception:  # noqa: BLE001 - whatever failed, the retry below finds the row and logs it
                # one bad row must not lose the others': retry them one at a time
                for row in rows:
                    try:
                        _Writer(self.db)._insert([row])
                    except Exception:  # pragma: no cover - logged without content
                        log.exception("could not write an audit entry (%s)", row.get("action"))

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self.drain()
