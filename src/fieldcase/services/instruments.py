"""The assessment instruments this laptop knows (domain/instruments.py; docs/assessments.md).

Found, in this order (a later file with the same id and version as an earlier one is ignored):
1. the instruments bundled with fieldcase (`resources/instruments/*.json`: the independent-living
   skills checklist written for this project);
2. the instruments the office loaded on the server (`fieldcase-server instruments add`), held in
   the store since the last sync (store/held_instruments.py) — how an agency's licensed pack (the
   CANS) reaches every laptop;
3. the directory named by `FIELDCASE_INSTRUMENTS`;
4. `instruments/` next to the installed app (beside the agency's `fieldcase-deployment.json`);
5. `instruments/` in the laptop's data directory.

A file that is not a usable instrument is left out and reported (`Loaded.problems`: the file and
the place in it), never a crash; the laptop goes on with the others. An instrument the office
retired is not offered for new assessments nor due (`Loaded.instruments` leaves it out), and is
still found by its version for the assessments rated with it (`Loaded.find`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldcase.bundled import resource
from fieldcase.domain.instruments import (
    MAX_BYTES,
    Instrument,
    InstrumentError,
    find,
    parse_instrument,
)

ENVIRONMENT = "FIELDCASE_INSTRUMENTS"


@dataclass(frozen=True)
class Loaded:
    #: offered for new assessments and due by their interval
    instruments: tuple[Instrument, ...]
    problems: tuple[InstrumentError, ...]
    #: retired by the office: read only for the assessments rated with them
    retired: tuple[Instrument, ...] = ()

    def find(self, instrument_id: str, version: str | None = None) -> Instrument | None:
        """That version (retired or not: an assessment opens with the version it was rated on), or
        the newest version offered for new assessments."""
        if version is not None:
            return find(self.instruments + self.retired, instrument_id, version)
        return find(self.instruments, instrument_id, None)


def agency_directories(data_dir: Path | None = None) -> list[Path]:
    found: list[Path] = []
    explicit = os.environ.get(ENVIRONMENT)
    if explicit:
        found.append(Path(explicit))
    if getattr(sys, "frozen", False):
        found.append(Path(sys.executable).resolve().parent / "instruments")
    if data_dir is not None:
        found.append(Path(data_dir) / "instruments")
    return found


def _bundled() -> list[tuple[str, bytes]]:
    folder = resource("instruments")
    return sorted(
        (f"fieldcase:{entry.name}", entry.read_bytes())
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )


def _files(directory: Path) -> list[tuple[str, bytes]]:
    if not directory.is_dir():
        return []
    found = []
    for path in sorted(directory.glob("*.json")):
        try:
            if path.stat().st_size > MAX_BYTES:
                found.append((str(path), b""))  # reported below as not an instrument
                continue
            found.append((str(path), path.read_bytes()))
        except OSError:
            found.append((str(path), b""))
    return found


_cache: dict[Any, Loaded] = {}


def load_instruments(
    data_dir: Path | str | None = None, held: tuple[tuple[str, bytes, bool], ...] = ()
) -> Loaded:
    """Every instrument found (see the module's docstring), with the files left out and why.
    `held`: the server's files the store holds (name, content, retired)."""
    sources = _bundled() + [(name, raw) for name, raw, _retired in held]
    for directory in agency_directories(Path(data_dir) if data_dir is not None else None):
        sources += _files(directory)
    retired_files = {name for name, _raw, retired in held if retired}
    key = tuple((name, hash(raw), name in retired_files) for name, raw in sources)
    if key in _cache:
        return _cache[key]
    instruments: dict[tuple[str, str], Instrument] = {}
    retired: set[tuple[str, str]] = set()
    problems: list[InstrumentError] = []
    for name, raw in sources:
        try:
            if not raw:
                raise InstrumentError(
                    name, "", "could not be read, or is larger than an instrument can be"
                )
            instrument = parse_instrument(raw, source=name)
        except InstrumentError as err:
            problems.append(err)
            continue
        if (
            instruments.setdefault(instrument.key, instrument) is instrument
            and name in retired_files
        ):
            retired.add(instrument.key)
    loaded = Loaded(
        tuple(i for k, i in instruments.items() if k not in retired),
        tuple(problems),
        tuple(i for k, i in instruments.items() if k in retired),
    )
    _cache.clear()
    _cache[key] = loaded
    return loaded


def last_loaded() -> Loaded:
    """The instruments as the last `load_instruments` found them (the store worker's `for_store`,
    with the server's, when an assessment is made or opened), without reading a file: the window's
    thread does no I/O."""
    return next(iter(_cache.values()), Loaded((), ()))


def for_store(store: Any) -> Loaded:
    """The instruments of the laptop whose store this is: those the server sent (held in the store)
    and its data directory's `instruments/`."""
    from fieldcase.store import held_instruments

    paths = getattr(store, "paths", None)
    held = tuple(
        (f"server:{h.instrument_id}@{h.version}", h.content.encode("utf-8"), h.retired)
        for h in held_instruments.held(store)
    )
    return load_instruments(getattr(paths, "data_dir", None), held)
