"""The assessment instruments the office loaded (GET /instruments, server/instruments.py), brought
to the laptop at each sync and held for offline use (store/held_instruments.py).

The list is read when the hello says it moved (sync/lists.py: ids, versions, hashes, retired); a
file is fetched only when the laptop
does not hold it with that hash, so the pack crosses the network once. Each file is checked again
here — its hash, and the same reader the server used (domain/instruments.py) — and one that fails
is left out (the rest are kept). Like the team directory, it never stops a sync: a server without
the endpoint, or a bad answer, leaves the laptop's instruments as they were."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from fieldcase.domain.instruments import InstrumentError, parse_instrument
from fieldcase.protocol.instruments import InstrumentFile, InstrumentList
from fieldcase.store import held_instruments
from fieldcase.sync.errors import HttpError, ProtocolViolation

log = logging.getLogger(__name__)


def refresh_instruments(session: Any, store: Any) -> bool:
    """True when the laptop now holds the whole list as the server gave it (every file fetched);
    False leaves the list to be asked for again at the next sync (sync/lists.py)."""
    try:
        listed = session.call("GET", "/instruments", InstrumentList)
    except (HttpError, ProtocolViolation) as error:
        log.warning("instruments not refreshed (%s)", getattr(error, "code", type(error).__name__))
        return False
    whole = True
    held = held_instruments.hashes(store)
    fetched: dict[tuple[str, str], tuple[str, str]] = {}
    kept: list[tuple[str, str, bool]] = []
    for entry in listed.instruments:
        key = (entry.instrument_id, entry.version)
        if held.get(key) != entry.sha256:
            content = _fetch(session, entry.instrument_id, entry.version, entry.sha256)
            if content is None:
                whole = False
                if key in held:  # the old file stays until a good one comes
                    kept.append((*key, entry.retired))
                continue
            fetched[key] = (entry.sha256, content)
        kept.append((*key, entry.retired))
    held_instruments.replace(store, kept, fetched)
    return whole


def _fetch(session: Any, instrument_id: str, version: str, sha256: str) -> str | None:
    try:
        answer = session.call("GET", f"/instruments/{instrument_id}/{version}", InstrumentFile)
    except (HttpError, ProtocolViolation) as error:
        log.warning(
            "an instrument file was not fetched (%s)", getattr(error, "code", type(error).__name__)
        )
        return None
    if hashlib.sha256(answer.content.encode("utf-8")).hexdigest() != sha256 or (
        answer.instrument_id,
        answer.version,
    ) != (instrument_id, version):
        log.warning("an instrument file did not match its hash; left out")
        return None
    try:
        instrument = parse_instrument(answer.content, source=f"server:{instrument_id}")
    except InstrumentError as error:
        log.warning(
            "an instrument file from the server is not usable (%s); left out", error.where or "file"
        )
        return None
    if instrument.key != (instrument_id, version):
        log.warning("an instrument file names another id or version; left out")
        return None
    return answer.content
