"""The reference lists a sync brings: the team directory, the office's resource directory and the
assessment instruments — each asked for only when it moved.

Every hello's answer names each list's version in its `X-FC-Lists` header (server/list_versions.py).
The laptop keeps, per list, the version it last brought whole (`lists_seen` in the sync state) and
skips a list whose version is unchanged: with the first page brought by the hello
(sync/engine.py), an auto-sync with nothing new is `/health` and the hello, not six requests.
A list is marked brought only when it was: a failed or partial refresh leaves it unmarked, so the
next sync asks again. A server that names no versions (an older release), or a header this laptop
cannot read, means every list is asked for, as before.

None of them ever stops a sync: a server without the endpoint (404) or a bad answer leaves the
laptop's list as it was."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from fieldcase.protocol.providers import ProviderDirectory
from fieldcase.protocol.sync import Directory
from fieldcase.protocol.version import REFERENCE_LISTS
from fieldcase.store import directory as directory_store
from fieldcase.store import resource_directory
from fieldcase.sync.errors import HttpError, ProtocolViolation
from fieldcase.sync.instruments import refresh_instruments

log = logging.getLogger(__name__)
M = TypeVar("M", bound=BaseModel)

_ITEM = re.compile(r"^\s*([a-z]{1,32})=([0-9a-f]{8,64})\s*$")


def parse(value: str | None) -> dict[str, str]:
    """The versions a hello named; anything unreadable is left out (that list is then asked for)."""
    if not value or len(value) > 1000:
        return {}
    found: dict[str, str] = {}
    for item in value.split(","):
        match = _ITEM.match(item)
        if match and match.group(1) in REFERENCE_LISTS:
            found[match.group(1)] = match.group(2)
    return found


def refresh_lists(session: Any, store: Any, sync_store: Any, told: dict[str, str]) -> None:
    """Bring the lists whose version moved (all of them when `told` is empty)."""
    seen = sync_store.lists_seen()
    refreshers: dict[str, Callable[[Any, Any], bool]] = {
        "directory": _directory,
        "providers": _providers,
        "instruments": refresh_instruments,
    }
    for name in REFERENCE_LISTS:
        version = told.get(name)
        if version is not None and seen.get(name) == version:
            continue  # the laptop holds this version already
        brought = refreshers[name](session, store)
        sync_store.note_list_seen(name, version if brought else None)


def _directory(session: Any, store: Any) -> bool:
    """The names of the people the user works with (shown instead of "Caseworker N")."""
    answer = _whole(session, "/directory", Directory, "team directory")
    if answer is not None:
        directory_store.replace(store, [e.model_dump(mode="json") for e in answer.entries])
    return answer is not None


def _providers(session: Any, store: Any) -> bool:
    """The office's resource directory (server/providers.py), held read-only for offline search."""
    answer = _whole(session, "/providers", ProviderDirectory, "resource directory")
    if answer is not None:
        resource_directory.replace(store, [p.model_dump(mode="json") for p in answer.providers])
    return answer is not None


def _whole(session: Any, path: str, model: type[M], what: str) -> M | None:
    try:
        return session.call("GET", path, model)
    except (HttpError, ProtocolViolation) as error:
        log.warning("%s not refreshed (%s)", what, getattr(error, "code", type(error).__name__))
        return None
