"""A sync reuses the app session's HTTP client (issue 19 item 4): every sync used to build a new
client, TLS context and connection (~30 ms). Against a real local HTTP/1.1 server: consecutive and
concurrent syncs (threads) share one client and its kept-alive connections; a test's own transport,
or another server or CA bundle, gets its own; no cookie is kept between sign-ins."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from fieldcase.sync import transport as transport_module
from fieldcase.sync.transport import RetryPolicy, Transport, close_shared_clients


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    connections: ClassVar[set[tuple[str, int]]] = set()

    def do_GET(self) -> None:  # (http.server's name)
        _Handler.connections.add(self.client_address)
        body = b'{"status":"ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "session=someone; Path=/")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    _Handler.connections = set()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    close_shared_clients()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        close_shared_clients()
        server.shutdown()
        server.server_close()


def _sync(url: str) -> None:
    """What one sync does with its transport: make it, use it, close it."""
    with Transport(url, retry=RetryPolicy(attempts=1)) as transport:
        for _ in range(3):
            status, _headers, _body = transport.send("GET", "/health")
            assert status == 200


def test_consecutive_syncs_share_one_client_and_connection(local_server: str) -> None:
    first, second = Transport(local_server), Transport(local_server)
    assert first._client is second._client  # one pool and one TLS context for the app session
    _sync(local_server)
    _sync(local_server)
    assert len(_Handler.connections) == 1  # the second sync reused the kept-alive connection
    assert (
        not first._client.cookies
    )  # a Set-Cookie is never kept (nothing of one user for the next)


def test_syncs_in_several_threads_share_the_client_safely(local_server: str) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(5):
                _sync(local_server)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert len(transport_module._clients) == 1
    assert len(_Handler.connections) <= 6  # at most one connection per thread at a time, reused


def test_another_server_bundle_or_injected_transport_gets_its_own_client(
    local_server: str, tmp_path
) -> None:
    import httpx

    shared = Transport(local_server)._client
    assert Transport(local_server.replace("127.0.0.1", "localhost"))._client is not shared
    injected = Transport(
        local_server, http_transport=httpx.MockTransport(lambda request: httpx.Response(200))
    )
    assert injected._client is not shared
    injected.close()
    assert not shared.is_closed  # closing one sync's transport never closes the shared client
