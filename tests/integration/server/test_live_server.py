"""A real `fieldcase-server` process: init-db, seed-demo, run (uvicorn) on a free port."""

from __future__ import annotations

import httpx
import pytest


@pytest.mark.slow
def test_live_server_answers_health_and_enrollment(live_server):
    health = httpx.get(f"{live_server}/health", timeout=5)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    docs = httpx.get(f"{live_server}/openapi.json", timeout=5)
    assert "/sync/push" in docs.json()["paths"]
    refused = httpx.post(
        f"{live_server}/auth/enroll",
        json={"username": "worker11", "password": "wrong password!", "enrollment_code": "AAAA"},
        timeout=10,
    )
    assert refused.status_code == 401


def test_seed_demo_prints_the_first_enrollment_code_the_demo_reads(tmp_path, capsys):
    """`fieldcase demo` takes its first code from seed-demo's output (commands/demo.py `_code_in`);
    were the line to change, the demo would quietly start a second server command for it."""
    from fieldcase.commands.demo import _code_in
    from fieldcase.server import cli

    db = str(tmp_path / "server.db")
    assert cli.main(["--db", db, "seed-demo", "--children", "2", "--enrollment-code"]) == 0
    first = _code_in(capsys.readouterr().out)
    assert first and " " not in first
    assert cli.main(["--db", db, "enrollment-code"]) == 0
    second = capsys.readouterr().out.split()[0]
    assert second != first  # each code is new and single use
