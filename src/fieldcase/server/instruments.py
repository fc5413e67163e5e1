"""Assessment instruments the office loads for every laptop (docs/assessments.md): the agency's
licensed pack (the CANS) or an instrument of its own, added with `fieldcase-server instruments
add FILE`, listed and retired the same way, and sent to every enrolled laptop at its next sync
(`GET /instruments`, then each file it lacks), which keeps them for offline use.

A file is checked by the very reader the laptop uses (domain/instruments.py): a bad one is refused
with the place in it that is wrong, and nothing is written. Each id and version is one row, never
changed: a new version of the pack is a new file (a new `"version"`); laptops then start new
assessments with the newest version while those already rated keep opening with theirs. Retiring
an instrument (or one version) stops new assessments with it; its file stays on the laptops so the
assessments rated with it still read with their items and anchors.

The built-in independent-living checklist ships with the app and is not loaded here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from fieldcase.domain.instruments import MAX_BYTES, Instrument, InstrumentError, parse_instrument
from fieldcase.errors import UserError
from fieldcase.server.db import Database
from fieldcase.server.models import AssessmentInstrument, AuditLog, utcnow


@dataclass(frozen=True)
class InstrumentRow:
    instrument_id: str
    version: str
    name: str
    sha256: str
    active: bool


def _row(i: AssessmentInstrument) -> InstrumentRow:
    return InstrumentRow(i.instrument_id, i.version, i.name, i.sha256, i.active)


def read_file(path: str | Path) -> bytes:
    """The file an admin named, refused with words when it cannot be an instrument before reading it."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(
                f"{path.name}: larger than an instrument can be ({MAX_BYTES // (1024 * 1024)} MB).",
                code="bad_instrument",
            )
        return path.read_bytes()
    except OSError as err:
        raise UserError(
            f"{path.name}: cannot be read ({err.strerror or type(err).__name__}).",
            code="bad_instrument",
        ) from None


def check(content: bytes, *, source: str) -> tuple[Instrument, str]:
    """The instrument in `content` and its text, or a `UserError` naming `source` and the place."""
    try:
        instrument = parse_instrument(content, source=source)
        text = content.decode("utf-8-sig")  # a BOM (Notepad) is not part of the text
    except InstrumentError as err:
        raise UserError(f"Not an instrument: {err}", code="bad_instrument") from None
    except UnicodeDecodeError:
        raise UserError(
            f"Not an instrument: {source}: is not UTF-8 text", code="bad_instrument"
        ) from None
    return instrument, text


def add_instrument(
    db: Database, content: bytes, *, source: str, by: str | None = None
) -> InstrumentRow:
    """Load an instrument file for every laptop. The same id and version twice is refused unless
    the file is the same (then nothing changes): a changed pack needs a new version."""
    instrument, text = check(content, source=source)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with db.write() as session:
        found = session.get(AssessmentInstrument, (instrument.id, instrument.version))
        if found is not None:
            if found.sha256 != digest:
                raise UserError(
                    f"{instrument.id} version {instrument.version} is loaded already with other contents; "
                    'give the changed file a new "version".',
                    code="duplicate_instrument",
                )
            if not found.active:  # loading a retired file again brings it back
                found.active, found.updated_at = True, utcnow()
                session.add(
                    AuditLog(
                        actor_user_id=by,
                        action="instrument_add",
                        outcome="ok",
                        target_kind="instrument",
                        target_id=_target(found.instrument_id, found.version),
                    )
                )
            return _row(found)
        row = AssessmentInstrument(
            instrument_id=instrument.id,
            version=instrument.version,
            name=instrument.name.en[:400],
            content=text,
            sha256=digest,
            active=True,
            added_at=utcnow(),
            updated_at=utcnow(),
        )
        session.add(row)
        session.add(
            AuditLog(
                actor_user_id=by,
                action="instrument_add",
                outcome="ok",
                target_kind="instrument",
                target_id=_target(instrument.id, instrument.version),
            )
        )
        return _row(row)


def _target(instrument_id: str, version: str) -> str:
    return f"{instrument_id}@{version}"[:64]


def retire_instrument(
    db: Database, instrument_id: str, *, version: str | None = None, by: str | None = None
) -> int:
    """No new assessments with the instrument (every version, or the one named); returns how many
    versions were retired. Assessments already rated keep opening with their version."""
    with db.write() as session:
        query = select(AssessmentInstrument).where(
            AssessmentInstrument.instrument_id == instrument_id
        )
        if version is not None:
            query = query.where(AssessmentInstrument.version == version)
        found = list(session.execute(query).scalars())
        if not found:
            raise UserError(
                "No such instrument (see `fieldcase-server instruments list`).",
                code="no_instrument",
            )
        retired = 0
        for row in found:
            if row.active:
                row.active, row.updated_at = False, utcnow()
                retired += 1
                session.add(
                    AuditLog(
                        actor_user_id=by,
                        action="instrument_retire",
                        outcome="ok",
                        target_kind="instrument",
                        target_id=_target(row.instrument_id, row.version),
                    )
                )
        return retired


def list_instruments(db: Database, *, include_retired: bool = False) -> list[InstrumentRow]:
    with db.read() as session:
        return every_instrument(session, include_retired=include_retired)


def every_instrument(session, *, include_retired: bool = True) -> list[InstrumentRow]:
    """By id, then version as loaded. Laptops receive the retired ones too (marked): the
    assessments rated with them must still open."""
    query = select(AssessmentInstrument).order_by(
        AssessmentInstrument.instrument_id,
        AssessmentInstrument.added_at,
        AssessmentInstrument.version,
    )
    if not include_retired:
        query = query.where(AssessmentInstrument.active.is_(True))
    return [_row(i) for i in session.execute(query).scalars()]


def content_of(session, instrument_id: str, version: str) -> tuple[InstrumentRow, str] | None:
    found = session.get(AssessmentInstrument, (instrument_id, version))
    return (_row(found), found.content) if found is not None else None
