"""A mutation that names the conflicts it settles (`Mutation.resolves`) makes the server mark them
resolved — who, when, with which mutation — and re-issue the record so every laptop's next pull
carries it without them. On SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from fieldcase.domain.ids import new_id
from fieldcase.server.models import AuditLog, Conflict


def _conflict(server):
    server.make_user("ana")
    server.make_user("ben")
    case = server.make_case("ana")
    from fieldcase.server import admin

    admin.assign_case(server.db, case, "ben", role="covering")
    ana, ben = server.device("ana"), server.device("ben")
    visit = new_id()
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", visit, fields={"case_id": case, "observations": "start"}
        )
    )
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "start", "new": "Ana's"}},
        )
    )
    [r] = ben.push_ok(
        ben.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "start", "new": "Ben's"}},
        )
    )
    assert r["result"] == "conflict"
    return ana, ben, visit, r["conflicts"][0]["conflict_id"]


def _row(server, conflict_id):
    with server.db.read() as session:
        return session.get(Conflict, conflict_id)


def test_the_resolving_mutation_marks_the_conflict_resolved_and_the_next_pull_has_it_no_more(
    server,
):
    ana, ben, visit, conflict_id = _conflict(server)
    ana.pull_all()
    assert ana.held[visit]["conflicts"][0]["conflict_id"] == conflict_id
    resolving = ben.mutation(
        "patch",
        "home_visit",
        visit,
        base_rev=2,
        patch={"observations": {"base": "Ana's", "new": "Both"}},
        resolves=[conflict_id],
    )
    [r] = ben.push_ok(resolving)
    assert r["result"] == "applied"
    row = _row(server, conflict_id)
    assert row.resolved and row.resolved_by == ben.user_id and row.resolved_at is not None
    assert row.resolved_mutation_id == resolving["mutation_id"]
    assert server.audit_rows(action="conflict_resolved", target_id=conflict_id)
    [again] = ana.pull_all()  # Ana's laptop gets the record again, without the conflict
    assert (
        again["record_id"] == visit
        and again["conflicts"] == []
        and again["body"]["observations"] == "Both"
    )
    assert ben.get(f"/records/{visit}").json()["conflicts"] == []
    # a replay of the same push settles nothing twice and changes nothing
    [dup] = ben.push_ok(resolving)
    assert dup["result"] == "duplicate"
    assert len(server.audit_rows(action="conflict_resolved", target_id=conflict_id)) == 1
    assert ana.pull_all() == []


def test_keeping_their_value_settles_the_conflict_without_a_new_revision(server):
    ana, ben, visit, conflict_id = _conflict(server)
    ana.pull_all()
    rev = ana.held[visit]["rev"]
    [r] = ben.push_ok(
        ben.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=rev,
            patch={"observations": {"base": "Ana's", "new": "Ana's"}},
            resolves=[conflict_id],
        )
    )
    assert r["result"] == "applied" and r["rev"] == rev
    assert _row(server, conflict_id).resolved
    [again] = ana.pull_all()
    assert (
        again["rev"] == rev
        and again["conflicts"] == []
        and again["body"]["observations"] == "Ana's"
    )


def test_a_mutation_settles_only_conflicts_of_its_own_record_and_only_when_it_reached_the_server(
    server,
):
    ana, ben, visit, conflict_id = _conflict(server)
    other = new_id()
    case = ana.get(f"/records/{visit}").json()["case_id"]
    # on another record
    ben.push_ok(
        ben.mutation(
            "create", "home_visit", other, fields={"case_id": case}, resolves=[conflict_id]
        )
    )
    # refused (an unknown field)
    [refused] = ben.push_ok(
        ben.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=2,
            patch={"no_such_field": {"base": 1, "new": 2}},
            resolves=[conflict_id],
        )
    )
    assert refused["result"] == "rejected"
    assert not _row(server, conflict_id).resolved
    # from a laptop that cannot see the case: not found, nothing settled
    server.make_user("eve")
    eve = server.device("eve")
    [denied] = eve.push_ok(
        eve.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=2,
            patch={"observations": {"base": "Ana's", "new": "x"}},
            resolves=[conflict_id],
        )
    )
    assert denied["result"] == "rejected" and not _row(server, conflict_id).resolved
    with server.db.read() as session:
        assert (
            session.execute(select(AuditLog).where(AuditLog.action == "conflict_resolved")).first()
            is None
        )


def test_resolves_must_name_conflict_ids(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    bad = ana.push(
        ana.mutation(
            "create", "home_visit", new_id(), fields={"case_id": case}, resolves=["not-an-id"]
        )
    )
    [result] = bad.json()["results"]  # refused alone, saying where
    assert (
        result["result"] == "rejected"
        and result["code"] == "invalid_value"
        and "resolves" in result["reason"]
    )
