"""What a route asks FastAPI for (`Depends`): the settings, the database, the request's audit trail,
the client's address, a read snapshot, and who is calling.

`create_app` puts the settings, the database and the per-device rate limiter on `app.state`; these
dependencies hand them to routes, so a route names what it needs in its signature instead of
closing over `create_app`'s locals. Who is calling comes in three shapes, all through one
authentication (`devices.authenticate`):

- `Caller`: checked in a short read transaction of its own, for a route that then opens its own
  transactions (a read held across them would take a second pool connection per request);
- `CallerInRead`: checked inside the route's `ReadSession` (one transaction fewer on the hot paths);
- `Authenticate`: the check itself, for a route that must run it inside a transaction it opens
  later (a push authenticates inside its write).
`WipingCaller` / `WipingAuthenticate` also admit a laptop that has been told to wipe (hello and
the wipe confirmation must reach it).

The bearer token and the laptop's id are declared as security schemes, so the OpenAPI
description says which operations need them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPBearer

from fieldcase.domain.rule_pack import RulePack
from fieldcase.server import devices
from fieldcase.server.audit import AuditTrail, trail
from fieldcase.server.config import Settings
from fieldcase.server.db import Database

#: declared for the OpenAPI description; the headers themselves are read by `devices.authenticate`
#: exactly as sent (HTTPBearer would also accept "bearer" in lower case, which the server never has)
_BEARER = HTTPBearer(
    scheme_name="access_token",
    auto_error=False,
    description="The access token from /auth/enroll or /auth/refresh.",
)
_DEVICE = APIKeyHeader(
    name="X-FC-Device",
    scheme_name="device_id",
    auto_error=False,
    description="The laptop's device id, with its access token.",
)


# The plain look-ups are `async def`: FastAPI runs a plain `def` dependency in its thread pool, a
# hop each that these do not need.


async def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _database(request: Request) -> Database:
    return request.app.state.db


async def _trail(request: Request) -> AuditTrail:
    return trail(request)


async def _address(request: Request) -> str | None:
    return (
        request.client.host if request.client else None
    )  # X-Forwarded-For only from 127.0.0.1 (uvicorn)


async def _rules(request: Request) -> RulePack:
    return request.app.state.rules


SettingsDep = Annotated[Settings, Depends(_settings)]
#: the agency's rule pack the server decides with (server/agency_rules.py: the settings' choice of
#: which kinds a supervisor approves over the built-in pack's)
RulesDep = Annotated[RulePack, Depends(_rules)]
DatabaseDep = Annotated[Database, Depends(_database)]
Trail = Annotated[AuditTrail, Depends(_trail)]
ClientAddress = Annotated[str | None, Depends(_address)]


def _read_session(db: DatabaseDep) -> Iterator[Any]:
    with db.read() as session:
        yield session


#: one read snapshot for the route, closed when the route returns (scope="function"), before the
#: answer is sent: the connection goes back to the pool as it did when routes opened it themselves
ReadSession = Annotated[Any, Depends(_read_session, scope="function")]


def _authenticator(
    request: Request, db: DatabaseDep, audit: Trail, *, allow_wipe_pending: bool
) -> Callable[..., devices.Principal]:
    def authenticate(session: Any = None) -> devices.Principal:
        """Who is calling; with `session`, checked inside that (read or write) transaction."""
        return devices.authenticate(
            db,
            request.headers.get("authorization"),
            request.headers.get("x-fc-device"),
            audit,
            request.app.state.limiter,
            allow_wipe_pending=allow_wipe_pending,
            session=session,
        )

    return authenticate


async def _authenticate(
    request: Request,
    db: DatabaseDep,
    audit: Trail,
    _token: Annotated[Any, Security(_BEARER)],
    _device: Annotated[Any, Security(_DEVICE)],
) -> Callable[..., devices.Principal]:
    return _authenticator(request, db, audit, allow_wipe_pending=False)


async def _wiping_authenticate(
    request: Request,
    db: DatabaseDep,
    audit: Trail,
    _token: Annotated[Any, Security(_BEARER)],
    _device: Annotated[Any, Security(_DEVICE)],
) -> Callable[..., devices.Principal]:
    return _authenticator(request, db, audit, allow_wipe_pending=True)


Authenticate = Annotated[Callable[..., devices.Principal], Depends(_authenticate)]
WipingAuthenticate = Annotated[Callable[..., devices.Principal], Depends(_wiping_authenticate)]


def _caller(authenticate: Authenticate) -> devices.Principal:
    return authenticate()


def _wiping_caller(authenticate: WipingAuthenticate) -> devices.Principal:
    return authenticate()


def _caller_in_read(authenticate: Authenticate, session: ReadSession) -> devices.Principal:
    return authenticate(session)


def _wiping_caller_in_read(
    authenticate: WipingAuthenticate, session: ReadSession
) -> devices.Principal:
    return authenticate(session)


Caller = Annotated[devices.Principal, Depends(_caller)]
WipingCaller = Annotated[devices.Principal, Depends(_wiping_caller)]
CallerInRead = Annotated[devices.Principal, Depends(_caller_in_read)]
WipingCallerInRead = Annotated[devices.Principal, Depends(_wiping_caller_in_read)]
