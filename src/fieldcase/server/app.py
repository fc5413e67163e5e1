"""The FastAPI application: middleware, error answers and the routers of server/routes/.

`create_app(settings)` builds everything from settings (no globals); tests use it with a
TestClient, `fieldcase-server run` serves it with uvicorn. OpenAPI at /docs.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from fieldcase import __version__
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.protocol import PROTOCOL_VERSION
from fieldcase.server import apierrors, devices, openapi, routes
from fieldcase.server import audit as audit_log
from fieldcase.server.admission import AdmissionMiddleware
from fieldcase.server.agency_rules import agency_rules
from fieldcase.server.config import Settings
from fieldcase.server.db import Database
from fieldcase.server.limits import LimitsMiddleware
from fieldcase.server.request_log import RequestLogMiddleware

#: FastAPI's own OpenTelemetry (spans, metrics, and logs of validation failures and unhandled
#: exceptions with their messages and stack traces) is off whatever the machine sets up: those
#: messages are not ours to vet (a database error quotes the row it refused; security.md "Leaks").
#: What the server tells operators goes through its own log lines (server/request_log.py).
_NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
    "auto_configure": False,
}


def create_app(
    settings: Settings, db: Database | None = None, *, rules: RulePack = DEFAULT_RULES
) -> FastAPI:
    owned = db is None
    db = db or Database(settings.database_url, pool=settings.db_pool)
    limiter = devices.RateLimiter(settings.limits.rate_per_second, settings.limits.rate_burst)
    app = FastAPI(
        title="fieldcase server",
        version=__version__,
        docs_url="/docs",
        lifespan=_lifespan(db, owned=owned),
        telemetry=_NO_TELEMETRY,
    )
    # what the routes' dependencies hand them (routes/deps.py)
    app.state.db, app.state.settings, app.state.limiter = db, settings, limiter
    # the agency's rule pack: which kinds a supervisor approves (domain/approval.py), the settings'
    # choice over the built-in pack's (server/agency_rules.py)
    app.state.rules = agency_rules(settings.approval_required, rules)
    # innermost of the three: a request takes its turn once its body is in (server/admission.py)
    app.add_middleware(
        AdmissionMiddleware,
        slots=settings.limits.concurrent_requests or settings.db_pool,
        wait=settings.limits.queue_wait_seconds,
    )
    app.add_middleware(
        LimitsMiddleware,
        limits=settings.limits,
        db=db,
        audit_batch_seconds=settings.audit_batch_seconds,
    )
    app.add_middleware(
        RequestLogMiddleware
    )  # outermost: one JSON line per request, a request id (request_log.py)

    apierrors.install(app)  # every error in the protocol's shape
    openapi.describe(app)  # ... and declared, operation by operation
    for router in routes.routers(settings):  # one per feature (server/routes/)
        app.include_router(router)
    return app


def _lifespan(db: Database, *, owned: bool) -> Any:
    """At shutdown: the queued audit rows committed (audit.lifespan), then the database's pooled
    connections closed if this app opened the database (a worker's own, from `app_from_env`);
    a database the caller passed in stays the caller's to close."""
    audit_span = audit_log.lifespan(db)

    @contextlib.asynccontextmanager
    async def span(app: FastAPI) -> AsyncIterator[None]:
        try:
            async with audit_span(app):
                yield
        finally:
            if owned:
                db.dispose()

    return span


def app_from_env() -> FastAPI:
    """The app of one `fieldcase-server run` worker: the database from $FIELDCASE_SERVER_DB
    (set by `run` from --db), default settings otherwise."""
    import os

    from fieldcase.server.db import database_url
    from fieldcase.server.slow_clients import (
        DEFAULT_BODY_TIMEOUT,
        ENV_BODY_TIMEOUT,
        seconds_from_env,
    )

    settings = Settings(database_url=database_url())  # FIELDCASE_* and the settings file
    if os.environ.get(ENV_BODY_TIMEOUT):  # `run --body-timeout`: the same bound as the connection's
        timeout = seconds_from_env(ENV_BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT)
        settings = settings.model_copy(
            update={"limits": settings.limits.model_copy(update={"body_timeout": timeout})}
        )
    return create_app(settings)


__all__ = ["PROTOCOL_VERSION", "app_from_env", "create_app"]
