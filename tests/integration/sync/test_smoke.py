from __future__ import annotations

from helpers.store import a_visit


def test_a_visit_reaches_the_other_laptop(sqlite_world):
    ana = sqlite_world.laptop("ana")
    ben = sqlite_world.laptop("ben")
    report = ana.sync()
    assert report.outcome == "ok"
    assert ana.store.get(sqlite_world.case_id).kind == "case"
    visit = a_visit(sqlite_world.case_id, sqlite_world.child_id)
    ana.store.save(visit)
    report = ana.sync()
    assert report.acked == 1, report
    ben.sync()
    got = ben.store.get(visit.id)
    assert got.body["observations"] == visit.observations
    assert got.rev == 1
