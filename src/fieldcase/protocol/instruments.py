"""`GET /instruments` and `GET /instruments/{id}/{version}`: the assessment instruments the office
loaded (server/instruments.py), for every enrolled laptop to hold offline (store/held_instruments.py).

The list is small (ids, versions, hashes) and read at every sync; a laptop fetches only the files
whose hash it does not hold, so a pack of a few hundred kilobytes crosses the network once."""

from __future__ import annotations

from pydantic import Field

from fieldcase.domain.instruments import MAX_BYTES
from fieldcase.protocol.base import Sha256, WireModel

#: an instrument's id and version as domain/instruments.py allows them (they name a URL path)
INSTRUMENT_ID_PATTERN = r"^[a-z0-9][a-z0-9_.-]{0,63}$"
INSTRUMENT_VERSION_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,31}$"


class InstrumentEntry(WireModel):
    instrument_id: str = Field(pattern=INSTRUMENT_ID_PATTERN)
    version: str = Field(pattern=INSTRUMENT_VERSION_PATTERN)
    sha256: Sha256
    #: retired: no new assessments with it; kept so the assessments rated with it still open
    retired: bool = False


class InstrumentList(WireModel):
    instruments: list[InstrumentEntry] = Field(max_length=500)


class InstrumentFile(WireModel):
    instrument_id: str = Field(pattern=INSTRUMENT_ID_PATTERN)
    version: str = Field(pattern=INSTRUMENT_VERSION_PATTERN)
    sha256: Sha256
    #: the JSON file as the office loaded it (docs/assessments.md)
    content: str = Field(max_length=MAX_BYTES)
