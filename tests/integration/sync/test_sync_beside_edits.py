"""Issue #5: the sync runs on a thread of its own beside the caseworker's edits. Edits made from
another thread while pages are pulled and applied, batches pushed and results recorded — including
edits to rows in flight — are all kept, the outbox stays in device_seq order, the audit chain and
the file stay whole, and the next sync converges. Locking the store during a sync stops it first.

Real parts throughout: the server app in-process, the production sync service and engine over the
server app's HTTP transport, a real encrypted store."""

from __future__ import annotations

import dataclasses
import threading
import time
from typing import Any

import httpx
import pytest

from fieldcase.errors import UserError
from fieldcase.services import field_records
from fieldcase.services import sync as sync_service
from fieldcase.store import store as store_module
from fieldcase.store.store import Store
from fieldcase.sync.transport import RetryPolicy
from helpers.held_sync import Held, engine_options
from helpers.store import a_visit
from helpers.threads import wait_until_inside
from integration.sync.laptops import PASSPHRASE
from integration.sync.promises import check_converged

EDITS = 40


class Interleaving(httpx.BaseTransport):
    """The server app's transport in step with an editing thread: each pull page and push waits
    until the editor has committed an edit for it (`edited(n)`), while edits are left. So edits land
    between every two of the sync's transactions, and — the editor's second edit of each turn —
    beside the page apply or result recording that follows the answer."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.turn = threading.Condition()
        self.requests = 0
        self.answered = 0
        self.free = False  # no edits left: nothing to wait for

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path in ("/sync/changes", "/sync/push"):
            with self.turn:
                self.requests += 1
                mine = self.requests
                self.turn.notify_all()
                assert self.turn.wait_for(lambda: self.free or self.answered >= mine, timeout=20), (
                    "the editor fell silent"
                )
        return self.inner.handle_request(request)

    def next_request(self, after: int, running: Any) -> int | None:
        """The number of the request after `after`, once it is waiting; None when the sync ended."""
        with self.turn:
            while self.requests <= after:
                if not running():
                    return None
                self.turn.wait(0.05)
            return self.requests

    def edited(self, request: int, *, last: bool) -> None:
        with self.turn:
            self.answered = request
            self.free = self.free or last
            self.turn.notify_all()


def in_thread(fn: Any) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, name="test-sync")
    thread.start()
    return thread, outcome


def test_edits_from_another_thread_during_pulls_and_pushes_are_all_kept(sqlite_world):
    world = sqlite_world
    ana = world.laptop("ana")
    assert ana.sync().outcome == "ok"  # the case and the child
    pulled = [
        world.harness.add_record(
            "person",
            world.case_id,
            {"role": "parent", "given_name": f"P{i}", "family_name": "Pulled"},
        )
        for i in range(30)
    ]
    visits = []
    for i in range(5):  # work waiting before the sync: it is pushed while the edits go on
        visit = dataclasses.replace(
            a_visit(world.case_id, world.child_id), observations=f"offline {i}"
        )
        field_records.save_draft(ana.store, record=visit)
        visits.append(visit)

    latest: dict[str, str] = {v.id: v.observations for v in visits}
    written: dict[str, list[str]] = {v.id: [v.observations] for v in visits}
    requests_at_edit: list[int] = []
    transport = Interleaving(ana.http_transport)

    def one_edit(i: int, request: int) -> None:
        if i % 4 == 3:
            visit = dataclasses.replace(
                a_visit(world.case_id, world.child_id), observations=f"new {i}"
            )
            visits.append(visit)
            written[visit.id] = []
        else:  # the offline ones among them are in flight during the pushes
            visit = dataclasses.replace(visits[i % len(visits)], observations=f"edit {i}")
        field_records.save_draft(
            ana.store, record=visit
        )  # one transaction: record + outbox + audit
        latest[visit.id] = visit.observations
        written[visit.id].append(visit.observations)
        requests_at_edit.append(request)

    def edit() -> None:
        done, request = 0, 0
        while done < EDITS:
            found = transport.next_request(request, sync_thread.is_alive)
            if found is None:
                return
            request = found
            one_edit(done, request)  # while the sync waits for its answer
            done += 1
            transport.edited(request, last=done + 1 >= EDITS)
            one_edit(done, request)  # while the sync applies it (or records it)
            done += 1

    sync_thread, outcome = in_thread(
        lambda: sync_service.sync_now(
            ana.store, **engine_options(transport, page_size=4, push_batch=3)
        )
    )
    editor, edited = in_thread(edit)
    editor.join(60)
    sync_thread.join(60)
    assert not editor.is_alive() and not sync_thread.is_alive()
    assert "error" not in edited, repr(edited.get("error"))
    assert "error" not in outcome, repr(outcome.get("error"))
    report = outcome["value"]
    assert report.outcome == "ok" and report.pulled >= len(pulled) and report.pushed >= 5
    # the edits really went on between (and beside) the sync's steps: 8 pages and some pushes
    assert len(set(requests_at_edit)) >= 10, requests_at_edit

    store = ana.store
    for record_id, text in latest.items():  # nothing typed is lost
        assert store.get(record_id).body["observations"] == text
    for record_id in pulled:
        assert store.get(record_id).kind == "person"
    entries = store.outbox_entries()
    seqs = [e.device_seq for e in entries]
    assert sorted(seqs) == list(range(1, len(seqs) + 1)), (
        "device_seq must stay gapless, one per mutation"
    )
    for record_id, texts in written.items():  # each record's mutations in the order they were made
        sent = [
            e.payload["changes"]["observations"]["new"]
            if e.kind == "patch"
            else e.payload.get("observations")
            for e in sorted(entries, key=lambda e: e.device_seq)
            if e.record_id == record_id
            and (e.kind == "create" or "observations" in e.payload.get("changes", {}))
        ]
        positions = [texts.index(t) for t in sent if t in texts]
        assert positions == sorted(positions), (record_id, sent, texts)
    assert store.first_broken_audit_link() is None
    assert store.integrity_problems() == []

    assert ana.sync().outcome == "ok"  # whatever was typed after the last push goes now
    check_converged(world.harness.db, [ana])
    for record_id, text in latest.items():
        assert store.get(record_id).body["observations"] == text


@pytest.mark.parametrize(
    "ahead", [False, True], ids=["sync-waits-on-its-request", "next-page-asked-ahead"]
)
def test_locking_during_a_held_sync_stops_it_first_then_the_next_sync_converges(
    sqlite_world, ahead
):
    """Held at the sync's own request for page 1, the lock waits for it (a request cannot be
    interrupted); held at page 2, asked ahead on its own thread while page 1 is applied, the sync
    stops at once and the lock does not wait: the page asked ahead is dropped, never applied."""
    world = sqlite_world
    ana = world.laptop("ana")
    assert ana.sync().outcome == "ok"
    pulled = [
        world.harness.add_record(
            "person",
            world.case_id,
            {"role": "parent", "given_name": f"P{i}", "family_name": "Pulled"},
        )
        for i in range(12)
    ]
    held = Held(ana.http_transport, at=2 if ahead else 1)
    cancel = sync_service.Cancel()
    sync_thread, outcome = in_thread(
        lambda: sync_service.sync_now(ana.store, cancel=cancel, **engine_options(held, page_size=4))
    )
    try:
        assert held.held.wait(30)
        visit = dataclasses.replace(
            a_visit(world.case_id, world.child_id), observations="typed while the sync waited"
        )
        field_records.save_draft(
            ana.store, record=visit
        )  # the store is free while the sync waits on the network
        locker, locked = in_thread(ana.store.lock)
        deadline = time.monotonic() + 10
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        assert cancel.cancelled, "locking must cancel the running sync"
        if ahead:
            locker.join(10)
            assert not locker.is_alive() and ana.store.is_locked, (
                "the sync waits on no request of its own: it stops at once"
            )
            assert not sync_thread.is_alive()
        else:
            # the lock is now where it could dispose the engine, unless it waits for the sync: prove
            # it is waiting (or that it went on), then check the store is still open
            wait_until_inside(locker, "stop_all", "store/connection_lock.py", blocked=True)
            assert locker.is_alive() and not ana.store.is_locked, (
                "the engine must not be disposed under a running sync"
            )
    finally:
        held.release.set()
    locker.join(30)
    sync_thread.join(30)
    assert not locker.is_alive() and "error" not in locked
    assert ana.store.is_locked and not sync_thread.is_alive()
    assert outcome["error"].code == "sync_cancelled"

    store = Store.unlock(ana.data_dir, PASSPHRASE, full_check=False)
    ana.store = store
    actions = [e.action for e in store.audit_events()]
    # the cancelled sync finished (and logged itself) before the lock
    assert actions[-2:] == ["sync", "lock"] or actions[-3:-1] == ["sync", "lock"], actions[-4:]
    assert store.get(visit.id).body["observations"] == "typed while the sync waited"
    assert store.first_broken_audit_link() is None and store.integrity_problems() == []
    assert ana.sync().outcome == "ok"
    check_converged(world.harness.db, [ana])
    for record_id in pulled:
        assert store.get(record_id).kind == "person"


def test_a_sync_that_does_not_stop_in_time_finds_the_store_locked_and_harms_nothing(
    sqlite_world, monkeypatch
):
    monkeypatch.setattr(store_module, "STOP_BACKGROUND_SECONDS", 0.3, raising=False)
    world = sqlite_world
    ana = world.laptop("ana")
    assert ana.sync().outcome == "ok"
    for i in range(12):
        world.harness.add_record(
            "person",
            world.case_id,
            {"role": "parent", "given_name": f"P{i}", "family_name": "Pulled"},
        )
    held = Held(ana.http_transport)
    cancel = sync_service.Cancel()
    sync_thread, outcome = in_thread(
        lambda: sync_service.sync_now(ana.store, cancel=cancel, **engine_options(held, page_size=4))
    )
    try:
        assert held.held.wait(30)
        started = time.monotonic()
        ana.store.lock()  # the network wait cannot be interrupted: the lock does not wait for it forever
        assert time.monotonic() - started < 5
        assert ana.store.is_locked and cancel.cancelled
    finally:
        held.release.set()
    sync_thread.join(30)
    assert not sync_thread.is_alive()
    assert isinstance(
        outcome.get("error"), UserError
    )  # "fieldcase is locked" (or cancelled): no bug, no damage

    store = Store.unlock(ana.data_dir, PASSPHRASE, full_check=True)
    ana.store = store
    assert store.first_broken_audit_link() is None and store.integrity_problems() == []
    assert ana.sync().outcome == "ok"
    check_converged(world.harness.db, [ana])


def test_the_connection_goes_to_waiting_threads_in_turn():
    """A thread that releases the store's connection and asks again at once (the sync, page after
    page) does not take it again ahead of threads already waiting (an autosave, a read)."""
    from fieldcase.store.connection_lock import ConnectionLock

    lock = ConnectionLock()
    order: list[str] = []
    lock.acquire()
    lock.acquire()  # reentrant: the same thread nests a read in a transaction

    def waiter(name: str) -> None:
        with lock:
            order.append(name)

    threads = [threading.Thread(target=waiter, args=(f"w{i}",)) for i in range(3)]
    for queued, thread in enumerate(threads, start=1):
        thread.start()
        # queued in this order: each waits in the lock's queue before the next one starts
        assert wait_until_inside(thread, "acquire", "store/connection_lock.py")
        deadline = time.monotonic() + 10
        while len(lock._waiting) < queued and time.monotonic() < deadline:
            time.sleep(0.001)
        assert len(lock._waiting) == queued
    lock.release()
    assert order == []  # still held once
    lock.release()
    with lock:  # asks again at once: served after those already waiting
        order.append("again")
    for thread in threads:
        thread.join(5)
    assert order == ["w0", "w1", "w2", "again"]


class Unavailable(httpx.BaseTransport):
    """A server answering 503 to everything: the sync backs off between attempts."""

    def __init__(self) -> None:
        self.calls = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.calls.set()
        return httpx.Response(
            503, json={"error": {"code": "unavailable", "message": "down for a moment"}}
        )


def test_locking_during_a_retry_back_off_ends_the_wait_at_once(sqlite_world):
    ana = sqlite_world.laptop("ana")
    server = Unavailable()
    options = engine_options(server, retry=RetryPolicy(attempts=3, base_seconds=30, cap_seconds=30))
    del options["sleep"]  # the service's own sleep, as in the app
    sync_thread, outcome = in_thread(lambda: sync_service.sync_now(ana.store, **options))
    assert server.calls.wait(10)
    # in the back-off now (30 s): the service's own sleep, so a lock that did not end it would wait
    assert wait_until_inside(sync_thread, "sleep", "services/sync.py"), "the sync never backed off"
    started = time.monotonic()
    ana.store.lock()
    sync_thread.join(10)
    assert not sync_thread.is_alive() and time.monotonic() - started < 3
    assert outcome["error"].code == "sync_cancelled"
