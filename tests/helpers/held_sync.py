"""A sync held mid-way (issue #5 tests): the server app's own HTTP transport, stopping the sync at
a chosen pull page until the test releases it — between two page applies, where a real sync waits
on the network — and the engine options that send the production sync through it."""

from __future__ import annotations

import random
import threading
from typing import Any

import httpx

from fieldcase.sync.transport import RetryPolicy


def asks_for_a_page(request: httpx.Request) -> bool:
    """A request for a pull page: `GET /sync/changes`, or the hello that asks for the first page
    with its answer (docs/design/sync.md, wire protocol step 1)."""
    path = request.url.path
    return path == "/sync/changes" or (path == "/sync/hello" and "pull_limit" in request.url.params)


class Held(httpx.BaseTransport):
    """Holds the `at`-th request for a pull page (so the pages before it are applied) until
    `release` is set; `held` is set while it waits (`asks_for_a_page` says which requests count)."""

    def __init__(self, inner: httpx.BaseTransport, at: int = 2) -> None:
        self.inner = inner
        self.at = at
        self.pages = 0
        self.held = threading.Event()
        self.release = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if asks_for_a_page(request):
            self.pages += 1
            if self.pages == self.at:
                self.held.set()
                assert self.release.wait(60), "the test never released the sync"
        return self.inner.handle_request(request)


def engine_options(transport: httpx.BaseTransport, **kw: Any) -> dict[str, Any]:
    """The sync engine over `transport`, retrying fast and never sleeping for real."""
    made: dict[str, Any] = dict(
        http_transport=transport,
        sleep=lambda _s: None,
        rng=random.Random(0),
        retry=RetryPolicy(attempts=3, base_seconds=0.01, cap_seconds=0.02),
    )
    made.update(kw)
    return made
