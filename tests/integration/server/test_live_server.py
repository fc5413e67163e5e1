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
