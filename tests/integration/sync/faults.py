"""A fault-injecting HTTP transport, driven by a seed: the same seed gives the same faults.

Wraps the server app's in-process transport. Faults: drop the request (never reaches the server),
drop the response after the server committed, duplicate the request, delay (a no-op here: time is
not what the engine depends on), reorder (an earlier request is replayed before this one — a stale
retry arriving late), truncate the answer, 5xx before or after the server did the work.
`only` aims the faults at some paths (e.g. "/blobs": the photo's upload breaks after the visit that
names it was pushed).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import httpx

KINDS = (
    "drop_request",
    "drop_response",
    "duplicate",
    "delay",
    "reorder",
    "truncate",
    "5xx_before",
    "5xx_after",
)


def _copy(request: httpx.Request) -> httpx.Request:
    return httpx.Request(
        request.method, request.url, headers=request.headers, content=request.read()
    )


@dataclass
class FaultyTransport(httpx.BaseTransport):
    inner: httpx.BaseTransport
    seed: int = 0
    rate: float = 0.3
    kinds: tuple[str, ...] = KINDS
    #: paths never faulted (none: a lost /auth/refresh answer is retried within the server's grace window)
    exempt: tuple[str, ...] = ()
    #: when given, only requests to these paths are faulted
    only: tuple[str, ...] = ()
    enabled: bool = True
    injected: list[str] = field(default_factory=list)
    _history: list[httpx.Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def _pass(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        exempt = bool(self.exempt) and request.url.path.startswith(self.exempt)
        exempt = exempt or (bool(self.only) and not request.url.path.startswith(self.only))
        if request.method != "GET" and not exempt:
            self._history = (self._history + [_copy(request)])[-20:]
        if not self.enabled or exempt or self.rng.random() >= self.rate:
            return self._pass(request)
        kind = self.rng.choice(self.kinds)
        self.injected.append(kind)
        if kind == "drop_request":
            raise httpx.ConnectError("injected: request dropped", request=request)
        if kind == "drop_response":
            self._pass(request)
            raise httpx.ReadTimeout("injected: response dropped", request=request)
        if kind == "duplicate":
            self._pass(_copy(request))
            return self._pass(request)
        if kind == "reorder" and len(self._history) > 1:
            self._pass(_copy(self.rng.choice(self._history[:-1])))
            return self._pass(request)
        if kind == "truncate":
            response = self._pass(request)
            body = response.content
            return httpx.Response(
                response.status_code,
                headers={"content-type": "application/json"},
                content=body[: len(body) // 2],
                request=request,
            )
        if kind == "5xx_before":
            return httpx.Response(
                503, json={"error": {"code": "unavailable", "message": "injected"}}, request=request
            )
        if kind == "5xx_after":
            self._pass(request)
            return httpx.Response(
                500,
                json={"error": {"code": "server_error", "message": "injected"}},
                request=request,
            )
        return self._pass(request)  # delay (and reorder with nothing to replay)
