"""Device enrollment and tokens (docs/design/security.md, "Server side").

1. An admin or supervisor makes a single-use enrollment code (`fieldcase-server enrollment-code`).
2. The laptop sends `POST /auth/enroll` with `EnrollRequest`; the answer `EnrollResponse` carries the
   device id, a short-lived access token, a refresh token and the server's Ed25519 public key (to
   verify wipe commands later). Store all of it inside the encrypted store.
3. Every call sends `Authorization: Bearer <access_token>` and `X-FC-Device: <device_id>`.
4. When the access token expires (401 `invalid_token`), `POST /auth/refresh` with `RefreshRequest`
   returns a new `TokenPair`; the old refresh token is dead from then on. Presenting a used refresh
   token again revokes the whole token family (the device must enroll again).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fieldcase.protocol.base import Uuid, WireModel, WireRequest


class EnrollRequest(WireRequest):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    enrollment_code: str = Field(min_length=1, max_length=200)
    #: a label the admin sees in `device list` (e.g. the laptop's asset tag) — no personal data
    device_label: str = Field(default="", max_length=100)
    app_version: str = Field(default="", max_length=50)


class UserInfo(WireModel):
    user_id: str
    username: str
    role: Literal["caseworker", "supervisor", "admin"]
    team_id: str | None = None


class TokenPair(WireModel):
    access_token: str
    #: ISO-8601 UTC
    access_expires_at: str
    refresh_token: str
    refresh_expires_at: str


class EnrollResponse(WireModel):
    device_id: str
    tokens: TokenPair
    user: UserInfo
    #: raw Ed25519 public key, base64 — verifies `SignedCommand`s
    server_public_key: str
    epoch: str


class RefreshRequest(WireRequest):
    device_id: Uuid
    refresh_token: str = Field(min_length=1, max_length=200)


class SignedCommand(WireModel):
    """A command from the server (today only `wipe`), signed with the server's Ed25519 key.

    `payload` is base64 of canonical JSON (sorted keys, no spaces):
    `{"command": "wipe", "device_id": ..., "issued_at": ..., "nonce": ...}`; `signature` is base64 of
    the Ed25519 signature made by `fieldcase.security.tokens.sign_command` over the decoded payload
    bytes. Verify with `tokens.verify_command(server_public_key, payload, signature)` before acting;
    ignore it if forged or if `device_id` is not this device. After erasing, call `POST /sync/wiped`.
    """

    command: Literal["wipe"]
    payload: str
    signature: str
