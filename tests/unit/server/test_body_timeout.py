"""The request-limits middleware bounds the time to receive a body (issue 16, item 7), whatever ASGI
server runs the app: a stalled body is answered 408 with Connection: close, a prompt one goes through."""

from __future__ import annotations

import anyio

from fieldcase.server.config import Limits
from fieldcase.server.limits import LimitsMiddleware

SCOPE = {
    "type": "http",
    "method": "POST",
    "path": "/sync/push",
    "headers": [(b"content-type", b"application/json")],
}


async def _run(receive) -> tuple[list[dict], list[bytes]]:
    reached: list[bytes] = []

    async def app(scope, receive_, send):
        reached.append((await receive_())["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    middleware = LimitsMiddleware(app, limits=Limits(body_timeout=0.3), db=None)
    await middleware(dict(SCOPE), receive, send)
    return sent, reached


def test_a_stalled_body_is_answered_408_and_the_connection_closed():
    parts = iter([{"type": "http.request", "body": b'{"batch', "more_body": True}])

    async def receive() -> dict:
        try:
            return next(parts)
        except StopIteration:
            await anyio.sleep(3600)  # the client sent half and went quiet
            raise AssertionError from None

    sent, reached = anyio.run(_run, receive)
    assert sent[0]["status"] == 408 and (b"connection", b"close") in sent[0]["headers"]
    assert b"request_timeout" in sent[1]["body"] and reached == []


def test_a_prompt_body_reaches_the_handler():
    parts = iter(
        [
            {"type": "http.request", "body": b'{"a": ', "more_body": True},
            {"type": "http.request", "body": b"1}", "more_body": False},
        ]
    )

    async def receive() -> dict:
        return next(parts)

    sent, reached = anyio.run(_run, receive)
    assert sent[0]["status"] == 200 and reached == [b'{"a": 1}']
