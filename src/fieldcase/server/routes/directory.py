"""GET /directory: the names of the people the caller works with (scope.directory_users), for the
laptop to show beside the records they wrote."""

from __future__ import annotations

from fastapi import APIRouter

from fieldcase.protocol.sync import Directory, DirectoryEntry
from fieldcase.server.routes.deps import CallerInRead, ReadSession, Trail
from fieldcase.server.scope import directory_users

router = APIRouter(tags=["sync"])


@router.get("/directory", response_model=Directory)
def directory(who: CallerInRead, session: ReadSession, audit: Trail) -> Directory:
    """Names of the people the caller works with (scope.directory_users), for the laptop to show."""
    users = session.execute(directory_users(who)).scalars()
    entries = [
        DirectoryEntry(user_id=u.id, display_name=(u.display_name or u.username)[:200], role=u.role)
        for u in users
    ]
    audit.add("directory", detail={"entries": len(entries)})
    return Directory(entries=entries)
