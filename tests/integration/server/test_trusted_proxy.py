"""`fieldcase-server run --trusted-proxy` (issue 19 item 2): behind a reverse proxy on another host the
servers saw every laptop at the proxy's address, so the per-address sign-in back-off counted the whole
agency as one client (30 wrong codes anywhere, and nobody could enroll). The servers now believe the
X-Forwarded-For of the proxies named, and of nobody else.

Loopback stands in for two hosts: the "proxy" connects from 127.0.0.2, a stranger from 127.0.0.1.
Which address the server charged is read from the back-off's own table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from integration.conftest import free_port
from integration.server.test_sign_in_throttle import WRONG, _cli_url, _stop, _wait_healthy


def _charged(server, address: str) -> bool:  # type: ignore[no-untyped-def]
    from fieldcase.server import throttle
    from fieldcase.server.models import SignInThrottle

    with server.db.read() as session:
        row = session.execute(
            select(SignInThrottle).where(SignInThrottle.key_hash == throttle.address_key(address))
        ).scalar_one_or_none()
    return row is not None and row.failures > 0


def _from(local_address: str, base: str) -> httpx.Client:
    return httpx.Client(
        base_url=base, timeout=30, transport=httpx.HTTPTransport(local_address=local_address)
    )


WRONG_CODE = {
    "username": "ana",
    "password": WRONG,
    "enrollment_code": "0000-0000-0000-0000-0000-0000-0000-0000",
    "device_label": "laptop",
}


@pytest.mark.slow
def test_only_the_named_proxy_says_who_the_client_is(server, tmp_path: Path):
    server.make_user("ana")
    port = free_port()
    log = tmp_path / "run.log"
    command = [
        sys.executable,
        "-m",
        "fieldcase.server.cli",
        "--db",
        _cli_url(server, tmp_path),
        "run",
        "--port",
        str(port),
        "--trusted-proxy",
        "127.0.0.2",
    ]
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(proc, base, log)
        with _from("127.0.0.2", base) as proxy:
            answer = proxy.post(
                "/auth/enroll", headers={"X-Forwarded-For": "203.0.113.7"}, json=WRONG_CODE
            )
        assert answer.status_code == 401
        assert _charged(server, "203.0.113.7")  # the laptop behind the proxy, not the proxy

        with _from(
            "127.0.0.1", base
        ) as stranger:  # not named: its X-Forwarded-For is a claim, not a fact
            answer = stranger.post(
                "/auth/enroll", headers={"X-Forwarded-For": "198.51.100.9"}, json=WRONG_CODE
            )
        assert answer.status_code == 401
        assert _charged(server, "127.0.0.1")
        assert not _charged(server, "198.51.100.9")
    finally:
        _stop(proc)
