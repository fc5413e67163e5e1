"""GET /health: the server answers and reaches its database (no sign-in).

Every laptop asks it before each automatic sync and monitoring asks it all day, so it is one trip
to the thread pool (an `async def` route handing the database check over once), not the three a
plain route with a read-session dependency takes. A database that answered counts as answering for
`ANSWERED_FOR`: a morning burst of 200 laptops made 200 checks of four database round trips each
where one a second tells a load balancer or monitoring as much. A check that fails is not kept:
the next request checks again."""

from __future__ import annotations

import time
from weakref import WeakKeyDictionary

from fastapi import APIRouter
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from fieldcase import __version__
from fieldcase.protocol import SUPPORTED_PROTOCOL_VERSIONS
from fieldcase.server.db import Database
from fieldcase.server.routes.deps import DatabaseDep

router = APIRouter(tags=["server"])


#: seconds a database that answered /health counts as answering without being asked again
ANSWERED_FOR = 1.0
#: per database (each app has its own): when it last answered, on the monotonic clock
_answered: WeakKeyDictionary[Database, float] = WeakKeyDictionary()


@router.get("/health")
async def health(db: DatabaseDep) -> dict:
    last = _answered.get(db)
    if last is None or time.monotonic() - last >= ANSWERED_FOR:
        await run_in_threadpool(_database_answers, db)
        _answered[db] = time.monotonic()
    return {
        "status": "ok",
        "version": __version__,
        "protocol_versions": list(SUPPORTED_PROTOCOL_VERSIONS),
    }


def _database_answers(db: Database) -> None:
    with db.read() as session:
        session.execute(text("SELECT 1"))
