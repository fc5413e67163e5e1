"""The OpenAPI description (/openapi.json, /docs) says every answer the server can give: besides the
success, each error status of each operation, all with the protocol's `ErrorBody`, in place of
FastAPI's own validation-error shape (which the server never sends; see apierrors.install).

Which statuses: every operation may answer 422 (a request that breaks the protocol's rules) and 500;
an operation with a body 413 (too large, security.md "Limits"); every operation but the public ones
401 (sign in again, or the laptop was revoked/retired/wiped), 403 (laptop suspended) and 429 (too
many requests); and each operation its own (`_OWN`). An operation a later change adds gets the
general ones until it is named here.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from fieldcase.protocol import ErrorBody
from fieldcase.protocol.base import MAX_WIRE_INT

_PUBLIC = frozenset({"/health", "/auth/enroll", "/auth/refresh"})
_WORDS = {
    401: "Not signed in (or no longer): the code says why (invalid_token, device_revoked with the signed wipe command, ...).",
    403: "Not allowed (forbidden), or this laptop is suspended (device_suspended).",
    404: "Not found — or not yours: the two are answered alike.",
    409: "The request conflicts with the server's state (a revision that moved on, a wrong offset, an incomplete upload).",
    410: "resync_required: download the caseload again; unsent work is kept.",
    413: "payload_too_large: the request or attachment is larger than the server accepts.",
    416: "range_not_satisfiable: the byte range is outside the attachment.",
    422: "invalid_request (or a more precise code): the request breaks the protocol's rules; `fields` says where.",
    429: "rate_limited: wait `retry_after` seconds (also in the Retry-After header).",
    500: "server_error: something went wrong on the server; try again later.",
}
#: the statuses particular to each operation, by (method, path)
_OWN: dict[tuple[str, str], tuple[int, ...]] = {
    ("post", "/auth/enroll"): (401, 429),
    ("post", "/auth/refresh"): (401, 429),
    ("get", "/sync/changes"): (410,),
    ("get", "/records/{record_id}"): (404,),
    **{
        ("post", f"/records/{{record_id}}/{name}"): (404, 409)
        for name in ("submit", "approve", "return", "addenda", "comments", "acknowledge")
    },
    ("post", "/blobs/{sha256}"): (),
    ("put", "/blobs/{sha256}/chunks/{offset}"): (404, 409),
    ("post", "/blobs/{sha256}/commit"): (404, 409),
    ("get", "/blobs/{sha256}"): (404, 416),
    ("get", "/instruments/{instrument_id}/{version}"): (404,),
}
_BINARY = {"*/*": {"schema": {"type": "string", "format": "binary"}}}


def describe(app: FastAPI) -> None:
    """Replace `app.openapi` by one that declares every error status of every operation."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, routes=app.routes, description=app.description
            )
            _declare_errors(schema)
            _both_credentials(schema)
            _exact_integer_bounds(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the generated description


def _declare_errors(schema: dict[str, Any]) -> None:
    _, defs = models_json_schema(
        [(ErrorBody, "validation")], ref_template="#/components/schemas/{model}"
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(defs.get("$defs", {}))
    for name in ("HTTPValidationError", "ValidationError"):  # FastAPI's shape, never sent
        components.pop(name, None)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            statuses = {422, 500, *_OWN.get((method, path), ())}
            if path not in _PUBLIC:
                statuses |= {401, 403, 429}
            if "requestBody" in operation:
                statuses.add(413)
            responses = operation.setdefault("responses", {})
            for status in sorted(statuses):
                responses[str(status)] = {"description": _WORDS[status], "content": error}
    blob = schema.get("paths", {}).get("/blobs/{sha256}", {}).get("get")
    if blob is not None:  # the bytes, in the attachment's own media type
        blob["responses"]["200"] = {"description": "The attachment's bytes.", "content": _BINARY}
        blob["responses"]["206"] = {"description": "The requested byte range.", "content": _BINARY}


def _both_credentials(schema: dict[str, Any]) -> None:
    """The access token and the laptop's id go together (routes/deps.py): one security requirement
    naming both. FastAPI lists each scheme as a requirement of its own, which OpenAPI reads as
    "either one is enough"."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            requirements = operation.get("security")
            if requirements and len(requirements) > 1:
                operation["security"] = [
                    {
                        name: scopes
                        for requirement in requirements
                        for name, scopes in requirement.items()
                    }
                ]


def _exact_integer_bounds(node: Any) -> None:
    """FastAPI's OpenAPI models hold bounds as floats: 2^63 - 1 would be declared as 2^63 (a value
    the server refuses). Integer bounds are written back as the integers the models say."""
    if isinstance(node, dict):
        if node.get("type") == "integer":
            for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
                value = node.get(key)
                if isinstance(value, float):
                    node[key] = MAX_WIRE_INT if value >= MAX_WIRE_INT else int(value)
        for value in node.values():
            _exact_integer_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _exact_integer_bounds(value)
