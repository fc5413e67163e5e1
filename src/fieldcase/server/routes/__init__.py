"""The server's routes, one `APIRouter` per feature, in the order the OpenAPI description lists them.

A route names what it needs as a dependency (routes/deps.py: the settings, the database, the audit
trail, a read snapshot, who is calling); `create_app` includes every router of `routers(settings)`.
A new feature: a module here with its `router` (routes/providers.py is the shape of a read-only
list), added below; its error statuses in server/openapi.py `_OWN` if it has its own."""

from __future__ import annotations

from fastapi import APIRouter

from fieldcase.server.config import Settings
from fieldcase.server.routes import (
    approvals,
    attachments,
    auth,
    directory,
    health,
    hello,
    instruments,
    providers,
    push_pull,
    records,
)


def routers(settings: Settings) -> list[APIRouter]:
    return [
        health.router,
        auth.router,
        hello.router,
        directory.router,
        providers.router,
        instruments.router,
        push_pull.router,
        push_pull.pull_router(settings.limits),  # its page bounds come from the settings
        records.router,
        approvals.router,
        attachments.router,
    ]
