"""Named scenario (sync.md): an app upgrade with a non-empty outbox. The new build migrates the
store on unlock (after a backup), leaves every queued mutation as it was, and the next sync
delivers all of them exactly once."""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from fieldcase.store import migrate
from fieldcase.store.store import Store
from fieldcase.store.tables import SEARCH_TABLE, outbox
from helpers.store import PASSPHRASE, a_visit
from integration.sync.promises import check_converged, check_no_duplicates, ledger


def test_app_upgrade_with_a_non_empty_outbox_loses_nothing(world):
    ana = world.laptop("ana")
    ana.sync()
    made = []
    for n in range(3):  # offline work: creates, an edit and a submit, all still queued
        visit = a_visit(world.case_id, world.child_id, observations=f"Offline visit {n}.")
        ana.store.save(visit)
        made.append(visit.id)
    current = ana.store.get(made[0])
    ana.store.save(
        dataclasses.replace(current.to_domain(), observations="Edited before the upgrade."),
        expected_version=current.version,
    )
    with ana.store.reading() as connection:
        queued = connection.execute(select(outbox).order_by(outbox.c.device_seq)).all()
    assert queued and all(row.state == "pending" for row in queued)

    # the laptop as an older build left it: an earlier schema revision, without the search index
    with ana.store.transaction() as connection:
        connection.exec_driver_sql(f"DROP TABLE {SEARCH_TABLE}")
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    ana.store.lock()

    ana.store = Store.unlock(ana.data_dir, PASSPHRASE)  # the new build opens it
    with ana.store.reading() as connection:
        assert migrate.current_revision(connection) == migrate.head_revision()
        assert connection.execute(select(outbox).order_by(outbox.c.device_seq)).all() == queued
    assert list((ana.data_dir / "backups").glob("fieldcase-*.db")), (
        "no backup was taken before migrating"
    )
    # the new search index was filled from the records already there
    assert {h.record_id for h in ana.store.search("Offline visit")} == set(made[1:])
    assert {h.record_id for h in ana.store.search("Edited before")} == {made[0]}

    report = ana.sync()
    assert report.acked == len(queued)
    known = ledger(world.harness.db)
    assert all(row.mutation_id in known for row in queued)
    check_no_duplicates(world.harness.db)
    ben = world.laptop("ben")
    ben.sync()
    assert ben.store.get(made[0]).body["observations"] == "Edited before the upgrade."
    check_converged(world.harness.db, [ana, ben])
