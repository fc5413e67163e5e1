"""One JSON log line per request (docs/server.md "Logs"): method, the route's path *template*
(`/records/{record_id}`, never the path with its ids or the query string with its cursor), status,
duration and a request id — never bodies, headers or tokens.

The request id is the caller's `X-Request-ID` when it looks like one (letters, digits, dashes), else
a new one; it is answered in `X-Request-ID` and written on every log line made while the request
is served (fieldcase.logs.request_id), so a caseworker's "it failed at 10:42" can be found.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from fieldcase.logs import Safe, request_id

log = logging.getLogger("fieldcase.server.requests")

_GOOD_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def _incoming_id(scope: dict) -> str:
    for name, value in scope.get("headers") or ():
        if name == b"x-request-id":
            text = value.decode("latin-1")
            if _GOOD_ID.fullmatch(text):
                return text
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Pure ASGI (no body buffering): wraps `send` to see the status, reads the matched route from
    the scope after the app has routed the request."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = _incoming_id(scope)
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: dict) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        (b"x-request-id", rid.encode("ascii")),
                    ],
                }
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "(no route)"
            log.info(
                "%s %s answered %d",
                Safe(scope.get("method", "?")),
                Safe(template),
                status,
                extra={
                    "status": status,
                    "path": Safe(template),
                    "method": Safe(scope.get("method", "?")),
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            request_id.reset(token)
