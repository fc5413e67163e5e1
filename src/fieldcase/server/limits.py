"""Request limits enforced before any handler runs (security.md "Limits"): body size → 413,
JSON nesting depth → 422, a body too slow to arrive → 408, all as the protocol's JSON error. The audit trail of each request is
written here too, after the answer is decided (so denials are recorded even on rollback)."""

from __future__ import annotations

import json
import re
from typing import Any

import anyio

from fieldcase.server import audit as audit_log
from fieldcase.server.config import Limits

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_depth(body: bytes) -> int:
    brackets = _STRINGS.sub(b"", body).translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for byte in brackets:
        if byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


async def _answer(send: Any, status: int, code: str, message: str, *, close: bool = False) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))  # the rest of the body is not waited for
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class LimitsMiddleware:
    def __init__(
        self, app: Any, *, limits: Limits, db: Any, audit_batch_seconds: float = 0.0
    ) -> None:
        self.app, self.limits, self.db = app, limits, db
        self.audit_batch_seconds = audit_batch_seconds

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self._limited(scope, receive, send)
        finally:
            trail = scope.get("state", {}).get("audit")
            if trail is not None and trail.entries:
                if self.audit_batch_seconds > 0:  # queued for the next batch: no wait, no thread
                    audit_log.flush(self.db, trail, batch_seconds=self.audit_batch_seconds)
                else:
                    await anyio.to_thread.run_sync(audit_log.flush, self.db, trail)

    async def _limited(self, scope: dict, receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers") or [])
        is_chunk = scope["path"].startswith("/blobs/") and "/chunks/" in scope["path"]
        cap = self.limits.max_chunk_bytes + 1024 if is_chunk else self.limits.max_body_bytes
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > cap:
            await _answer(
                send, 413, "payload_too_large", f"The request is larger than {cap} bytes."
            )
            return
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        body = bytearray()
        # A body sent a byte at a time, or half of one and then nothing, must not hold a thread and a
        # connection for ever (slowloris): the whole body within body_timeout, else 408 and close.
        with anyio.move_on_after(self.limits.body_timeout) as clock:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body += message.get("body", b"")
                if len(body) > cap:
                    await _answer(
                        send, 413, "payload_too_large", f"The request is larger than {cap} bytes."
                    )
                    return
                if not message.get("more_body"):
                    break
        if clock.cancelled_caught:
            await _answer(
                send,
                408,
                "request_timeout",
                "The request arrived too slowly; send it again.",
                close=True,
            )
            return
        if (
            headers.get(b"content-type", b"").startswith(b"application/json")
            and json_depth(bytes(body)) > self.limits.max_json_depth
        ):
            await _answer(send, 422, "invalid_request", "The request nests too deeply.")
            return
        delivered = False

        async def replay() -> dict:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
