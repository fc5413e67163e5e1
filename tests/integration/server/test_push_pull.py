"""Push and pull through the real app: results, merge rules, replay, paging, scope events."""

from __future__ import annotations

from fieldcase.domain.ids import new_id


def _setup(server):
    team = server.make_team()
    server.make_user("sup", role="supervisor")
    server.make_user("ana", team=team)
    server.make_user("ben", team=team)
    from fieldcase.server import admin

    admin.set_supervisor(server.db, team, "sup")
    case = server.make_case("ana")
    return case


def _visit(device, case_id, record_id=None, **fields):
    return device.mutation(
        "create", "home_visit", record_id or new_id(), fields={"case_id": case_id, **fields}
    )


def test_create_then_pull_returns_the_record_with_its_origin(server):
    case = _setup(server)
    ana = server.device("ana")
    m = _visit(ana, case, observations="first")
    [result] = ana.push_ok(m)
    assert result["result"] == "applied" and result["rev"] == 1 and result["seq"] > 0
    changes = ana.pull_all()
    kinds = {c["record_kind"] for c in changes}
    assert kinds == {"case", "home_visit"}
    visit = ana.held[m["record_id"]]
    assert (
        visit["origin_mutation_id"] == m["mutation_id"]
        and visit["origin_device_id"] == ana.device_id
    )
    assert visit["body"]["observations"] == "first" and visit["status"] == "draft"
    assert visit["body"]["created_by"] == ana.user_id
    assert case in ana.cases


def test_replayed_push_has_one_effect(server):
    case = _setup(server)
    ana = server.device("ana")
    record = new_id()
    create = _visit(ana, case, record)
    patch = ana.mutation(
        "patch", "home_visit", record, base_rev=1, patch={"observations": {"base": "", "new": "x"}}
    )
    batch = str(__import__("uuid").uuid4())
    first = ana.push(create, patch, batch_id=batch).json()["results"]
    for _ in range(3):
        again = ana.push(create, patch, batch_id=batch).json()["results"]
        assert [r["result"] for r in again] == ["duplicate", "duplicate"]
        assert [r["rev"] for r in again] == [r["rev"] for r in first]
    assert server.client.get(f"/records/{record}", headers=ana.headers).json()["rev"] == 2
    from sqlalchemy import func, select

    from fieldcase.server.models import ChangeLog, MutationLedger

    with server.db.read() as session:
        assert session.execute(select(func.count()).select_from(MutationLedger)).scalar_one() == 2
        assert (
            session.execute(
                select(func.count()).select_from(ChangeLog).where(ChangeLog.record_id == record)
            ).scalar_one()
            == 2
        )


def test_same_field_conflict_keeps_both_values_and_narrative_is_never_merged(server):
    case = _setup(server)
    ana = server.device("ana")
    ana2 = server.device("ana")
    record = new_id()
    ana.push_ok(_visit(ana, case, record, observations="start", home_conditions="clean"))
    [r1] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=1,
            patch={"observations": {"base": "start", "new": "laptop one"}},
        )
    )
    assert r1["result"] == "applied"
    [r2] = ana2.push_ok(
        ana2.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=1,
            patch={
                "observations": {"base": "start", "new": "laptop two"},
                "home_conditions": {"base": "clean", "new": "tidy"},
            },
        )
    )
    assert r2["result"] == "conflict"
    [conflict] = r2["conflicts"]
    assert conflict["field"] == "observations" and conflict["narrative"] is True
    assert conflict["server_value"] == "laptop one" and conflict["client_value"] == "laptop two"
    view = ana.get(f"/records/{record}").json()
    assert view["body"]["observations"] == "laptop one"  # kept, not merged
    assert view["body"]["home_conditions"] == "tidy"  # the other field merged
    assert view["conflicts"][0]["client_value"] == "laptop two"


def test_patch_of_server_owned_fields_is_refused(server):
    case = _setup(server)
    ana = server.device("ana")
    record = new_id()
    for fields in ({"status": "approved"}, {"approved_by": ana.user_id}, {"rev": 9}):
        [r] = ana.push_ok(_visit(ana, case, new_id(), **fields))
        assert r["result"] == "rejected" and r["code"] == "server_owned_field"
    ana.push_ok(_visit(ana, case, record))
    other_case = server.make_case("ben")
    for patch in (
        {"status": {"base": "draft", "new": "approved"}},
        {"approved_by": {"base": None, "new": ana.user_id}},
        {"case_id": {"base": case, "new": other_case}},
    ):
        [r] = ana.push_ok(ana.mutation("patch", "home_visit", record, base_rev=1, patch=patch))
        assert r["result"] == "rejected" and r["code"] == "server_owned_field", r
    assert ana.get(f"/records/{record}").json()["status"] == "draft"


def test_paging_returns_everything_exactly_once(server):
    case = _setup(server)
    ana = server.device("ana")
    ids = [new_id() for _ in range(23)]
    ana.push_ok(*[_visit(ana, case, rid) for rid in ids])
    seen = ana.pull_all(limit=5)
    visit_ids = [c["record_id"] for c in seen if c["record_kind"] == "home_visit"]
    assert sorted(visit_ids) == sorted(ids)
    assert len(visit_ids) == len(set(visit_ids))
    assert ana.pull_all(limit=5) == []  # nothing new


def test_unknown_fields_in_requests_are_refused(server):
    _setup(server)
    ana = server.device("ana")
    response = ana.post(
        "/sync/push", {"batch_id": str(__import__("uuid").uuid4()), "mutations": [], "sneaky": 1}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"
