"""The server app's own HTTP transport, watched: which paths a laptop's sync asks for, and the
answers of a server of an earlier release made on demand (sync tests on a real server)."""

from __future__ import annotations

import httpx

from fieldcase.protocol.version import HEADER_LISTS
from fieldcase.sync.lists import parse


class Watching(httpx.BaseTransport):
    """Notes each request's path. A server of an earlier release, on demand:
    `hide_versions` hides the hello's list header (sync/lists.py), `old_server` answers the hello as
    one that never heard of the first page (the hello's query left out); `refuse` answers one path
    with 404 (a list that failed to come)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.paths = inner, []
        self.hide_versions = False
        self.old_server = False
        self.refuse: str | None = None
        self.told: dict[str, str] = {}  # the versions the last hello named

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        if request.url.path == self.refuse:
            return httpx.Response(
                404, json={"error": {"code": "not_found", "message": "Not found."}}
            )
        if self.old_server and request.url.path == "/sync/hello":
            request = httpx.Request(
                request.method,
                request.url.copy_with(query=None),
                headers=request.headers,
                content=request.content,
            )
        answer = self.inner.handle_request(request)
        if request.url.path == "/sync/hello":
            self.told = parse(answer.headers.get(HEADER_LISTS))
        if self.hide_versions and HEADER_LISTS in answer.headers:
            del answer.headers[HEADER_LISTS]
        return answer

    def asked(self) -> list[str]:
        """The paths asked for since the last call, in order."""
        paths, self.paths = self.paths, []
        return paths
