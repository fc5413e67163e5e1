"""Errors the API answers with, as the protocol's JSON `ErrorBody` (never FastAPI's default shape)."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An answer other than 2xx. `message` is plain words without personal data."""

    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, **{k: v for k, v in self.extra.items() if v is not None}}}


def not_found() -> ApiError:
    # The same words for "does not exist" and "not yours": no oracle for guessing ids (IDOR).
    return ApiError(404, "not_found", "Not found.")


def forbidden(message: str = "You are not allowed to do that.") -> ApiError:
    return ApiError(403, "forbidden", message)


def invalid_token() -> ApiError:
    return ApiError(401, "invalid_token", "Sign in again: the access token is missing, expired or revoked.")
