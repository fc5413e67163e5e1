"""The server logs JSON lines (docs/server.md "Logs"): one object per line with time, level, logger,
message, request id, status and the route's path template — never bodies, tokens or personal data."""

from __future__ import annotations

import io
import json
import logging

import httpx
import pytest

from fieldcase import logs
from fieldcase.domain.ids import new_id

CANARY = "Qzxv-canary-Wobblethorpe"


@pytest.fixture
def json_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonLineFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_each_request_is_one_json_line_with_its_route_template_and_request_id(server, json_lines):
    server.make_user("ana")
    case = server.make_case("ana")
    enrolled = server.enroll("ana").json()
    server.enroll("ana", password=CANARY + "-password")  # refused: 401
    ana = server.device("ana")
    record = new_id()
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", record, fields={"case_id": case, "observations": CANARY}
        )
    )
    missing = ana.get(f"/records/{new_id()}", headers={"X-Request-ID": "it-ticket-4711-abc"})
    assert missing.status_code == 404 and missing.headers["x-request-id"] == "it-ticket-4711-abc"
    forged = ana.get("/health", headers={"X-Request-ID": f"{CANARY} <script>"})
    assert forged.headers["x-request-id"] != f"{CANARY} <script>"

    lines = json_lines()
    requests = [line for line in lines if line["logger"] == "fieldcase.server.requests"]
    assert {
        "time",
        "level",
        "logger",
        "message",
        "request_id",
        "status",
        "path",
        "method",
        "duration_ms",
    } <= set(requests[0])
    by_path = {(line["method"], line["path"], line["status"]) for line in requests}
    assert ("POST", "/auth/enroll", 401) in by_path and ("POST", "/sync/push", 200) in by_path
    assert ("GET", "/records/{record_id}", 404) in by_path  # the template, not the id asked for
    assert any(line["request_id"] == "it-ticket-4711-abc" for line in requests)
    assert len({line["request_id"] for line in requests}) == len(requests)
    text = "\n".join(json.dumps(line) for line in lines)
    for secret in (
        CANARY,
        enrolled["tokens"]["access_token"],
        enrolled["tokens"]["refresh_token"],
        ana.access_token,
        record,
    ):
        assert secret not in text


@pytest.mark.slow
def test_a_running_server_writes_only_json_lines(tmp_path):
    """`fieldcase-server run` (uvicorn, as deployed): its own lines and uvicorn's are JSON too."""
    from fieldcase.commands.demo import DemoServer

    server = DemoServer(tmp_path, children=2)
    server.start(lambda _message: None)
    try:
        assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200
        httpx.post(
            f"{server.url}/auth/enroll",
            json={"username": "worker11", "password": CANARY, "enrollment_code": "AAAA"},
            timeout=10,
        )
        httpx.get(f"{server.url}/records/{new_id()}?cursor={CANARY}", timeout=5)
    finally:
        server.stop()
    raw = (tmp_path / "server.log").read_text(encoding="utf-8").splitlines()
    lines = [json.loads(line) for line in raw if line.strip()]  # every line parses
    assert any(line["logger"].startswith("uvicorn") for line in lines)
    paths = {
        (line.get("path"), line.get("status"))
        for line in lines
        if line["logger"] == "fieldcase.server.requests"
    }
    assert (
        ("/health", 200) in paths
        and ("/auth/enroll", 401) in paths
        and ("/records/{record_id}", 401) in paths
    )
    assert CANARY not in "\n".join(raw)
