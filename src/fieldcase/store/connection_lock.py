"""Sharing the store's one keyed connection between threads (issue #5): the app's store worker
(autosave, opening a case, search) and the sync, which runs on a thread of its own.

Why one connection behind a lock, and not a second connection for the sync:

- The engine is a StaticPool over ONE SQLCipher connection (store/engine.py). SQLite itself would
  survive two threads on it (serialized mode, check_same_thread=False), but a transaction belongs to
  the connection, not to a thread: two threads on it interleave their statements in one transaction,
  and when a connection goes back to the pool SQLAlchemy "resets" it with a ROLLBACK — of whatever the
  other thread has open, whose later statements then autocommit one by one. So every use, from
  checkout to checkin (BEGIN … COMMIT/ROLLBACK and the reset), must be exclusive: `ConnectionLock`.
- A second connection would hold a second copy of the key and a second 64 MiB decrypted page cache,
  need its own keying, pragmas and authorizer (security.md), and still serialize writers: with
  busy_timeout an autosave queued behind a long page apply fails with "database is locked" instead
  of waiting its turn; without it, it fails at once. The audit chain (the head is read and the next
  link written in one BEGIN IMMEDIATE transaction) would stay right, but nothing would be gained:
  SQLite has one writer, and the reads the app makes are short.
- What the issue asks — an autosave during a sync waits for at most one page apply — needs only
  that the sync never holds the connection across a network wait (each sync step is its own
  transaction: store/sync_apply.py) and that a waiting thread gets the connection at the next
  release. `threading.RLock` does not promise that (a thread that releases and asks again at once,
  the sync applying page after page, can take it ahead of one already waiting); `ConnectionLock`
  hands it to waiters in arrival order.

Locking the store while a sync runs: `Store.lock()` first asks every registered background job (the
sync: `Store.background()`) to stop and waits a bounded time for it to finish, then takes the
connection lock, disposes the engine and zeroes the key. A job that did not stop in time finds the
store locked (`StoreLocked`) at its next store call: it never holds the connection across a wait,
so it cannot be inside a transaction when the engine goes.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class ConnectionLock:
    """A reentrant lock handed over in arrival order (first come, first served)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._waiting: collections.deque[tuple[int, threading.Lock]] = collections.deque()

    def owned(self) -> bool:
        return self._owner == threading.get_ident()

    def acquire(self) -> None:
        me = threading.get_ident()
        with self._mutex:
            if self._owner == me:
                self._depth += 1
                return
            if self._owner is None:
                self._owner, self._depth = me, 1
                return
            gate = threading.Lock()
            gate.acquire()
            self._waiting.append((me, gate))
        try:
            gate.acquire()  # opened by the releasing thread, which has made us the owner
        except BaseException:  # interrupted while waiting: leave the queue, or pass the lock on
            with self._mutex:
                try:
                    self._waiting.remove((me, gate))
                    handed = False
                except ValueError:
                    handed = True
            if handed:
                self.release()
            raise

    def release(self) -> None:
        with self._mutex:
            if self._owner != threading.get_ident():
                raise RuntimeError(
                    "the store's connection lock released by a thread that does not hold it"
                )
            self._depth -= 1
            if self._depth:
                return
            if self._waiting:
                self._owner, gate = self._waiting.popleft()
                self._depth = 1
                gate.release()
            else:
                self._owner = None

    def __enter__(self) -> ConnectionLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class BackgroundJob:
    """A job using the store from a thread of its own (the sync), as `Store.lock()` sees it."""

    def __init__(self, stop: Callable[[], None]) -> None:
        self.stop = stop
        self.thread = threading.get_ident()
        self.finished = threading.Event()


class BackgroundJobs:
    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._jobs: list[BackgroundJob] = []
        self.closing = False

    def add(self, job: BackgroundJob) -> bool:
        """False once the store is being locked: the job must not start."""
        with self._mutex:
            if self.closing:
                return False
            self._jobs.append(job)
            return True

    def remove(self, job: BackgroundJob) -> None:
        with self._mutex:
            if job in self._jobs:
                self._jobs.remove(job)
        job.finished.set()

    def stop_all(self, timeout: float) -> bool:
        """Ask every job to stop, and wait (at most `timeout` seconds in all) for those on other
        threads to finish. True when all did; no new job starts after this."""
        with self._mutex:
            self.closing = True
            jobs = list(self._jobs)
        me = threading.get_ident()
        for job in jobs:
            try:
                job.stop()
            except Exception:  # stopping one job must not keep the store unlocked
                log.exception("a background job could not be asked to stop")
        deadline = time.monotonic() + timeout
        stopped = True
        for job in jobs:
            if job.thread == me:
                continue  # the job itself locks the store (a wipe during sync): it cannot wait for itself
            if not job.finished.wait(max(0.0, deadline - time.monotonic())):
                stopped = False
        if not stopped:
            log.warning(
                "a background job did not stop within %.0f s; the store is locked under it", timeout
            )
        return stopped


class LockedRawConnection:
    """A raw DB-API connection holding the connection lock until it is closed."""

    def __init__(self, raw: Any, lock: ConnectionLock) -> None:
        self._raw = raw
        self._lock: ConnectionLock | None = lock

    @property
    def driver_connection(self) -> Any:
        return self._raw.driver_connection

    def close(self) -> None:
        lock, self._lock = self._lock, None
        if lock is None:
            return
        try:
            self._raw.close()
        finally:
            lock.release()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class LockedEngine:
    """What store code outside `Store.transaction()`/`reading()` gets to reach the raw connection
    (a WAL checkpoint after a purge): `raw_connection()` takes the connection lock first."""

    def __init__(self, engine_now: Callable[[], Any], lock: ConnectionLock) -> None:
        self._engine_now = engine_now
        self._lock = lock

    def raw_connection(self) -> LockedRawConnection:
        self._lock.acquire()
        try:
            raw = (
                self._engine_now().raw_connection()
            )  # checked under the lock: a lock may have disposed it
        except BaseException:
            self._lock.release()
            raise
        return LockedRawConnection(raw, self._lock)
