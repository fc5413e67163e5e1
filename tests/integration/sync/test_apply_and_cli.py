"""P7 (applying a page twice changes nothing), P6 (no cursor gaps across small pages) and the
`fieldcase sync` command reading its passphrase from stdin."""

from __future__ import annotations

import io
import json

from fieldcase.protocol import ChangesPage
from integration.sync.laptops import PASSPHRASE
from integration.sync.promises import check_converged
from integration.sync.test_scenarios import new_visit


def _dump(store):
    with store.reading() as connection:
        rows = {}
        for table in ("record", "shadow", "record_child", "outbox", "attention", "sync_state"):
            rows[table] = sorted(
                map(tuple, connection.exec_driver_sql(f"SELECT * FROM {table}").all()), key=repr
            )
    return rows


def test_applying_a_page_twice_changes_nothing(sqlite_world):
    world = sqlite_world
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    for _ in range(5):
        new_visit(world, ana)
    ana.sync()
    client = world.harness.device("ben")
    page = ChangesPage.model_validate(client.pull(limit=3).json()).model_dump(mode="json")
    ben.sync_store.apply_page(page)
    once = _dump(ben.store)
    ben.sync_store.apply_page(page)
    assert _dump(ben.store) == once


def test_small_pages_leave_no_gaps(sqlite_world):
    world = sqlite_world
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    for _ in range(12):
        new_visit(world, ana)
    ana.sync()
    ben.sync(page_size=2)
    check_converged(world.harness.db, [ana, ben])


def test_sync_command_reads_the_passphrase_from_stdin(sqlite_world, monkeypatch, capsys):
    from fieldcase import cli

    ana = sqlite_world.laptop("ana")
    new_visit(sqlite_world, ana)
    ana.store.lock()
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert cli.main(["sync", "--data-dir", str(ana.data_dir), "--status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["waiting"] == 1 and PASSPHRASE not in json.dumps(status)
