"""Half-sent requests are dropped by the server itself (issue 16, item 7): a real `fieldcase-server run`
(uvicorn) with short bounds, raw sockets that send headers or a body too slowly, and ordinary
requests on the same server that are not affected."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from integration.conftest import free_port

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
SLACK = 2.5  # scheduling on a busy 2-core machine


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    folder = tmp_path_factory.mktemp("slow-clients")
    port = free_port()
    log = folder / "server.log"
    cmd = [
        sys.executable,
        "-m",
        "fieldcase.server.cli",
        "--db",
        str(folder / "server.sqlite3"),
        "run",
        "--port",
        str(port),
        "--header-timeout",
        str(HEADER_TIMEOUT),
        "--body-timeout",
        str(BODY_TIMEOUT),
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, Path(log).read_text(
                errors="replace"
            )
            time.sleep(0.2)
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


_OPEN: list[socket.socket] = []


@pytest.fixture(autouse=True)
def _close_sockets() -> Iterator[None]:
    """Each raw socket a test opened is closed after it, not left to the garbage collector."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def _connect(base: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(base, timeout=HEADER_TIMEOUT + BODY_TIMEOUT + SLACK + 5)
    _OPEN.append(sock)
    return sock


def _until_closed(sock: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started = time.monotonic()
    received = b""
    while True:
        try:
            chunk = sock.recv(4096)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        received += chunk
    return received, time.monotonic() - started


def test_headers_that_never_finish_are_answered_408_and_closed(base):
    sock = _connect(base)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: fieldcase\r\n")  # and then nothing
    answer, took = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408") and took < HEADER_TIMEOUT + SLACK


def test_headers_trickled_a_byte_at_a_time_do_not_reset_the_clock(base):
    sock = _connect(base)
    started = time.monotonic()
    request = b"GET /health HTTP/1.1\r\nHost: fieldcase\r\nX-Slow: " + b"a" * 200
    closed = False
    for byte in request:
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            closed = True
            break
        time.sleep(0.1)
        if time.monotonic() - started > HEADER_TIMEOUT + SLACK:
            break
    if not closed:
        answer, _ = _until_closed(sock)
        assert answer.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < HEADER_TIMEOUT + SLACK + 1


def test_a_stalled_body_is_answered_408_and_closed(base):
    sock = _connect(base)
    sock.sendall(
        b"POST /auth/enroll HTTP/1.1\r\nHost: fieldcase\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n"
        b'{"username": "an'
    )
    answer, took = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408") and b"request_timeout" in answer
    assert took < BODY_TIMEOUT + SLACK


def test_thirty_half_sent_requests_are_all_dropped(base):
    socks = [_connect(base) for _ in range(30)]
    for sock in socks:
        sock.sendall(b"POST /sync/push HTTP/1.1\r\nHost: fieldcase\r\nContent-Length: 10\r\n")
    started = time.monotonic()
    for sock in socks:
        _until_closed(sock)
    assert time.monotonic() - started < HEADER_TIMEOUT + SLACK + 2
    assert (
        httpx.get(f"http://{base[0]}:{base[1]}/health", timeout=5).status_code == 200
    )  # still serving


def test_ordinary_requests_are_unaffected(base):
    with httpx.Client(base_url=f"http://{base[0]}:{base[1]}", timeout=10) as client:
        assert client.get("/health").status_code == 200
        time.sleep(
            HEADER_TIMEOUT + 0.5
        )  # an idle keep-alive connection between requests is not a slow request
        refused = client.post(
            "/auth/enroll",
            json={
                "username": "nobody",
                "password": "x" * 12,
                "enrollment_code": "ABCD",
                "device_label": "",
            },
        )
        assert refused.status_code in (401, 422)
        assert client.get("/health").status_code == 200


def test_a_body_sent_steadily_within_the_bound_is_served(base):
    sock = _connect(base)
    body = b'{"username": "nobody", "password": "xxxxxxxxxxxx", "enrollment_code": "ABCD", "device_label": ""}'
    sock.sendall(
        b"POST /auth/enroll HTTP/1.1\r\nHost: fieldcase\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    for start in range(0, len(body), 20):
        sock.sendall(body[start : start + 20])
        time.sleep(0.1)
    answer, _ = _until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 401")
