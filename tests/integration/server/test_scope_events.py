"""Scope changes are sync events: a grant brings the whole case, a revoke tells the laptop to purge;
a restored server (new epoch) or a cursor older than the tombstone horizon answers 410."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from fieldcase.domain.ids import new_id
from fieldcase.server import admin
from fieldcase.server.models import ServerState, utcnow


def test_reassignment_revokes_and_grants_the_whole_case(server):
    server.make_user("ana")
    server.make_user("ben")
    case = server.make_case("ana")
    old_records = [
        server.add_record("person", case, {"role": "child", "given_name": "Vopim"})
        for _ in range(3)
    ]
    ana, ben = server.device("ana"), server.device("ben")
    ana.pull_all()
    ben.pull_all()
    assert case in ana.cases and case not in ben.cases

    admin.assign_case(server.db, case, "ben")  # ana's primary assignment ends
    admin.unassign_case(server.db, case, "ana")
    ana.pull_all()
    assert case not in ana.cases and not ana.held
    seen = ben.pull_all()
    assert case in ben.cases
    assert set(old_records) <= {c["record_id"] for c in seen}  # old records arrive with the grant


def test_covering_worker_has_access_only_within_dates(server):
    server.make_user("ana")
    server.make_user("cal")
    case = server.make_case("ana")
    today = utcnow().date()
    admin.assign_case(
        server.db,
        case,
        "cal",
        role="covering",
        starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=9),
    )
    cal = server.device("cal")
    cal.pull_all()
    assert case not in cal.cases
    admin.assign_case(
        server.db, case, "cal", role="covering", starts_on=today - timedelta(days=1), ends_on=today
    )
    cal.pull_all()
    assert case in cal.cases


def test_late_work_on_a_lost_case_is_accepted_within_grace(server):
    server.make_user("ana")
    server.make_user("ben")
    case = server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    admin.assign_case(server.db, case, "ben")
    admin.unassign_case(server.db, case, "ana")
    ana.pull_all()  # revoke event
    [r] = ana.push_ok(
        ana.mutation(
            "create",
            "home_visit",
            new_id(),
            fields={"case_id": case, "observations": "written before the move"},
        )
    )
    assert r["result"] == "applied"


def test_new_epoch_means_resync(server):
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    admin.new_epoch(server.db)
    response = ana.pull()
    assert response.status_code == 410 and response.json()["error"]["code"] == "resync_required"
    assert ana.pull(cursor=None).status_code == 200


def test_cursor_older_than_the_horizon_means_resync(server):
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    old = ana.cursor
    server.make_case("ana")
    with server.db.write() as session:
        session.execute(update(ServerState).values(horizon_seq=10_000))
    assert ana.pull(cursor=old).status_code == 410
    assert ana.pull(cursor="garbage!").status_code == 422


def test_late_work_after_the_grace_period_goes_to_the_supervisor_not_the_bin(server_factory):
    server = server_factory(grace_period=timedelta(0))
    server.make_user("ana")
    server.make_user("ben")
    case = server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    admin.assign_case(server.db, case, "ben")
    admin.unassign_case(server.db, case, "ana")
    ana.pull_all()
    [r] = ana.push_ok(ana.mutation("create", "home_visit", new_id(), fields={"case_id": case}))
    assert r["result"] == "deferred" and r["code"] == "case_reassigned"
    from sqlalchemy import select

    from fieldcase.server.models import Quarantine

    with server.db.read() as session:
        assert session.execute(select(Quarantine.code)).scalars().all() == ["case_reassigned"]
