"""The next pull page is asked for while the current one is applied (sync/engine.py `_NextPage`):
the overlap is real, and a page asked ahead that is answered badly is dropped and asked again in
order by the sync, which then applies every page once, in order, and converges."""

from __future__ import annotations

import gc
import threading
from typing import Any

import httpx
import pytest

from fieldcase.protocol.sync import ChangesPage
from fieldcase.store.credentials import CredentialStore
from fieldcase.store.sync_apply import SyncStore
from helpers.held_sync import asks_for_a_page
from integration.sync.promises import check_converged

AHEAD_THREAD = "fieldcase-next-page"
PAGE = 4


class Recording(httpx.BaseTransport):
    """The server app's transport, noting every request for a pull page (`asks_for_a_page`: its
    cursor and who asked); `fail` answers the first request asked ahead with that status instead of
    passing it on."""

    def __init__(self, inner: httpx.BaseTransport, fail: int | None = None) -> None:
        self.inner = inner
        self.fail = fail
        self.pulls: list[tuple[str | None, bool]] = []  # (cursor, asked ahead)
        self.arrived = threading.Condition()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if asks_for_a_page(request):
            ahead = threading.current_thread().name == AHEAD_THREAD
            params = request.url.params
            with self.arrived:
                self.pulls.append((params.get("cursor", params.get("pull_cursor")), ahead))
                self.arrived.notify_all()
            if ahead and self.fail is not None:
                status, self.fail = self.fail, None
                code = "invalid_token" if status == 401 else "unavailable"
                return httpx.Response(status, json={"error": {"code": code, "message": "not now"}})
        return self.inner.handle_request(request)

    def wait_for_pulls(self, count: int, timeout: float) -> bool:
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.pulls) >= count, timeout=timeout)


def _add_people(world: Any, count: int) -> list[str]:
    return [
        world.harness.add_record(
            "person",
            world.case_id,
            {"role": "parent", "given_name": f"P{i}", "family_name": "Ahead"},
        )
        for i in range(count)
    ]


def _recording_applies(
    monkeypatch: pytest.MonkeyPatch, transport: Recording
) -> list[dict[str, Any]]:
    """Every page applied, and whether the request for the next one had reached the server before
    the apply ended (the apply waits for it a while, so the test does not depend on speed)."""
    applied: list[dict[str, Any]] = []
    original = SyncStore.apply_page

    def apply_page(self: SyncStore, page: dict[str, Any]) -> Any:
        # pulls of this sync so far: one per page applied before, this page's and (asked ahead) the next
        next_asked = (
            transport.wait_for_pulls(len(applied) + 2, timeout=10) if page["has_more"] else None
        )
        applied.append(
            {"cursor": self.state().cursor, "next": page["next_cursor"], "next_asked": next_asked}
        )
        return original(self, page)

    monkeypatch.setattr(SyncStore, "apply_page", apply_page)
    return applied


def test_the_next_page_is_asked_for_while_this_one_is_applied(sqlite_world, monkeypatch):
    world = sqlite_world
    ana = world.laptop("ana")
    assert ana.sync().outcome == "ok"
    people = _add_people(world, 3 * PAGE + 1)
    transport = Recording(ana.http_transport)
    applied = _recording_applies(monkeypatch, transport)

    report = ana.sync(http_transport=transport, page_size=PAGE)

    assert report.outcome == "ok" and report.pulled == len(people)
    assert [a["next_asked"] for a in applied] == [True, True, True, None]
    assert [cursor for cursor, _ahead in transport.pulls[1:]] == [a["next"] for a in applied[:-1]]
    assert [ahead for _cursor, ahead in transport.pulls] == [False, True, True, True]
    check_converged(world.harness.db, [ana])
    assert all(ana.store.get(person).kind == "person" for person in people)


@pytest.mark.parametrize("status", [503, 401], ids=["server-busy", "token-expired"])
def test_a_page_asked_ahead_and_answered_badly_is_asked_again_in_order(
    sqlite_world, monkeypatch, status
):
    world = sqlite_world
    ana = world.laptop("ana")
    assert ana.sync().outcome == "ok"
    people = _add_people(world, 2 * PAGE + 1)
    tokens_before = CredentialStore(ana.store).load().refresh_token
    transport = Recording(ana.http_transport, fail=status)
    applied = _recording_applies(monkeypatch, transport)

    report = ana.sync(http_transport=transport, page_size=PAGE)

    assert report.outcome == "ok" and report.pulled == len(people)
    # the refused request (page 2, asked ahead) went again from the sync itself, once, for the same cursor
    (first, _), (refused, was_ahead), (again, again_ahead) = transport.pulls[:3]
    assert was_ahead and not again_ahead and refused == again == applied[0]["next"]
    # every page applied once, each from where the one before ended
    assert [a["cursor"] for a in applied] == [first] + [a["next"] for a in applied[:-1]]
    # a refusal of a request asked ahead neither pauses the sync nor spends the refresh token
    after = CredentialStore(ana.store).load()
    assert after.paused_reason is None and after.refresh_token == tokens_before
    check_converged(world.harness.db, [ana])
    assert all(ana.store.get(person).kind == "person" for person in people)


def test_a_page_is_made_into_dicts_with_the_cyclic_collector_paused(sqlite_world, monkeypatch):
    # the wire page's dicts (model_dump) are tens of thousands of short-lived objects a page, as
    # the apply's are: made with the collector on, they set off collections of the whole heap
    world = sqlite_world
    ana = world.laptop("ana")
    assert ana.sync().outcome == "ok"
    people = _add_people(world, 2 * PAGE + 1)
    collector_on: list[bool] = []
    original = ChangesPage.model_dump

    def model_dump(self: ChangesPage, *args: Any, **kwargs: Any) -> Any:
        collector_on.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ChangesPage, "model_dump", model_dump)
    assert gc.isenabled()

    report = ana.sync(page_size=PAGE)

    assert report.outcome == "ok" and report.pulled == len(people)
    assert collector_on == [False, False, False]
    assert gc.isenabled()  # and on again after the sync
