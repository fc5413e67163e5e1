"""The assessment instruments this laptop knows (domain/instruments.py; docs/assessments.md).

Found, in this order (a later file with the same id and version as an earlier one is ignored):
1. the instruments bundled with fieldcase (`resources/instruments/*.json`: the independent-living
   skills checklist written for this project);
2. the directory named by `FIELDCASE_INSTRUMENTS`;
3. `instruments/` next to the installed app (beside the agency's `fieldcase-deployment.json`);
4. `instruments/` in the laptop's data directory.

An agency that holds a licensed pack (the CANS) puts its JSON there with its deployment files. A
file that is not a usable instrument is left out and reported (`Loaded.problems`: the file and
the place in it), never a crash; the laptop goes on with the others.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldcase.bundled import resource
from fieldcase.domain.instruments import MAX_BYTES, Instrument, InstrumentError, find, parse_instrument

ENVIRONMENT = "FIELDCASE_INSTRUMENTS"


@dataclass(frozen=True)
class Loaded:
    instruments: tuple[Instrument, ...]
    problems: tuple[InstrumentError, ...]

    def find(self, instrument_id: str, version: str | None = None) -> Instrument | None:
        return find(self.instruments, instrument_id, version)


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
    return sorted((f"fieldcase:{entry.name}", entry.read_bytes()) for entry in folder.iterdir() if entry.name.endswith(".json"))


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


def load_instruments(data_dir: Path | str | None = None) -> Loaded:
    """Every instrument found (see the module's docstring), with the files left out and why."""
    sources = _bundled()
    for directory in agency_directories(Path(data_dir) if data_dir is not None else None):
        sources += _files(directory)
    key = tuple((name, hash(raw)) for name, raw in sources)
    if key in _cache:
        return _cache[key]
    instruments: dict[tuple[str, str], Instrument] = {}
    problems: list[InstrumentError] = []
    for name, raw in sources:
        try:
            if not raw:
                raise InstrumentError(name, "", "could not be read, or is larger than an instrument can be")
            instrument = parse_instrument(raw, source=name)
        except InstrumentError as err:
            problems.append(err)
            continue
        instruments.setdefault(instrument.key, instrument)
    loaded = Loaded(tuple(instruments.values()), tuple(problems))
    _cache.clear()
    _cache[key] = loaded
    return loaded


def last_loaded() -> Loaded:
    """The instruments as the last `load_instruments` found them, without reading a file (the
    window's thread does no I/O; the store worker loads them when an assessment is made or opened)."""
    return next(iter(_cache.values()), Loaded((), ()))


def for_store(store: Any) -> Loaded:
    """The instruments of the laptop whose store this is (its data directory's `instruments/`)."""
    paths = getattr(store, "paths", None)
    return load_instruments(getattr(paths, "data_dir", None))
