"""How many requests one server process works on at once (issue 19, "200 laptops at once").

Why: a route's work runs on the thread pool (40 threads) and takes its database connections from
a pool a few times smaller (`db_pool`). When more requests arrive than the pool holds, the threads
all wait for a connection, and a request that already holds one (taken by a dependency such as
`CallerInRead`) waits for a thread to run its route on: nobody gives anything back until the
pool's 30 s timeout, and every one of those requests answered 500. A burst of 200 laptops at once
did that to most of its requests (bench/server_sync.py --devices 200: 0.1 syncs/s, 440 errors).

So a request enters only when a slot is free: at most `slots` at once, as many as the read pool's
connections, so a request inside never waits for a connection for long. The others wait here, on
the event loop (no thread, no connection), first come first served. One that cannot get a slot
within `wait` seconds is answered 503 with Retry-After, which the laptop's sync honours
(sync/transport.py) — an answer it can act on, where it got a 500 after 30 s.

It sits inside LimitsMiddleware: a request's body is read (at the client's pace) before it takes
a slot, so a slow upload holds no slot; its audit rows are written after it leaves one.
"""

from __future__ import annotations

import json
from typing import Any

import anyio

from fieldcase.server.apierrors import server_busy


class AdmissionMiddleware:
    def __init__(self, app: Any, *, slots: int, wait: float) -> None:
        self.app, self.slots, self.wait = app, max(1, slots), wait
        self._gate: anyio.Semaphore | None = None  # made on the event loop, at the first request

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._gate is None:
            self._gate = anyio.Semaphore(self.slots)  # FIFO: the longest waiting enters first
        gate = self._gate
        admitted = False
        with anyio.move_on_after(self.wait):
            await gate.acquire()  # cancelled while waiting, it takes no slot
            admitted = True
        if not admitted:
            await _busy(send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            gate.release()


async def _busy(send: Any) -> None:
    """The protocol's 503 (apierrors.server_busy), sent from here: this runs outside FastAPI."""
    error = server_busy()
    body = json.dumps(error.body()).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(error.extra["retry_after"]).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
