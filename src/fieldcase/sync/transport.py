"""HTTP to the agency server: httpx with timeouts, TLS verification always on (an agency CA bundle
may be given, verification can never be turned off), retries with exponential backoff and full jitter,
Retry-After honoured, a cap on the size of any answer, and strict model validation before anything
returned is used (sync.md "Wire protocol", kinto-http's session as the model).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from fieldcase.security.server_address import check_server_address
from fieldcase.sync.errors import HttpError, ProtocolViolation, ServerUnreachable

log = logging.getLogger("fieldcase.sync.transport")

M = TypeVar("M", bound=BaseModel)

#: no answer of the protocol comes near this (a page of 1000 records with long narratives does not)
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_seconds: float = 0.5
    cap_seconds: float = 60.0
    #: Retry-After longer than this is not waited for inside one sync; the next sync tries again
    max_retry_after: float = 300.0

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full jitter (AWS architecture blog): uniform in [0, min(cap, base * 2^attempt)]."""
        return rng.uniform(0, min(self.cap_seconds, self.base_seconds * 2**attempt))


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        ca_bundle: str | None = None,
        http_transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        # https, or http only to this computer: the same rule as the enroll form and the deployment file
        base_url = check_server_address(base_url).rstrip("/")
        timeout = timeout or httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=10.0)
        # an injected transport (tests, fault injection) gets a client of its own; the real network
        # shares one per server for the app's session (see `_shared_client`)
        self._owns_client = http_transport is not None
        self._client = (
            _new_client(base_url, ca_bundle, timeout, http_transport)
            if self._owns_client
            else _shared_client(base_url, ca_bundle, timeout)
        )
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._max = max_response_bytes

    def close(self) -> None:
        """Close a client of its own; a shared one stays open for the next sync (`close_shared_clients`)."""
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
        retry: bool = True,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request, retried on network failures, 429 and 5xx; returns (status, headers, body).

        Non-retryable statuses are returned to the caller; after the last attempt a network failure
        becomes `ServerUnreachable`."""
        attempts = self.retry.attempts if retry else 1
        last: str = ""
        for attempt in range(attempts):
            try:
                status, answer_headers, body = self._once(
                    method, path, headers, json_body, content, params
                )
            except (httpx.TransportError, _TooLarge, _Truncated) as exc:
                last = type(exc).__name__
                log.info(
                    "sync request failed (%s %s): %s; attempt %d",
                    method,
                    _route(path),
                    last,
                    attempt + 1,
                )
                if attempt + 1 < attempts:
                    self._sleep(self.retry.backoff(attempt, self._rng))
                continue
            if status in RETRY_STATUSES and attempt + 1 < attempts:
                wait = _retry_after(answer_headers)
                if wait is not None and wait > self.retry.max_retry_after:
                    raise ServerUnreachable("the server asked to wait")
                log.info(
                    "sync request answered %d (%s %s); attempt %d",
                    status,
                    method,
                    _route(path),
                    attempt + 1,
                )
                self._sleep(wait if wait is not None else self.retry.backoff(attempt, self._rng))
                last = str(status)
                continue
            return status, answer_headers, body
        raise ServerUnreachable(last)

    def _once(self, method, path, headers, json_body, content, params):
        kwargs: dict[str, Any] = {"headers": headers or {}, "params": params}
        if json_body is not None:
            kwargs["content"] = json.dumps(
                json_body, separators=(",", ":"), ensure_ascii=False
            ).encode()
            kwargs["headers"] = {**kwargs["headers"], "Content-Type": "application/json"}
        elif content is not None:
            kwargs["content"] = content
        with self._client.stream(method, path, **kwargs) as response:
            declared = response.headers.get("content-length")
            if declared is not None and declared.isdigit() and int(declared) > self._max:
                raise _TooLarge()
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > self._max:
                    raise _TooLarge()
            if declared is not None and declared.isdigit() and int(declared) != len(data):
                raise _Truncated()
            return response.status_code, dict(response.headers), bytes(data)

    def call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        headers: dict[str, str] | None = None,
        answer_headers: dict[str, str] | None = None,
        **kw: Any,
    ) -> M:
        """A request whose 2xx answer must validate strictly as `model`; errors become `HttpError`.

        `answer_headers`, when given, receives the headers of the answer that validated, names in
        lower case (the hello's list versions). An answer that does not validate (a truncated body,
        a field we do not know) is retried like a network failure — nothing from it is used."""
        attempts = self.retry.attempts if kw.get("retry", True) else 1
        for attempt in range(attempts):
            status, got_headers, body = self.send(method, path, headers=headers, **kw)
            if status >= 400:
                raise _http_error(status, body)
            try:
                answer = model.model_validate_json(body)
                if answer_headers is not None:
                    answer_headers.update((k.lower(), v) for k, v in got_headers.items())
                return answer
            except ValidationError as exc:
                log.warning(
                    "sync answer failed validation (%s %s): %d problems",
                    method,
                    _route(path),
                    exc.error_count(),
                )
                if attempt + 1 >= attempts:
                    raise ProtocolViolation(f"{exc.error_count()} problems in the answer") from None
                self._sleep(self.retry.backoff(attempt, self._rng))
        raise AssertionError("unreachable")


def _new_client(
    base_url: str,
    ca_bundle: str | None,
    timeout: httpx.Timeout,
    http_transport: httpx.BaseTransport | None,
) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        verify=ca_bundle
        if ca_bundle
        else True,  # never False: a CA bundle path, or the system's trust store
        timeout=timeout,
        transport=http_transport,
        follow_redirects=False,
        cookies=CookieJar(
            policy=DefaultCookiePolicy(allowed_domains=[])
        ),  # keeps no cookie: no state between users
    )


#: one client (connection pool, TLS context) per server for the app's whole session: a sync no longer
#: builds a TLS context (~30 ms) and opens a new connection every time. httpx.Client is safe to use
#: from several threads at once; the request headers (token, device) travel with each request, and
#: the client keeps no cookie, so nothing of one sign-in stays in it for the next.
_clients: dict[tuple[Any, ...], httpx.Client] = {}
#: clients pushed out of `_clients`: another thread may still be in a request on one, so they are
#: closed with the others (`close_shared_clients`) rather than dropped with their sockets open
_retired: list[httpx.Client] = []
_clients_lock = threading.Lock()
_MAX_CLIENTS = 4  # one server in practice; a changed address or CA bundle makes a new entry


def _shared_client(base_url: str, ca_bundle: str | None, timeout: httpx.Timeout) -> httpx.Client:
    key = (base_url, ca_bundle, _file_version(ca_bundle), repr(timeout))
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            while (
                len(_clients) >= _MAX_CLIENTS
            ):  # oldest first; one still in use finishes its request
                _retired.append(_clients.pop(next(iter(_clients))))
            client = _clients[key] = _new_client(base_url, ca_bundle, timeout, None)
        return client


def _file_version(path: str | None) -> tuple[int, int] | None:
    """A CA bundle replaced in place (same path, new agency CA) must not keep the old TLS context."""
    if not path:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None  # httpx reports the missing file when the client is made
    return (found.st_mtime_ns, found.st_size)


def close_shared_clients() -> None:
    """Close the shared clients (the app's exit; tests)."""
    with _clients_lock:
        clients = [*_clients.values(), *_retired]
        _clients.clear()
        _retired.clear()
    for client in clients:
        client.close()


atexit.register(close_shared_clients)


class _TooLarge(Exception):
    pass


class _Truncated(Exception):
    pass


def _retry_after(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after") or headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _route(path: str) -> str:
    # record ids and hashes are not personal data, but keep logs short and uniform
    return "/".join(part if len(part) < 32 else "…" for part in path.split("/"))


def _http_error(status: int, body: bytes) -> HttpError:
    code, message, data = f"http_{status}", "", {}
    try:
        data = json.loads(body)
        error = data.get("error") or {}
        code = str(error.get("code") or code)[:64]
        message = str(error.get("message") or "")[:500]
    except (ValueError, AttributeError):
        pass
    return HttpError(status, code, message, data if isinstance(data, dict) else {})
