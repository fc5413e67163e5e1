"""GET /instruments and GET /instruments/{id}/{version}: the assessment instruments the office loaded
(server/instruments.py) — the list of ids, versions and hashes (retired ones marked), and one file;
the laptop fetches the files it lacks (sync/instruments.py). The shape of routes/providers.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from fieldcase.protocol.instruments import (
    INSTRUMENT_ID_PATTERN,
    INSTRUMENT_VERSION_PATTERN,
    InstrumentEntry,
    InstrumentFile,
    InstrumentList,
)
from fieldcase.server import instruments
from fieldcase.server.apierrors import not_found
from fieldcase.server.routes.deps import CallerInRead, ReadSession, Trail

router = APIRouter(tags=["sync"])


@router.get("/instruments", response_model=InstrumentList)
def instrument_list(who: CallerInRead, session: ReadSession, audit: Trail) -> InstrumentList:
    """The assessment instruments the office loaded: ids, versions and hashes, retired ones marked."""
    rows = instruments.every_instrument(session)
    audit.add("instruments", detail={"entries": len(rows)})
    return InstrumentList(
        instruments=[
            InstrumentEntry(
                instrument_id=r.instrument_id,
                version=r.version,
                sha256=r.sha256,
                retired=not r.active,
            )
            for r in rows
        ]
    )


@router.get("/instruments/{instrument_id}/{version}", response_model=InstrumentFile)
def instrument_file(
    who: CallerInRead,
    session: ReadSession,
    audit: Trail,
    instrument_id: Annotated[str, Path(max_length=64, pattern=INSTRUMENT_ID_PATTERN)],
    version: Annotated[str, Path(max_length=32, pattern=INSTRUMENT_VERSION_PATTERN)],
) -> InstrumentFile:
    """One instrument file, as the office loaded it."""
    found = instruments.content_of(session, instrument_id, version)
    if found is None:
        raise not_found()
    row, content = found
    audit.add(
        "instrument", target_kind="instrument", target_id=f"{row.instrument_id}@{row.version}"[:64]
    )
    return InstrumentFile(
        instrument_id=row.instrument_id, version=row.version, sha256=row.sha256, content=content
    )
