"""GET /health: the server answers and reaches its database (no sign-in).

Every laptop asks it before each automatic sync and monitoring asks it all day, so it is one trip
to the thread pool (an `async def` route handing the database check over once), not the three a
plain route with a read-session dependency takes."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from fieldcase import __version__
from fieldcase.protocol import SUPPORTED_PROTOCOL_VERSIONS
from fieldcase.server.db import Database
from fieldcase.server.routes.deps import DatabaseDep

router = APIRouter(tags=["server"])


@router.get("/health")
async def health(db: DatabaseDep) -> dict:
    await run_in_threadpool(_database_answers, db)
    return {
        "status": "ok",
        "version": __version__,
        "protocol_versions": list(SUPPORTED_PROTOCOL_VERSIONS),
    }


def _database_answers(db: Database) -> None:
    with db.read() as session:
        session.execute(text("SELECT 1"))
