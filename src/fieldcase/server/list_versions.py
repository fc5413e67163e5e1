"""Which reference lists moved (issue 19: a no-op sync asks for no list).

The team directory, the resource directory and the instruments list are sent whole (routes/
directory.py, providers.py, instruments.py). Every hello's answer carries, in the `X-FC-Lists`
header, one version per list; a laptop asks for a list only when its version differs from the one
it last stored (sync/lists.py). A header, not a field of the hello's answer: the protocol's models
refuse fields they do not know, so laptops of an older release keep working and ask for every list
as before, and a newer laptop talking to an older server, which sends no header, does the same.

A version is a digest of what decides the list's content for this caller:
- the list's generation, moved by the database's triggers whenever a row the list shows changes
  (models.ListGeneration, migration 0010: admin commands, the agency import and hand-written SQL
  alike);
- the server's epoch (a restored database starts a new one) and the server's release (a new release
  may word a list differently);
- for the directory, who asks (the people one works with differ per user and team).
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcase import __version__
from fieldcase.protocol.version import REFERENCE_LISTS
from fieldcase.server.devices import Principal
from fieldcase.server.models import ListGeneration


def versions(session: Session, principal: Principal, epoch: str) -> dict[str, str]:
    """Each list's version for `principal`, read in `session` (the hello's own read)."""
    generations = {
        row.name: row.value
        for row in session.execute(select(ListGeneration.name, ListGeneration.value))
    }
    found: dict[str, str] = {}
    for name in REFERENCE_LISTS:
        if name not in generations:  # a database whose numbers are gone: say nothing, laptops ask
            continue
        who = (
            f"{principal.user_id}|{principal.team_id}|{principal.role}"
            if name == "directory"
            else ""
        )
        text = f"{name}|{generations[name]}|{epoch}|{__version__}|{who}"
        found[name] = hashlib.sha256(text.encode()).hexdigest()[:24]
    return found


def header_value(found: dict[str, str]) -> str:
    """`directory=…, providers=…, instruments=…` (the laptop reads it with sync/lists.py `parse`)."""
    return ", ".join(f"{name}={version}" for name, version in found.items())
