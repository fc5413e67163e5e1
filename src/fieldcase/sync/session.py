"""A signed-in conversation with the server: bearer token + device headers on every call, one
token refresh on `invalid_token`, and the refusals that stop a sync (sync.md "401/403 never delete
outbox rows: sync pauses and asks the user to sign in again")."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from fieldcase.protocol import PROTOCOL_VERSION, RefreshRequest, SignedCommand, TokenPair
from fieldcase.protocol.version import (
    HEADER_CLIENT_TIME,
    HEADER_DEVICE,
    HEADER_PROTOCOL,
    HEADER_SCHEMA,
)
from fieldcase.store.credentials import Credentials, CredentialStore
from fieldcase.store.outbox import SCHEMA_VERSION
from fieldcase.sync.errors import DeviceSuspended, HttpError, SyncPaused
from fieldcase.sync.transport import Transport

log = logging.getLogger("fieldcase.sync.session")

M = TypeVar("M", bound=BaseModel)


class WipeRequested(Exception):
    """The server says this device must be wiped; carries the signed command (verified by the engine)."""

    def __init__(self, command: SignedCommand | None) -> None:
        super().__init__("wipe requested")
        self.command = command


class Session:
    def __init__(
        self,
        transport: Transport,
        credentials: CredentialStore,
        device_id: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.transport = transport
        self._credentials = credentials
        self._creds = credentials.load()
        self.device_id = device_id
        self._clock = clock

    @property
    def creds(self) -> Credentials:
        assert self._creds is not None
        return self._creds

    def headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.creds.access_token}",
            HEADER_DEVICE: self.device_id,
            HEADER_PROTOCOL: str(PROTOCOL_VERSION),
            HEADER_SCHEMA: str(SCHEMA_VERSION),
            HEADER_CLIENT_TIME: datetime.fromtimestamp(self._clock(), UTC).isoformat(
                timespec="seconds"
            ),
        }

    def call(self, method: str, path: str, model: type[M], **kw: Any) -> M:
        for attempt in (0, 1):
            try:
                return self.transport.call(method, path, model, headers=self.headers(), **kw)
            except HttpError as error:
                if attempt == 0 and error.status == 401 and error.code == "invalid_token":
                    self.refresh()
                    continue
                raise self.translate(error) from None
        raise AssertionError("unreachable")

    def send(self, method: str, path: str, **kw: Any) -> tuple[int, dict[str, str], bytes]:
        """Like `call` for answers that are not JSON models (attachment bytes)."""
        for attempt in (0, 1):
            status, headers, body = self.transport.send(
                method, path, headers={**self.headers(), **kw.pop("headers", {})}, **kw
            )
            if status == 401 and attempt == 0:
                from fieldcase.sync.transport import _http_error

                error = _http_error(status, body)
                if error.code == "invalid_token":
                    self.refresh()
                    continue
                raise self.translate(error)
            if status in (401, 403):
                from fieldcase.sync.transport import _http_error

                raise self.translate(_http_error(status, body))
            return status, headers, body
        raise AssertionError("unreachable")

    def refresh(self) -> None:
        request = RefreshRequest(device_id=self.device_id, refresh_token=self.creds.refresh_token)
        try:
            pair = self.transport.call(
                "POST", "/auth/refresh", TokenPair, json_body=request.model_dump(mode="json")
            )
        except HttpError as error:
            if error.status in (401, 403):
                raise self._pause(error) from None
            raise
        self._creds = self.creds.with_tokens(pair.model_dump(mode="json"))
        self._credentials.save(
            self._creds
        )  # before anything else: the old refresh token is dead now
        log.info("sync tokens refreshed")

    def translate(self, error: HttpError) -> Exception:
        if error.status == 401 and error.code == "device_revoked":
            raw = (error.body.get("error") or {}).get("wipe_command")
            try:
                command = SignedCommand.model_validate(raw) if raw else None
            except ValueError:
                command = None
            return WipeRequested(command)
        if error.status == 403 and error.code == "device_suspended":
            return DeviceSuspended()
        if error.status == 401:
            return self._pause(error)
        return error

    def _pause(self, error: HttpError) -> SyncPaused:
        reason = {
            "invalid_token": "your sign-in expired",
            "token_reused": "your sign-in was revoked for safety",
            "device_retired": "this laptop was retired",
            "device_wiped": "this laptop was wiped",
        }.get(error.code, "the server refused the sign-in")
        self._credentials.set_paused(reason)
        log.warning("sync paused: %s", error.code)
        return SyncPaused(reason)
