"""Connections that send a request slowly, or half of one and then nothing, are answered 408 and closed
(the "slowloris" attack: a few hundred such connections would otherwise hold every socket and
thread of a server run with --certfile and no proxy in front).

uvicorn bounds only the idle time *between* requests (`timeout_keep_alive`); a byte every few seconds
resets it, and once headers have begun nothing bounds them or the body. `BoundedH11Protocol` is
uvicorn's h11 protocol plus two clocks, one per phase of each request:

- the headers: from the connection (or the previous answer) to the end of the request headers,
  at most `header_timeout` seconds;
- the body: from the end of the headers to the end of the body, at most `body_timeout` seconds
  (generous: a 4 MiB attachment chunk over a slow mobile link).

`fieldcase-server run` serves with it and passes the two bounds through the environment, so every
worker process gets them (--header-timeout, --body-timeout; docs/server.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

ENV_HEADER_TIMEOUT = "FIELDCASE_HEADER_TIMEOUT"
ENV_BODY_TIMEOUT = "FIELDCASE_BODY_TIMEOUT"
DEFAULT_HEADER_TIMEOUT = 10.0
DEFAULT_BODY_TIMEOUT = 120.0

_BODY = json.dumps(
    {
        "error": {
            "code": "request_timeout",
            "message": "The request arrived too slowly; send it again.",
        }
    }
).encode()
_TIMEOUT_ANSWER = (
    b"HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\nConnection: close\r\n"
    + f"Content-Length: {len(_BODY)}\r\n\r\n".encode()
    + _BODY
)


def seconds_from_env(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Send each answer at once (TCP_NODELAY). uvicorn sets it only when it makes the listening socket
    itself; with --workers the socket comes from the parent and it does not, so Nagle's algorithm held
    the end of every answer on a kept-alive connection until the client's delayed ACK (~40 ms)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a connection already gone: nothing to speed up
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class BoundedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = seconds_from_env(ENV_HEADER_TIMEOUT, DEFAULT_HEADER_TIMEOUT)
        self.body_timeout = seconds_from_env(ENV_BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT)
        self._phase: str | None = None
        self._clock: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # a stream protocol is handed a Transport
        super().connection_made(transport)
        no_delay(transport)
        self._follow()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._follow()  # the next request's headers start their clock (a body left unread keeps its own)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_clock()
        super().connection_lost(exc)

    def _follow(self) -> None:
        """Start the clock of the phase the client is in; stop it once the request has fully arrived."""
        if self.transport is None or self.transport.is_closing():
            self._stop_clock()
            return
        state = self.conn.their_state
        phase = "headers" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase == self._phase:
            return
        self._stop_clock()
        self._phase = phase
        if phase is not None:
            limit = self.header_timeout if phase == "headers" else self.body_timeout
            self._clock = self.loop.call_later(limit, self._too_slow)

    def _stop_clock(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None
        self._phase = None

    def _too_slow(self) -> None:
        self._clock = None
        if self.transport.is_closing():
            return
        cycle = self.cycle
        answering = cycle is not None and cycle.response_started and not cycle.response_complete
        if not answering:
            self.transport.write(_TIMEOUT_ANSWER)
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True  # the handler waiting for the body gets http.disconnect
            cycle.message_event.set()
        self.transport.close()
