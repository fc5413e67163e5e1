"""GET /records/{record_id}: one record the caller may see, as a change (404 alike for "does not
exist" and "not yours")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from fieldcase.protocol import Change
from fieldcase.protocol.base import UUID_PATTERN
from fieldcase.server import changes
from fieldcase.server.apierrors import not_found
from fieldcase.server.routes.deps import Caller, DatabaseDep, Trail
from fieldcase.server.scope import find_record

router = APIRouter(tags=["records"])

#: path parameters obey the protocol's id rules (a NUL never reaches a query)
RecordId = Annotated[
    str, Path(min_length=36, max_length=36, pattern=UUID_PATTERN, description="a record id (UUID)")
]


@router.get("/records/{record_id}", response_model=Change)
def get_record(record_id: RecordId, who: Caller, db: DatabaseDep, audit: Trail) -> Change:
    with db.read() as session:
        record = find_record(session, who, record_id)
        if record is None:
            audit.add("read", outcome="denied", target_kind="record", target_id=record_id[:64])
            raise not_found()
        audit.add("read", target_kind=record.kind, target_id=record.id)
        return changes.build_changes(session, [record])[0]
