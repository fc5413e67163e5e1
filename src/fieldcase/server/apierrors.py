"""Errors the API answers with, as the protocol's JSON `ErrorBody` (never FastAPI's default shape).

`install(app)` makes every error the app can answer use that shape: the app's own `ApiError`s, a
request that does not validate (422, bodies that are not JSON included), Starlette's own answers
(404 for an unknown path, 405 for a method a path does not have) and a bug (500).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("fieldcase.server")

#: Starlette's own refusals, in the protocol's words (its `detail` text is not used)
_HTTP_CODES = {
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("payload_too_large", "The request is too large."),
    415: ("invalid_request", "The request's content type is not accepted."),
}


class ApiError(Exception):
    """An answer other than 2xx. `message` is plain words without personal data."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                **{k: v for k, v in self.extra.items() if v is not None},
            }
        }


def not_found() -> ApiError:
    # The same words for "does not exist" and "not yours": no oracle for guessing ids (IDOR).
    return ApiError(404, "not_found", "Not found.")


def forbidden(message: str = "You are not allowed to do that.") -> ApiError:
    return ApiError(403, "forbidden", message)


def server_busy() -> ApiError:
    """An overloaded server, not a broken one: the laptop's sync waits and tries again
    (server/admission.py, and a pool that stays empty for its whole wait)."""
    return ApiError(
        503, "server_busy", "The server is busy; the laptop tries again in a moment.", retry_after=2
    )


def invalid_token() -> ApiError:
    return ApiError(
        401, "invalid_token", "Sign in again: the access token is missing, expired or revoked."
    )


def invalid_request(exc: RequestValidationError) -> ApiError:
    """A request that does not validate: where the problems are, never the values (pydantic's
    "input" would echo personal data back and into logs)."""
    errors = exc.errors()
    fields = [".".join(str(p) for p in err.get("loc", ())) for err in errors][:20]
    kinds = {err.get("type", "") for err in errors}
    if "json_invalid" in kinds:
        message = "The request body is not valid JSON."
    elif "extra_forbidden" in kinds:
        message = "The request is not valid: unknown fields are not accepted."
    else:
        message = "The request is not valid."
    return ApiError(422, "invalid_request", message, fields=fields)


def _answer(error: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    retry = error.extra.get("retry_after")
    if retry:
        headers = {**(headers or {}), "Retry-After": str(retry)}
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


def install(app: FastAPI) -> None:
    """Every error answer of `app` in the protocol's shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _answer(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _answer(invalid_request(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if (
            exc.status_code == 400
        ):  # FastAPI's "error parsing the body" (bytes that are not text): one answer for unreadable bodies
            return _answer(
                ApiError(
                    422, "invalid_request", "The request body is not valid JSON.", fields=["body"]
                )
            )
        code, message = _HTTP_CODES.get(
            exc.status_code, ("invalid_request", "The request could not be handled.")
        )
        return _answer(
            ApiError(exc.status_code, code, message), headers=getattr(exc, "headers", None)
        )

    @app.exception_handler(PoolTimeout)
    async def _no_connection(request: Request, exc: PoolTimeout) -> JSONResponse:
        # every database connection stayed busy for the pool's whole wait: the server is
        # overloaded, not broken; the laptop tries again (server/admission.py keeps this rare)
        log.warning("no database connection free for %s", request.method)
        return _answer(server_busy())

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        route = request.scope.get("route")
        log.error(
            "unexpected %s on %s %s",
            type(exc).__name__,
            request.method,
            route.path if route else "?",
        )
        return _answer(
            ApiError(500, "server_error", "Something went wrong on the server; try again later.")
        )
