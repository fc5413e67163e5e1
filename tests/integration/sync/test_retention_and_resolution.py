"""Server housekeeping seen from real laptops (real server app, real encrypted stores, the production
sync engine): history pruned past a laptop's cursor, a case purged, conflicts settled on the server."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from fieldcase.server import admin
from fieldcase.server.models import ChangeLog, utcnow
from integration.sync.promises import check_converged
from integration.sync.test_scenarios import edit, new_visit, quiesce


def test_laptop_offline_past_the_horizon_downloads_again_keeps_its_work_and_converges(world):
    db = world.harness.db
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    visit, gone = new_visit(world, ana), new_visit(world, ana)
    ana.sync()
    ben.sync()
    # Ana goes offline with work waiting: an edit and a visit the server has never seen.
    edit(ana, visit.id, observations="Written offline for months.")
    unsent = new_visit(world, ana)
    # Meanwhile Ben edits, the office purges a visit, and all of it ages past the retention.
    edit(ben, visit.id, home_conditions="Ben's words.")
    ben.sync()
    admin.purge_record(db, gone.id, reason="entered_in_error")
    with db.write() as session:
        session.execute(update(ChangeLog).values(created_at=utcnow() - timedelta(days=120)))
    pruned = admin.prune_history(db, keep_days=90)
    assert pruned.tombstones_deleted == 1 and pruned.horizon_seq > 0

    report = ana.sync()

    assert report.resynced  # 410: her cursor was older than the horizon
    quiesce(ana, ben)
    body = ana.store.get(visit.id).body
    assert (body["observations"], body["home_conditions"]) == ("Written offline for months.", "Ben's words.")
    held = {r.id for r in ana.store.list()}
    assert unsent.id in held and gone.id not in held  # her new visit went up; the purged one left
    assert ana.store.outbox_entries(states=("pending", "inflight")) == []
    check_converged(db, [ana, ben])
