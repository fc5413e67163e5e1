"""More requests at once than the server has database connections (issue 19: 200 laptops at once).

A route runs on the thread pool (40 threads); `CallerInRead` takes its read connection in a
dependency, before the route has a thread. With more requests than connections, every thread
waited for a connection while the requests holding the connections waited for a thread: nothing
moved until the pool's timeout, and the requests answered 500 (bench/server_sync.py --devices
200: 440 of them). Now a process works on at most `concurrent_requests` (default `db_pool`) at
once and the rest wait their turn on the event loop (server/admission.py); one that waits too
long is answered 503 with Retry-After, never 500.

Here the read pool is one connection with a 2 s timeout (as in test_one_connection_at_a_time.py),
so the old code fails at once whatever the machine's speed."""

from __future__ import annotations

import asyncio
import json

import httpx

from fieldcase.server.admission import AdmissionMiddleware

from .test_one_connection_at_a_time import _one_read_connection


def _many_at_once(app, requests):  # type: ignore[no-untyped-def]
    async def go():  # type: ignore[no-untyped-def]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await asyncio.gather(
                *(client.get(path, headers=headers) for path, headers in requests)
            )

    return asyncio.run(go())


def test_sixty_requests_at_once_on_one_connection_all_answer(server_factory, server_backend):
    server = server_factory(server_backend, db_pool=1)
    for name in ("ana", "ben", "cy"):
        server.make_user(name)
        server.make_case(name)
    laptops = [server.device(name) for name in ("ana", "ben", "cy")]
    _one_read_connection(server.db)
    requests = [
        (path, laptop.headers)
        for _ in range(10)
        for laptop in laptops
        for path in ("/directory", "/health")
    ]
    answers = _many_at_once(server.app, requests)
    assert sorted({a.status_code for a in answers}) == [200], [
        (a.status_code, a.text[:120]) for a in answers if a.status_code != 200
    ][:3]


def test_a_request_that_waits_too_long_for_its_turn_is_told_to_retry():
    """At most `slots` at once; the one that finds no slot within `wait` gets 503 + Retry-After."""
    release = asyncio.Event()
    entered: list[str] = []

    async def slow_app(scope, receive, send):  # type: ignore[no-untyped-def]
        entered.append(scope["path"])
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    gate = AdmissionMiddleware(slow_app, slots=1, wait=0.2)

    async def go():  # type: ignore[no-untyped-def]
        transport = httpx.ASGITransport(app=gate)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            first = asyncio.create_task(client.get("/first"))
            await asyncio.sleep(0.05)
            second = await client.get("/second")  # the slot is held: waits 0.2 s, then 503
            release.set()
            return await first, second

    first, second = asyncio.run(go())
    assert entered == ["/first"]  # the refused request never reached the route
    assert first.status_code == 200
    assert second.status_code == 503
    assert second.headers["retry-after"] == "2"
    assert json.loads(second.text)["error"]["code"] == "server_busy"


def test_with_more_slots_than_connections_an_exhausted_pool_answers_503_never_500(
    server_factory, server_backend
):
    """Admission set above the pool (an agency's misconfiguration): requests that find no
    connection within the pool's wait are told to retry, never answered 500."""
    server = server_factory(server_backend, db_pool=1, limits={"concurrent_requests": 200})
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    _one_read_connection(server.db)
    answers = _many_at_once(server.app, [("/directory", ana.headers)] * 60)
    statuses = {a.status_code for a in answers}
    assert 500 not in statuses, statuses
    assert 503 in statuses and statuses <= {200, 503}, (
        statuses
    )  # the deadlock happens: some wait out the pool
    for refused in (a for a in answers if a.status_code == 503):
        assert refused.headers["retry-after"] == "2"
        assert refused.json()["error"]["code"] == "server_busy"
