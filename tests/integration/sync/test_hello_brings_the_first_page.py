"""A sync with nothing new is one request (issue 19: auto-sync all day from 2,000 laptops): the
hello asks for the first page of changes and the server brings it with the answer
(`HelloResponse.first_page`). On a real server, SQLite and PostgreSQL. Whatever the server leaves
out, the laptop asks `GET /sync/changes` as before: a server of an earlier release, a caseload to
reconcile, a cursor the server refuses."""

from __future__ import annotations

from typing import Any

from fieldcase.server import admin
from helpers.watching import Watching

from .promises import check_converged


def _laptop(world: Any, username: str = "ana") -> tuple[Any, Watching]:
    watching = Watching(world.harness.client._transport)
    return world.laptop(username, http_transport=watching), watching


def test_a_sync_with_nothing_new_is_one_request(world):
    ana, watching = _laptop(world)
    assert ana.sync().outcome == "ok"
    watching.asked()
    report = ana.sync()
    assert report.outcome == "ok" and report.pulled == 0
    assert watching.asked() == ["/sync/hello"]


def _one_new_record_pulled(world: Any, *, old_server: bool) -> list[str]:
    """The requests of a sync that brings one record added on the server since the last."""
    ana, watching = _laptop(world)
    watching.old_server = old_server
    ana.sync()
    watching.asked()
    world.harness.add_record(
        "person", world.case_id, {"role": "parent", "given_name": "Nuva", "family_name": "Page"}
    )
    report = ana.sync()
    assert report.outcome == "ok" and report.pulled == 1
    check_converged(world.harness.db, [ana])
    return watching.asked()


def test_what_came_since_comes_with_the_hello(world):
    assert _one_new_record_pulled(world, old_server=False) == ["/sync/hello"]


def test_a_server_of_an_earlier_release_is_asked_for_its_pages(world):
    assert _one_new_record_pulled(world, old_server=True) == ["/sync/hello", "/sync/changes"]


def test_a_changed_caseload_is_reconciled_by_the_changes_route(world):
    ana, watching = _laptop(world)
    ana.sync()
    other = world.harness.make_case("ana")
    watching.asked()
    report = ana.sync()  # the hello leaves the page: the new case must be granted first (a write)
    assert report.outcome == "ok" and watching.asked() == ["/sync/hello", "/sync/changes"]
    assert other in {row.id for row in ana.store.list(kind="case")}
    check_converged(world.harness.db, [ana])


def test_a_restored_server_is_downloaded_again_not_paged_from_the_old_cursor(world):
    ana, watching = _laptop(world)
    ana.sync()
    admin.new_epoch(world.harness.db)
    watching.asked()
    report = ana.sync()
    assert report.outcome == "ok" and report.resynced
    # the old cursor brings no page (another epoch's): the download starts again from the route
    asked = watching.asked()
    assert asked[0] == "/sync/hello" and "/sync/changes" in asked
    check_converged(world.harness.db, [ana])
