"""Limits answer 413/422/429 with a JSON error, quickly, and the server keeps answering."""

from __future__ import annotations

import uuid

import pytest

from fieldcase.domain.ids import new_id


@pytest.fixture
def ana(sqlite_server):
    sqlite_server.make_user("ana")
    sqlite_server.make_case("ana")
    return sqlite_server.device("ana")


def _healthy(server):
    assert server.client.get("/health").status_code == 200


def test_oversized_body_is_413(sqlite_server, ana):
    big = b"{" + b" " * (sqlite_server.settings.limits.max_body_bytes + 10) + b"}"
    response = ana.harness.client.post(
        "/sync/push", content=big, headers={**ana.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    _healthy(sqlite_server)


def test_too_many_mutations_is_422(sqlite_server, ana):
    case = ana.pull_all()[0]["case_id"]
    mutations = [
        ana.mutation("create", "home_visit", new_id(), fields={"case_id": case}) for _ in range(501)
    ]
    response = ana.post("/sync/push", {"batch_id": str(uuid.uuid4()), "mutations": mutations})
    assert response.status_code == 422
    _healthy(sqlite_server)


def test_overlong_string_and_deep_json_are_422(sqlite_server, ana):
    case = ana.pull_all()[0]["case_id"]
    long = ana.mutation(
        "create", "home_visit", new_id(), fields={"case_id": case, "observations": "x" * 100_001}
    )
    response = ana.push(long)
    # refused alone (the rest of a push would be applied), without echoing the value
    assert response.status_code == 200 and "x" * 50 not in response.text
    [result] = response.json()["results"]
    assert (
        result["result"] == "rejected"
        and result["code"] == "invalid_value"
        and "fields" in result["reason"]
    )
    deep: object = "leaf"
    for _ in range(40):
        deep = [deep]
    response = ana.push(
        ana.mutation(
            "create", "home_visit", new_id(), fields={"case_id": case, "observations": deep}
        )
    )
    assert response.status_code == 422
    _healthy(sqlite_server)


def test_rate_limit_per_device_is_429_with_retry_after(server_factory):
    from fieldcase.server.config import Limits

    server = server_factory(limits=Limits(rate_per_second=1.0, rate_burst=5))
    server.make_user("ana")
    ana = server.device("ana")
    codes = [ana.get("/sync/changes").status_code for _ in range(8)]
    assert codes[:5] == [200] * 5 and 429 in codes
    limited = ana.get("/sync/changes")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"
    _healthy(server)
    server.make_user("ben")
    assert server.device("ben").get("/sync/changes").status_code == 200  # other laptops unaffected
