"""The two halves of a sync: POST /sync/push (the laptop's changes, server/pushes.py) and
GET /sync/changes (a page of what changed on the caller's caseload since its cursor,
server/changes.py).

The pull's page size is bounded by the server's settings, and the OpenAPI description states those
bounds: that route is made by `pull_router(limits)` when the app is built, not at import."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from fieldcase.protocol import ChangesPage, PushRequest, PushResponse
from fieldcase.server import changes, devices, pushes, resolutions
from fieldcase.server.config import Limits
from fieldcase.server.routes.deps import Authenticate, DatabaseDep, RulesDep, SettingsDep, Trail

router = APIRouter(tags=["sync"])


@router.post("/sync/push", response_model=PushResponse)
def push(
    body: PushRequest,
    db: DatabaseDep,
    settings: SettingsDep,
    rules: RulesDep,
    audit: Trail,
    authenticate: Authenticate,
) -> Response:
    caller: list[devices.Principal] = []

    def who(session: Any) -> devices.Principal:  # checked inside the push's own write transaction
        caller.append(authenticate(session))
        return caller[-1]

    answer = pushes.push(db, who, body, audit, grace=settings.grace_period, rules=rules)
    if any(m.resolves for m in body.readable()):
        resolutions.settle_conflicts(db, caller[-1], body.readable(), answer.results, audit)
    return json_answer(answer)


def pull_router(limits: Limits) -> APIRouter:
    pulls = APIRouter(tags=["sync"])

    @pulls.get("/sync/changes", response_model=ChangesPage)
    def pull(
        authenticate: Authenticate,
        db: DatabaseDep,
        audit: Trail,
        cursor: str | None = Query(default=None, max_length=500, pattern=r"^[A-Za-z0-9_-]*$"),
        limit: int = Query(default=limits.default_page, ge=1, le=limits.max_page),
    ) -> Response:
        # one connection at a time: the read is given back before a changed caseload is recorded
        # (which writes); a read held across that write took a second pool connection per pull, and
        # 50 such pulls on one worker exhausted the pool (tests/.../test_one_connection_at_a_time.py)
        with db.read() as session:
            who = authenticate(session)
            page = changes.settled_page(session, who, cursor, limit)
        if (
            page is None
        ):  # the caseload changed: recorded first, with the read connection given back
            page = changes.changes_page(db, who, cursor, limit)
        changes.audit_pull(audit, page)
        return json_answer(page)

    return pulls


def json_answer(model: Any) -> Response:
    """An answer already built as its protocol model (validated when it was made): serialised once,
    without FastAPI's re-validation against the response model (the OpenAPI schema still names it).
    Pages of 500-1000 records and pushes of 500 results are where that second pass costs."""
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")
