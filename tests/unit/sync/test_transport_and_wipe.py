"""Transport rules (TLS always verified, Retry-After, backoff, answer size cap, strict models) and the
signed wipe command (forged or misaddressed commands are ignored)."""

from __future__ import annotations

import base64
import json
import random

import httpx
import pytest

from fieldcase.protocol import HelloResponse, SignedCommand
from fieldcase.security import tokens
from fieldcase.security.server_address import InsecureServerAddress
from fieldcase.sync.errors import ProtocolViolation, ServerUnreachable
from fieldcase.sync.transport import RetryPolicy, Transport
from fieldcase.sync.wipe import verify_wipe

HELLO = {
    "server_time": "2026-01-01T00:00:00Z",
    "epoch": "e",
    "protocol_versions": [1],
    "schema_versions": [1],
    "device_state": "active",
}


def _transport(handler, **kw):
    sleeps: list[float] = []
    t = Transport(
        "https://fc.example.org",
        http_transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        rng=random.Random(1),
        retry=RetryPolicy(attempts=4, base_seconds=1, cap_seconds=8),
        **kw,
    )
    return t, sleeps


def test_tls_verification_cannot_be_turned_off():
    t = Transport("https://fc.example.org")
    assert t._client._transport._pool._ssl_context.verify_mode.name == "CERT_REQUIRED"
    with pytest.raises(InsecureServerAddress):
        Transport("ftp://fc.example.org")
    with pytest.raises(InsecureServerAddress):  # tokens in clear text over a network
        Transport("http://fc.example.org")
    assert Transport("http://127.0.0.1:8443")._client.base_url.host == "127.0.0.1"


def test_retry_after_is_honoured_then_the_answer_is_validated():
    calls = []

    def handler(request):
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(
                429,
                headers={"Retry-After": "7"},
                json={"error": {"code": "rate_limited", "message": "wait"}},
            )
        if len(calls) == 2:
            return httpx.Response(503)
        return httpx.Response(200, json=HELLO)

    t, sleeps = _transport(handler)
    assert t.call("POST", "/sync/hello", HelloResponse).epoch == "e"
    assert sleeps[0] == 7 and 0 <= sleeps[1] <= 2  # Retry-After, then jittered backoff


def test_network_failures_back_off_with_jitter_and_end_unreachable():
    def handler(request):
        raise httpx.ConnectError("down", request=request)

    t, sleeps = _transport(handler)
    with pytest.raises(ServerUnreachable):
        t.call("POST", "/sync/hello", HelloResponse)
    assert len(sleeps) == 3 and all(0 <= s <= cap for s, cap in zip(sleeps, (1, 2, 4), strict=True))


def test_answers_are_capped_and_strictly_validated():
    t, _ = _transport(lambda r: httpx.Response(200, content=b"x" * 2048), max_response_bytes=1024)
    with pytest.raises(ServerUnreachable):
        t.call("GET", "/sync/changes", HelloResponse)
    extra = dict(HELLO, surprise=True)
    t, _ = _transport(lambda r: httpx.Response(200, json=extra))
    with pytest.raises(ProtocolViolation):
        t.call("POST", "/sync/hello", HelloResponse)
    t, _ = _transport(lambda r: httpx.Response(200, content=json.dumps(HELLO).encode()[:40]))
    with pytest.raises(ProtocolViolation):  # a truncated answer is never used
        t.call("POST", "/sync/hello", HelloResponse)


def _signed(private: bytes, device_id: str) -> SignedCommand:
    payload = json.dumps(
        {"command": "wipe", "device_id": device_id, "issued_at": "x", "nonce": "n"},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    return SignedCommand(
        command="wipe",
        payload=base64.b64encode(payload).decode(),
        signature=base64.b64encode(tokens.sign_command(private, payload)).decode(),
    )


def test_wipe_needs_the_servers_signature_and_this_device():
    private, public = tokens.generate_signing_keypair()
    other_private, _ = tokens.generate_signing_keypair()
    key = base64.b64encode(public).decode()
    assert verify_wipe(_signed(private, "dev-1"), server_public_key_b64=key, device_id="dev-1")
    assert not verify_wipe(
        _signed(other_private, "dev-1"), server_public_key_b64=key, device_id="dev-1"
    )  # forged
    assert not verify_wipe(
        _signed(private, "dev-2"), server_public_key_b64=key, device_id="dev-1"
    )  # someone else's
    assert not verify_wipe(None, server_public_key_b64=key, device_id="dev-1")
