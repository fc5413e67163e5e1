"""With `--workers 2` every answer on a kept-alive connection waited ~40 ms (issue 19 item 2): uvicorn
sets TCP_NODELAY only on sockets it creates itself, not in multi-worker mode. The server's protocol
(slow_clients.BoundedH11Protocol) now sets it on every accepted connection. This test asks the real
2-worker server's accepted socket itself (Linux pidfd_getfd on the worker, a child of this test);
the latency is measured in bench/server_sync.py, not asserted here."""

from __future__ import annotations

import ctypes
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SYS_PIDFD_GETFD = 438  # x86-64 and arm64


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").iterdir():
            children = (
                (task / "children").read_text().split() if (task / "children").exists() else []
            )
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


def _server_side_inode(server_port: int, client_port: int) -> str:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote = fields[1], fields[2]
        if (
            int(local.split(":")[1], 16) == server_port
            and int(remote.split(":")[1], 16) == client_port
        ):
            return fields[9]
    raise AssertionError("the accepted connection is not in /proc/net/tcp")


def _accepted_socket_option(server_pid: int, server_port: int, client_port: int) -> int:
    inode = _server_side_inode(server_port, client_port)
    libc = ctypes.CDLL(None, use_errno=True)
    for pid in _descendants(server_pid):
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) != f"socket:[{inode}]":
                    continue
            except OSError:
                continue
            pidfd = os.pidfd_open(pid)
            try:
                copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(fd.name), 0)
                if copy < 0:
                    pytest.skip(f"pidfd_getfd refused here (errno {ctypes.get_errno()})")
                with socket.socket(fileno=copy) as sock:
                    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            finally:
                os.close(pidfd)
    raise AssertionError("no worker holds the accepted connection")


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc and uses pidfd_getfd")
@pytest.mark.parametrize("loop", ["auto", "asyncio"])
def test_two_worker_server_answers_kept_alive_requests_without_nagle(
    tmp_path: Path, loop: str
) -> None:
    """`asyncio`: a host without uvloop. asyncio sets TCP_NODELAY only when the socket's proto is
    IPPROTO_TCP, and the listening socket a worker inherits has proto 0 — the penalty of the issue.
    (uvloop sets it on every connection itself.)"""
    from integration.conftest import free_port

    env = {
        **os.environ,
        "FIELDCASE_SERVER_DB": str(tmp_path / "workers.sqlite3"),
        "PYTHONUNBUFFERED": "1",
    }
    if (
        loop == "asyncio"
    ):  # uvicorn's "auto" loop falls back to asyncio when uvloop cannot be imported
        hide = tmp_path / "no_uvloop" / "uvloop"
        hide.mkdir(parents=True)
        (hide / "__init__.py").write_text("raise ImportError('uvloop hidden by the test')\n")
        env["PYTHONPATH"] = os.pathsep.join(
            [str(hide.parent), *filter(None, [env.get("PYTHONPATH")])]
        )
    port = free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "fieldcase.server.cli",
                "run",
                "--port",
                str(port),
                "--workers",
                "2",
            ],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while log_path.read_text(errors="replace").count("Application startup complete") < 2:
                assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text(
                    errors="replace"
                )
                time.sleep(0.2)
            with socket.create_connection(("127.0.0.1", port)) as client:
                request = f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
                for _ in range(3):  # kept alive: the same connection every time
                    client.sendall(request)
                    answer = b""
                    while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                        answer += client.recv(65536)
                    assert answer.startswith(b"HTTP/1.1 200"), answer
                assert _accepted_socket_option(proc.pid, port, client.getsockname()[1]) == 1
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
