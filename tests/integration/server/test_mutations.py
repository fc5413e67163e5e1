"""Mutation kinds and outcomes that the other files do not cover: poison mutations, create
duplicates and conflicts, add/remove set semantics, purges."""

from __future__ import annotations

from fieldcase.domain.ids import new_id
from fieldcase.server import purges


def _ana(server):
    server.make_user("ana")
    case = server.make_case("ana")
    return server.device("ana"), case


def test_a_poison_mutation_never_blocks_the_others(server):
    ana, case = _ana(server)
    good1, good2 = new_id(), new_id()
    results = ana.push_ok(
        ana.mutation("create", "home_visit", good1, fields={"case_id": case}),
        ana.mutation(
            "create", "home_visit", new_id(), fields={"case_id": case, "no_such_field": 1}
        ),
        ana.mutation("create", "unicorn", new_id(), fields={"case_id": case}),
        ana.mutation("command", "home_visit", good1, command="fly"),
        ana.mutation("create", "home_visit", good2, fields={"case_id": case}),
    )
    assert [r["result"] for r in results] == [
        "applied",
        "rejected",
        "rejected",
        "rejected",
        "applied",
    ]
    assert all(r["reason"] for r in results if r["result"] == "rejected")


def test_create_replayed_with_same_content_is_duplicate_and_other_content_a_conflict(server):
    ana, case = _ana(server)
    record = new_id()
    ana.push_ok(
        ana.mutation("create", "home_visit", record, fields={"case_id": case, "observations": "a"})
    )
    [same] = ana.push_ok(
        ana.mutation("create", "home_visit", record, fields={"case_id": case, "observations": "a"})
    )
    assert same["result"] == "duplicate"
    [other] = ana.push_ok(
        ana.mutation("create", "home_visit", record, fields={"case_id": case, "observations": "b"})
    )
    assert other["result"] == "conflict" and other["conflicts"][0]["client_value"] == "b"
    assert ana.get(f"/records/{record}").json()["body"]["observations"] == "a"


def test_add_and_remove_have_set_semantics(server):
    ana, case = _ana(server)
    plan = new_id()
    ana.push_ok(ana.mutation("create", "visitation_plan", plan, fields={"case_id": case}))
    person = new_id()
    for _ in range(2):
        ana.push_ok(
            ana.mutation("add", "visitation_plan", plan, field="participants", element=person)
        )
    assert ana.get(f"/records/{plan}").json()["body"]["participants"] == [person]
    for _ in range(2):
        [r] = ana.push_ok(
            ana.mutation("remove", "visitation_plan", plan, field="participants", element=person)
        )
        assert r["result"] == "applied"
    assert ana.get(f"/records/{plan}").json()["body"]["participants"] == []


def test_purge_leaves_a_tombstone_and_later_edits_are_deferred(server):
    ana, case = _ana(server)
    record = new_id()
    ana.push_ok(
        ana.mutation("create", "home_visit", record, fields={"case_id": case, "observations": "x"})
    )
    ana.pull_all()
    purges.purge_record(server.db, record)
    [tomb] = ana.pull_all()
    assert tomb["record_id"] == record and tomb["deleted"] is True and tomb["body"] is None
    [r] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=1,
            patch={"observations": {"base": "x", "new": "y"}},
        )
    )
    assert r["result"] == "deferred" and r["code"] == "purged"
    from sqlalchemy import select

    from fieldcase.server.models import Quarantine

    with server.db.read() as session:
        assert session.execute(select(Quarantine.code)).scalars().all() == ["purged"]
