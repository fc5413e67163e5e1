"""The server keeps its OpenAPI description: schemathesis generates requests from /openapi.json for
every operation and checks each answer — no server error, a status the description declares, the
declared content type, and a body of the declared schema (errors included).

Bounded (a few dozen cases per operation, positive and negative data) so it runs on SQLite and on
PostgreSQL in a couple of minutes; docs/server.md has the command for a longer run against a live
server."""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fieldcase.server.config import Limits  # noqa: E402

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 12


def _api(server_factory: Any, backend: str) -> tuple[Any, dict[str, str]]:
    # a rate limit out of the way: the point is every operation's answers, not 429s
    server = server_factory(backend, limits=Limits(rate_per_second=1e6, rate_burst=1_000_000))
    team = server.make_team()
    server.make_user("sam", role="supervisor", team=team)
    server.make_user("ana", team=team)
    server.make_case("ana")
    ana = server.device("ana")
    return schemathesis.openapi.from_asgi("/openapi.json", server.app), ana.headers


@pytest.mark.slow
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_every_answer_matches_the_openapi_description(server_factory: Any, backend: str) -> None:
    schema, headers = _api(server_factory, backend)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
            )
            def run(case: Any) -> None:
                if "authorization" not in {k.lower() for k in (case.headers or {})}:
                    case.headers = {**(case.headers or {}), **headers}
                response = case.call()
                case.validate_response(response, checks=CHECKS)

            try:
                run()
            except Unsatisfiable:
                pass  # nothing to make invalid: an operation without parameters or body
            except Exception as error:  # noqa: BLE001 - collect every operation's failure, then report all
                failures.append(
                    f"{operation.method.upper()} {operation.path} ({mode.value}): {type(error).__name__}: {str(error)[:600]}"
                )
    assert not failures, "\n\n".join(failures)


def test_every_error_has_the_protocols_shape(sqlite_server: Any) -> None:
    """Not FastAPI's own {"detail": ...}: unknown paths, wrong methods, bodies that are not JSON."""
    sqlite_server.make_user("ana")
    ana = sqlite_server.device("ana")
    client = sqlite_server.client
    json_headers = {**ana.headers, "Content-Type": "application/json"}
    answers = {
        "unknown path": (client.get("/no/such/path"), 404, "not_found"),
        "wrong method": (client.delete("/health"), 405, "method_not_allowed"),
        "broken JSON": (
            client.post("/sync/push", content=b"{not json", headers=json_headers),
            422,
            "invalid_request",
        ),
        "bytes, not text": (
            client.post("/sync/push", content=b"\xff\xfe\xfd", headers=json_headers),
            422,
            "invalid_request",
        ),
        "not an object": (
            client.post("/sync/hello", content=b"[1, 2]", headers=json_headers),
            422,
            "invalid_request",
        ),
    }
    for what, (answer, status, code) in answers.items():
        assert answer.status_code == status, (what, answer.status_code, answer.text)
        body = answer.json()
        assert (
            set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
        ), (what, body)
    assert (
        answers["broken JSON"][0].json()["error"]["message"]
        == "The request body is not valid JSON."
    )


def test_the_description_declares_the_id_and_number_rules_and_the_error_statuses(
    sqlite_server: Any,
) -> None:
    spec = sqlite_server.client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert schemas["Mutation"]["properties"]["device_seq"]["maximum"] == 2**63 - 1
    assert "pattern" in schemas["Mutation"]["properties"]["record_id"]
    assert "pattern" in schemas["HelloRequest"]["properties"]["client_time"]  # the text rule
    record_id = next(
        p
        for p in spec["paths"]["/records/{record_id}"]["get"]["parameters"]
        if p["name"] == "record_id"
    )
    assert "pattern" in record_id["schema"]
    assert "HTTPValidationError" not in schemas
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert {"422", "500"} <= set(operation["responses"]), (method, path)
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/ErrorBody"
                    }, (method, path, status)


def test_the_description_says_which_operations_need_the_token_and_the_laptops_id(
    sqlite_server: Any,
) -> None:
    """Issue 18: authentication is a dependency of each route, so the description shows its scheme —
    both credentials together (one requirement), on every operation but the public ones."""
    spec = sqlite_server.client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes["access_token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["access_token"]["description"],
    }
    assert {k: schemes["device_id"][k] for k in ("type", "in", "name")} == {
        "type": "apiKey",
        "in": "header",
        "name": "X-FC-Device",
    }
    public = {("get", "/health"), ("post", "/auth/enroll"), ("post", "/auth/refresh")}
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            expected = None if (method, path) in public else [{"access_token": [], "device_id": []}]
            assert operation.get("security") == expected, (method, path)
            if expected:  # ...and so the answers a caller who is not signed in gets
                assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)
