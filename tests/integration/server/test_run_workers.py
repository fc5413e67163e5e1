"""`fieldcase-server run --workers N` really starts N server processes (uvicorn with an import string
and the app factory `app_from_env`); the help says when to use it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from fieldcase.server.cli import build_parser


def test_run_help_documents_workers():
    run = build_parser()._subparsers._group_actions[0].choices["run"]  # type: ignore[union-attr]
    text = run.format_help()
    assert "--workers" in text and "SQLite" in text and "PostgreSQL" in text
    assert build_parser().parse_args(["run", "--workers", "3"]).workers == 3
    with pytest.raises(SystemExit):
        build_parser().parse_args(["run", "--workers", "0"])


@pytest.mark.slow
def test_run_with_two_workers_serves_from_two_processes(tmp_path: Path):
    from integration.conftest import free_port

    db = tmp_path / "workers.sqlite3"
    env = {**os.environ, "FIELDCASE_SERVER_DB": str(db), "PYTHONUNBUFFERED": "1"}
    cli = [sys.executable, "-m", "fieldcase.server.cli"]
    port = free_port()
    log_path = tmp_path / "server.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen(
            [*cli, "run", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert proc.poll() is None and time.monotonic() < deadline, log_path.read_text(
                    errors="replace"
                )
                time.sleep(0.2)
            while (
                log_path.read_text(errors="replace").count("Application startup complete") < 2
                and time.monotonic() < deadline
            ):
                time.sleep(0.2)
            log = log_path.read_text(errors="replace")
            assert log.count("Started server process") == 2, log
            assert (
                "share one write lock" in log
            )  # SQLite: told that one worker is the better choice
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
