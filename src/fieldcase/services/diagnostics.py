"""Help → Copy diagnostics: what IT needs to look into a problem, and nothing personal.

The app's version, the platform, Python and Qt versions, the store's schema revision and its sync
counts (outbox mutations by state, open Needs-attention items, the last sync's time) and the last
lines of the log file, which holds allow-listed fields only (fieldcase.logs). No names, no record
contents, no user or device ids, no server address.
"""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcase import __version__, logs

if TYPE_CHECKING:
    from fieldcase.services.session import Session

LOG_LINES = 200


def diagnostics_text(
    session: Session | None,
    *,
    qt_version: str,
    log_path: Path | None = None,
    lines: int = LOG_LINES,
) -> str:
    """The report as plain text (runs on the store worker: it reads the store when it is open)."""
    out = [
        f"fieldcase {__version__}",
        f"platform: {platform.system()} {platform.release()} ({platform.machine()})",
        f"python: {platform.python_version()}",
        f"qt: {qt_version}",
        f"frozen bundle: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
    ]
    out += _store_lines(session)
    out += _instrument_lines(session)
    path = log_path or logs.log_file()
    out.append(f"log file: {path.name} ({'present' if path.exists() else 'absent'})")
    tail = logs.last_lines(lines, path=path)
    out.append(f"last {len(tail)} log lines:")
    out += [f"  {line}" for line in tail]
    return "\n".join(out) + "\n"


def _instrument_lines(session: Session | None) -> list[str]:
    """The assessment instruments found (ids and versions) and each file left out with why
    (docs/assessments.md): how IT learns that an agency's pack did not load."""
    from fieldcase.services.instruments import for_store, load_instruments

    if session is not None and not session.is_locked:  # with those the server sent
        loaded = for_store(session.store)
    else:
        loaded = load_instruments(getattr(session, "data_dir", None))
    found = (
        ", ".join(f"{i.id} {i.version}" for i in sorted(loaded.instruments, key=lambda i: i.key))
        or "none"
    )
    retired = ", ".join(f"{i.id} {i.version}" for i in sorted(loaded.retired, key=lambda i: i.key))
    return (
        [f"assessment instruments: {found}"]
        + ([f"  retired (kept for the assessments rated with them): {retired}"] if retired else [])
        + [f"  not loaded: {problem}" for problem in loaded.problems]
    )


def _store_lines(session: Session | None) -> list[str]:
    if session is None or session.is_locked:
        return ["store: locked (unlock for its schema and sync counts)"]
    from fieldcase.store.diagnostics import summary

    try:
        facts = summary(session.store)
    except Exception as error:  # noqa: BLE001 — a damaged store must not stop the report
        return [f"store: unreadable ({type(error).__name__})"]
    states = ", ".join(f"{state} {count}" for state, count in facts.outbox.items()) or "empty"
    return [
        f"store schema: {facts.schema_revision or 'none'}",
        f"outbox: {states}",
        f"needs attention (open): {facts.attention_open}",
        f"last sync: {facts.last_sync_at or 'never'}",
    ]
