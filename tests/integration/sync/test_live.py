"""Against a real uvicorn server process: enrollment through the service, the CLI, and a client
subprocess killed with SIGKILL in the middle of pushing, twenty times in a row."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from fieldcase.security.keyfile import KdfParams
from fieldcase.services import sync as sync_service
from fieldcase.services.enrollment import enroll
from fieldcase.store.store import Store

PASSPHRASE = "Blue kettle orbits nineteen moons"  # no user name inside (the policy refuses that)

PASSWORD = "correct horse battery staple"  # what the suite's server fixtures hash for every user

pytestmark = pytest.mark.slow


def test_two_workers_and_a_supervisor_on_a_live_server_then_sigkill_during_push(
    sqlite_server, tmp_path
):
    """A real uvicorn process serving the test's database: enrollment through the service, offline edits
    on both sides converge; then a laptop process is SIGKILLed mid-sync 20 times in a row (issue 4)."""
    pytest.importorskip("uvicorn")
    from integration.sync import crash_child
    from integration.sync.conftest import make_world
    from integration.sync.laptops import Laptop
    from integration.sync.promises import check_converged, check_no_duplicates, ledger

    world = make_world(sqlite_server, tmp_path)
    port = _free_port()
    url = str(sqlite_server.db.url)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fieldcase.server.cli",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env={**os.environ, "FIELDCASE_SERVER_DB": url.removeprefix("sqlite:///")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    laptops = {}
    try:
        _wait_health(base)
        for name in ("ana", "ben", "sam"):  # enrolled through the service, over a real socket
            done = enroll(
                data_dir=tmp_path / name,
                server_url=base,
                username=name,
                password=PASSWORD,
                enrollment_code=sqlite_server.enrollment_code(),
                passphrase=PASSPHRASE,
                kdf=KdfParams.floor(),
            )
            laptops[name] = Laptop(
                sqlite_server, name, tmp_path / name, done.store, done.device_id, done.user_id, None
            )
        ana, ben, sam = laptops["ana"], laptops["ben"], laptops["sam"]
        from fieldcase.sync.engine import SyncEngine
        from integration.sync.test_scenarios import edit, new_visit

        def live_sync(laptop):
            return SyncEngine(laptop.store).run()

        for laptop in (ana, ben, sam):
            live_sync(laptop)
        shared = new_visit(world, ana)
        live_sync(ana)
        live_sync(ben)
        edit(ana, shared.id, observations="Ana, offline.")  # offline edits on both sides
        edit(ben, shared.id, home_conditions="Ben, offline.")
        made = [new_visit(world, ana).id for _ in range(60)]
        for _ in range(2):
            for laptop in (ana, ben, sam):
                live_sync(laptop)
        check_converged(sqlite_server.db, [ana, ben, sam])
        body = sam.store.get(shared.id).body
        assert (body["observations"], body["home_conditions"]) == ("Ana, offline.", "Ben, offline.")
        more = [new_visit(world, ana).id for _ in range(60)]
        made += more
        ana.store.lock()
        for attempt in range(20):
            with crash_child.syncing(ana.data_dir, PASSPHRASE):
                time.sleep(0.05 + 0.02 * attempt)
            store = Store.unlock(ana.data_dir, PASSPHRASE)
            assert store.integrity_problems() == []
            assert {r.id for r in store.list(kind="home_visit")} >= set(made)
            store.lock()
        ana.store = Store.unlock(ana.data_dir, PASSPHRASE)
        for _ in range(2):
            for laptop in (ana, ben, sam):
                live_sync(laptop)
        check_no_duplicates(sqlite_server.db)
        known = ledger(sqlite_server.db)
        assert all(
            e.state == "acked" and e.mutation_id in known for e in ana.store.outbox_entries()
        )
        assert sync_service.sync_status(ana.store).waiting == 0
        check_converged(sqlite_server.db, [ana, ben, sam])
        assert set(made) <= {r.id for r in ben.store.list(kind="home_visit")}
    finally:
        server.terminate()
        server.wait(timeout=10)
        for laptop in laptops.values():
            if not laptop.store.is_locked:
                laptop.store.lock()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_health(base: str) -> None:
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start")
