"""A hello that asks for it (`?pull_limit=N[&pull_cursor=C]`) brings the first page of changes:
exactly what `GET /sync/changes` answers for that cursor, read in the hello's own snapshot, so that
a sync with nothing new is one request. It leaves the page to that route whenever the route has
more to do or say: a caseload to reconcile first, a cursor to refuse. A laptop that does not ask
gets the hello it always got."""

from __future__ import annotations

from typing import Any

from fieldcase.server import admin

from .test_logs import CANARY


def _hello_page(device: Any, limit: int = 500, cursor: str | None = None) -> Any:
    params: dict[str, Any] = {"pull_limit": limit}
    if cursor:
        params["pull_cursor"] = cursor
    body = {"protocol_version": 1, "schema_version": 1, "client_time": "2026-12-08T10:00:00Z"}
    return device.post("/sync/hello", body, params=params)


def _without_time(page: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in page.items() if k != "server_time"}


def test_the_first_page_is_what_the_changes_route_answers(server):
    server.make_user("ana")
    case = server.make_case("ana")
    for i in range(5):
        server.add_record("person", case, {"role": "child", "given_name": f"Child{i}"})
    ana = server.device("ana")
    ana.pull(limit=2)  # the caseload reconciled (a grant), as at the laptop's first sync
    first = _hello_page(ana, limit=3)
    assert first.status_code == 200, first.text
    page = first.json()["first_page"]
    assert page is not None and page["has_more"]
    assert len(page["changes"]) + len(page["scope_events"]) == 3  # the grant, then its records
    assert _without_time(page) == _without_time(ana.pull(limit=3, cursor=None).json())
    # from a cursor: the next page, the same as the route's
    after = _hello_page(ana, limit=3, cursor=page["next_cursor"]).json()["first_page"]
    assert _without_time(after) == _without_time(
        ana.pull(limit=3, cursor=page["next_cursor"]).json()
    )
    # nothing new: an empty last page, which ends the laptop's pull
    ana.pull_all()
    empty = _hello_page(ana, cursor=ana.cursor).json()["first_page"]
    assert empty["changes"] == [] and empty["scope_events"] == [] and not empty["has_more"]
    assert server.audit_rows(action="pull")  # the page served is audited as a pull is


def test_a_laptop_that_does_not_ask_gets_the_hello_it_always_got(server):
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    answer = ana.hello()
    assert answer.status_code == 200 and "first_page" not in answer.json()
    assert set(answer.json()) >= {"server_time", "epoch", "device_state", "approval_required"}


def test_a_page_is_left_to_the_changes_route_when_the_caseload_changed(server):
    server.make_user("ana")
    server.make_user("ben")
    case = server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    admin.assign_case(server.db, case, "ben")
    admin.unassign_case(server.db, case, "ana")
    answer = _hello_page(ana, cursor=ana.cursor)
    assert answer.status_code == 200 and answer.json()["first_page"] is None
    ana.pull_all()  # the route reconciles: the revoke arrives
    assert case not in ana.cases


def test_a_refused_cursor_leaves_the_refusal_to_the_changes_route(server):
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    old = ana.cursor
    admin.new_epoch(server.db)
    answer = _hello_page(ana, cursor=old)
    assert answer.status_code == 200 and answer.json()["first_page"] is None
    assert ana.pull(cursor=old).status_code == 410
    garbage = _hello_page(ana, cursor="bm90LWEtY3Vyc29y")
    assert garbage.status_code == 200 and garbage.json()["first_page"] is None
    assert ana.pull(cursor="bm90LWEtY3Vyc29y").status_code == 422
    # a cursor that breaks the route's own rules is refused like there, without echoing it
    hostile = _hello_page(ana, cursor=CANARY + "/../")
    assert hostile.status_code == 422 and CANARY not in hostile.text


def test_a_laptop_told_to_wipe_gets_no_page(server):
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    ana.pull_all()
    assert _hello_page(ana, cursor=ana.cursor).json()["first_page"] is not None
    admin.set_device_state(server.db, ana.device_id, "wipe")
    answer = _hello_page(ana, cursor=ana.cursor)
    assert answer.status_code == 200, answer.text
    assert "wipe" in answer.json()["actions"] and answer.json()["first_page"] is None


def test_a_laptop_cannot_ask_for_more_than_the_servers_largest_page(server_factory, server_backend):
    server = server_factory(server_backend, limits={"max_page": 3})
    server.make_user("ana")
    case = server.make_case("ana")
    for i in range(6):
        server.add_record("person", case, {"role": "child", "given_name": f"Child{i}"})
    ana = server.device("ana")
    ana.pull(limit=1)  # the caseload reconciled
    page = _hello_page(ana, limit=10**12).json()["first_page"]
    assert len(page["changes"]) + len(page["scope_events"]) == 3 and page["has_more"]
    assert _hello_page(ana, limit=0).status_code == 422
