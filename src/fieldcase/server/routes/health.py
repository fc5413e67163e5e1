"""GET /health: the server answers and reaches its database (no sign-in)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from fieldcase import __version__
from fieldcase.protocol import SUPPORTED_PROTOCOL_VERSIONS
from fieldcase.server.routes.deps import ReadSession

router = APIRouter(tags=["server"])


@router.get("/health")
def health(session: ReadSession) -> dict:
    session.execute(select(1))
    return {
        "status": "ok",
        "version": __version__,
        "protocol_versions": list(SUPPORTED_PROTOCOL_VERSIONS),
    }
