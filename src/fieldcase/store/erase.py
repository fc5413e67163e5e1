"""Crypto-erase after a verified wipe command (security.md "Device states"): the key file's slots are
overwritten with random bytes before the file is removed — without them the encrypted database is
noise — then the database, its WAL, its backups and attachments go. A small PII-free marker says
"this device was wiped" so the app can tell the user instead of asking for a passphrase.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from fieldcase.store.paths import StorePaths

WIPED_MARKER = "wiped.json"


def _overwrite(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with open(path, "r+b") as handle:
        handle.write(secrets.token_bytes(max(size, 1)))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()


def crypto_erase(data_dir: str | Path, *, reason: str = "wipe_command") -> None:
    """Erase the store in `data_dir` (the store must already be locked). Idempotent."""
    paths = StorePaths.for_directory(data_dir)
    _overwrite(paths.key_file)  # first: from here on the data is unreadable
    for path in paths.database_companions():
        _overwrite(path)
    if paths.backups.exists():
        for path in paths.backups.iterdir():
            _overwrite(path) if path.is_file() else shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(paths.backups, ignore_errors=True)
    paths.unlock_state.unlink(missing_ok=True)
    marker = paths.data_dir / WIPED_MARKER
    marker.write_text(
        json.dumps({"wiped_at": datetime.now(UTC).isoformat(timespec="seconds"), "reason": reason})
    )


def was_wiped(data_dir: str | Path) -> bool:
    paths = StorePaths.for_directory(data_dir)
    return (paths.data_dir / WIPED_MARKER).exists() and not paths.key_file.exists()
