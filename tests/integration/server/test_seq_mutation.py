"""The commit-ordered `seq` guard can fail: a mutation test of sync.md P6 on PostgreSQL.

The change log's numbers come from one counter row bumped as the last statement before commit
(`db.stamp_changes`), so commit order equals seq order. Two interleavings, driven step by step with
two writer threads and a reader in between (no timing luck: each step waits for the previous one):

- writer A takes its number and holds its commit; writer B takes a later number and commits first;
  the reader pages the changes; then A commits; the reader pages again.

With the allocation swapped for a plain autoincrement (a PostgreSQL sequence, `nextval` at write
time, reader's high-water mark = the highest visible number) the reader's cursor passes B's number
while A's change is still invisible, and A's change is never delivered: the bug sync.md "Server change log" guards
against (airbyte #14732). With the real code, B cannot take a number until A has committed (it waits
on the counter row), the reader's snapshot holds neither, and after both commit it has both.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from fieldcase.server import admin, changes
from fieldcase.server import db as server_db

pytestmark = [pytest.mark.postgres]

WRITER_A, WRITER_B = "seq-writer-A", "seq-writer-B"
WAIT = 30  # seconds: a bound for each step, never a sleep


def autoincrement_stamp(session: Session) -> None:
    """The mutant: numbers from a plain sequence, as an autoincrement column would hand them out.
    `nextval` is not transactional and takes no lock, so numbers are not in commit order."""
    pending: list[Callable[[int], None]] = session.info.pop("fc_changes", [])
    after: list[Callable[[int], None]] = session.info.pop("fc_after_stamp", [])
    session.flush()
    last = 0
    for assign in pending:
        last = int(session.execute(text("SELECT nextval('fc_mutant_seq')")).scalar_one())
        assign(last)
    for hook in after:
        hook(last)
    session.flush()


def highest_visible_seq(session: Session) -> int:
    """The mutant reader's high-water mark: the highest number it can see (there is no counter row)."""
    return int(session.execute(text("SELECT coalesce(max(seq), 0) FROM change_log")).scalar_one())


class Interleaving:
    """Wraps the allocation under test: writer A stops after taking its number, before its commit;
    writer B reports its backend pid before it tries to take a number."""

    def __init__(self, allocate: Callable[[Session], None]) -> None:
        self.allocate = allocate
        self.a_numbered = threading.Event()
        self.release_a = threading.Event()
        self.b_pid: int | None = None
        self.b_allocating = threading.Event()

    def __call__(self, session: Session) -> None:
        name = threading.current_thread().name
        if name == WRITER_B and session.info.get("fc_changes"):
            self.b_pid = int(session.execute(text("SELECT pg_backend_pid()")).scalar_one())
            self.b_allocating.set()
        self.allocate(session)
        if name == WRITER_A and not self.a_numbered.is_set():
            self.a_numbered.set()
            assert self.release_a.wait(WAIT), "writer A was never released"


def _writer(name: str, db, case: str, out: dict, errors: list) -> threading.Thread:  # type: ignore[no-untyped-def]
    def run() -> None:
        try:
            out[name] = admin.add_record(
                db, "home_visit", case, {"observations": f"written by {name}"}
            )
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    return threading.Thread(target=run, name=name, daemon=True)


def _record_seq(db, record_id: str) -> int:  # type: ignore[no-untyped-def]
    from fieldcase.server.models import Record

    with db.read() as session:
        return int(session.get(Record, record_id).last_seq)


def _waiting_on_a_lock(db, pid: int) -> bool:  # type: ignore[no-untyped-def]
    with db.read() as session:
        kind = session.execute(
            text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        ).scalar_one_or_none()
    return kind == "Lock"


def _setup(server):  # type: ignore[no-untyped-def]
    server.make_user("ana")
    case = server.make_case("ana")
    reader = server.device("ana")
    reader.pull_all()  # the grant and the case: the reader is in sync before the race
    return case, reader


def _interleave(server, monkeypatch, allocate, *, a_blocks_b: bool):  # type: ignore[no-untyped-def]
    """A numbers and holds; B numbers (and commits, unless it must wait for A); the reader pulls;
    A commits; B finishes; the reader pulls again. Returns (ids, held after first pull, after second)."""
    case, reader = _setup(server)
    plan = Interleaving(allocate)
    monkeypatch.setattr(server_db, "stamp_changes", plan)
    ids: dict[str, str] = {}
    errors: list[BaseException] = []
    a = _writer(WRITER_A, server.db, case, ids, errors)
    b = _writer(WRITER_B, server.db, case, ids, errors)
    try:
        a.start()
        assert plan.a_numbered.wait(WAIT) and not errors, errors
        b.start()
        assert plan.b_allocating.wait(WAIT) and not errors, errors
        if a_blocks_b:
            # B has asked for its number and must wait for A's commit (the counter row lock)
            deadline = time.monotonic() + WAIT
            assert plan.b_pid is not None
            while not _waiting_on_a_lock(server.db, plan.b_pid):
                assert time.monotonic() < deadline and b.is_alive(), (
                    "writer B did not wait for writer A"
                )
                time.sleep(0.02)
        else:
            b.join(WAIT)
            assert not b.is_alive() and not errors, errors
        reader.pull_all(limit=1)
        first = {rid for rid in reader.held if rid in ids.values()}
        if a_blocks_b:
            assert b.is_alive(), "writer B committed while writer A held its number"
    finally:
        plan.release_a.set()
        a.join(WAIT)
        b.join(WAIT)
    assert not errors, errors
    reader.pull_all(limit=1)
    second = {rid for rid in reader.held if rid in ids.values()}
    return ids, first, second


def test_mutant_autoincrement_seq_lets_a_paging_reader_skip_a_committed_change(
    pg_server, monkeypatch
):
    server = pg_server
    with server.db.write_engine.begin() as conn:
        top = conn.execute(text("SELECT value FROM sync_counter WHERE id = 1")).scalar_one()
        conn.execute(text("DROP SEQUENCE IF EXISTS fc_mutant_seq"))
        conn.execute(text("CREATE SEQUENCE fc_mutant_seq"))
        conn.execute(
            text("SELECT setval('fc_mutant_seq', :top)"), {"top": top + 1000}
        )  # above every number the setup uses
    monkeypatch.setattr(changes, "current_seq", highest_visible_seq)
    try:
        ids, first, second = _interleave(server, monkeypatch, autoincrement_stamp, a_blocks_b=False)
        a, b = ids[WRITER_A], ids[WRITER_B]
        assert _record_seq(server.db, a) < _record_seq(server.db, b)  # A was numbered first...
        assert first == {b}  # ...B committed first and the reader's cursor went past A's number
        # The bug: A's change is committed and in the reader's caseload, yet never delivered.
        assert second == {b}
        fresh = server.device("ana")
        fresh.pull_all()
        assert a in fresh.held  # a reader starting over does see it: the cursor skipped it
    finally:
        monkeypatch.undo()
        with server.db.write_engine.begin() as conn:
            conn.execute(text("DROP SEQUENCE IF EXISTS fc_mutant_seq"))


def test_real_counter_row_makes_the_late_committer_wait_and_the_reader_misses_nothing(
    pg_server, monkeypatch
):
    server = pg_server
    ids, first, second = _interleave(server, monkeypatch, server_db.stamp_changes, a_blocks_b=True)
    a, b = ids[WRITER_A], ids[WRITER_B]
    assert first == set()  # neither was committed when the reader paged
    assert second == {a, b}  # no gap: both delivered
    assert _record_seq(server.db, a) < _record_seq(server.db, b)
