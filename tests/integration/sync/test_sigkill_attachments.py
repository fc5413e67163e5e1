"""SIGKILL loops over the attachment holes of issue 16, against a real uvicorn server process: a
laptop process syncing is killed again and again while (1) photos attached offline wait to go up
for a case just reassigned away, and (2) a photo waits to go up for an entry another caseworker
attached a different photo to offline. After every kill: the store is whole, and no photo the server
names is on neither side; at the end every photo is on the server, on its entry, with no conflict."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time

import pytest
from sqlalchemy import select

from fieldcase.security.keyfile import KdfParams
from fieldcase.server import admin
from fieldcase.services.enrollment import enroll
from fieldcase.store.store import Store
from fieldcase.sync.engine import SyncEngine
from integration.sync import crash_child
from integration.sync.test_live import PASSPHRASE, PASSWORD, _free_port, _wait_health

pytestmark = pytest.mark.slow

CHUNK = 256  # a photo is a dozen chunks: kills land inside uploads


@pytest.fixture
def live(sqlite_server, tmp_path):
    """The suite's world served by a real uvicorn process; laptops enrolled over the socket."""
    pytest.importorskip("uvicorn")
    from integration.sync.conftest import make_world
    from integration.sync.laptops import Laptop

    world = make_world(sqlite_server, tmp_path)
    port = _free_port()
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
        env={
            **os.environ,
            "FIELDCASE_SERVER_DB": str(sqlite_server.db.url).removeprefix("sqlite:///"),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    laptops = {}
    try:
        _wait_health(base)
        for name in ("ana", "ben"):
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
        yield world, laptops
    finally:
        server.terminate()
        server.wait(timeout=10)
        for laptop in laptops.values():
            if not laptop.store.is_locked:
                laptop.store.lock()


def _sync(laptop):
    return SyncEngine(laptop.store, chunk_bytes=CHUNK).run()


def _kill_while_syncing(laptop, rng: random.Random) -> None:
    """Lock the laptop's store, let a child process sync it, SIGKILL the child at a random moment,
    open the store again and check it is whole."""
    laptop.store.lock()
    with crash_child.syncing(laptop.data_dir, PASSPHRASE, CHUNK):
        time.sleep(rng.uniform(0.02, 0.8))
    laptop.store = Store.unlock(laptop.data_dir, PASSPHRASE)
    assert laptop.store.integrity_problems() == []


def test_sigkill_while_photos_wait_for_a_case_reassigned_away(live):
    from integration.sync.promises import check_converged, check_no_blob_lost
    from integration.sync.test_scenarios import new_visit

    world, laptops = live
    ben = laptops["ben"]
    db = world.harness.db
    rng = random.Random(16)
    _sync(ben)
    visits = [new_visit(world, ben).id for _ in range(3)]
    _sync(ben)
    for round_ in range(8):
        if round_:  # the office gives Ben the case back, and he takes it again
            admin.assign_case(db, world.case_id, "ben", role="covering")
            _sync(ben)
        for n, record_id in enumerate(visits):
            assert ben.attach_photo(record_id, f"ben-{round_}-{n}") is not None
        admin.unassign_case(db, world.case_id, "ben")  # before any of the photos went up
        for _ in range(3):
            _kill_while_syncing(ben, rng)
            check_no_blob_lost(db, [ben])
        for _ in range(2):
            _sync(ben)
        check_no_blob_lost(db, [ben], settled=True)
        assert ben.store.list(kind="home_visit") == []  # uploaded, then the case left
        check_converged(db, [ben])


def test_sigkill_while_two_photos_wait_for_one_entry(live):
    from fieldcase.server.models import Conflict, Record
    from integration.sync.promises import check_converged, check_no_blob_lost
    from integration.sync.test_scenarios import new_visit

    world, laptops = live
    ana, ben = laptops["ana"], laptops["ben"]
    db = world.harness.db
    rng = random.Random(61)
    for laptop in (ana, ben):
        _sync(laptop)
    visit = new_visit(world, ana).id
    for laptop in (ana, ben, ana):
        _sync(laptop)
    for round_ in range(6):
        assert ana.attach_photo(visit, f"ana-{round_}") is not None
        assert ben.attach_photo(visit, f"ben-{round_}") is not None
        _sync(ben)  # Ben's photo reaches the server first
        for _ in range(2):
            _kill_while_syncing(ana, rng)
            check_no_blob_lost(db, [ana, ben])
        for laptop in (ana, ben, ana, ben):
            _sync(laptop)
        check_no_blob_lost(db, [ana, ben], settled=True)
        with db.read() as session:
            on_server = {a["sha256"] for a in session.get(Record, visit).body["attachments"]}
            assert (
                session.execute(select(Conflict).where(Conflict.field == "attachments")).first()
                is None
            )
        assert len(on_server) == 2 * (round_ + 1)
        for laptop in (ana, ben):
            assert {a["sha256"] for a in laptop.store.get(visit).body["attachments"]} == on_server
        check_converged(db, [ana, ben])
