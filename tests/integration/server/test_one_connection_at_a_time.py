"""A request holds at most one pooled read connection at a time (issue 19 item 2). A pull whose
caseload had changed held its read snapshot while it recorded the change and opened a second one
for the page; with 50 such pulls at once on one worker (new laptops, or caseloads an import had
just changed) every pooled connection was held by a request waiting for a second, and they all
answered 500 after the pool's 30 s timeout (bench/server_sync.py --hosts, 1 worker).

Here the read pool is one connection with a short timeout: a request that needs a second one
while holding the first fails at once, whatever the machine's speed."""

from __future__ import annotations

from sqlalchemy.pool import QueuePool

from fieldcase.domain.ids import new_id
from fieldcase.server import admin


def _one_read_connection(db) -> None:  # type: ignore[no-untyped-def]
    pool = db.read_engine.pool
    db.read_engine.pool = QueuePool(
        pool._creator,
        pool_size=1,
        max_overflow=0,
        timeout=2,
        recycle=pool._recycle,
        pre_ping=pool._pre_ping,
        reset_on_return=pool._reset_on_return,
        _dispatch=pool.dispatch,
        dialect=pool._dialect,
    )
    pool.dispose()


def test_a_whole_sync_needs_one_read_connection_at_a_time(server):
    server.make_user("ana")
    first = server.make_case("ana")
    server.add_record("person", first, {"role": "child", "given_name": "Vopim"})
    ana = server.device("ana")
    ana.pull_all()
    _one_read_connection(server.db)

    admin.assign_case(
        server.db, server.make_case(), "ana"
    )  # her caseload changed since her last sync
    for path in ("/health", "/directory", "/providers", "/instruments"):
        assert ana.get(path).status_code == 200, path
    assert ana.hello().status_code == 200
    page = ana.pull()
    assert page.status_code == 200, page.text[:200]
    assert [e["event"] for e in page.json()["scope_events"]] == ["grant"]
    assert ana.pull().status_code == 200  # settled now: read from the first snapshot
    visit = ana.mutation(
        "create",
        "home_visit",
        new_id(),
        fields={"case_id": first, "observations": "Synthetic note."},
    )
    assert [r["result"] for r in ana.push_ok(visit)] == ["applied"]
