"""Where a store's files live. Paths come only from the app's data directory, never from user input.

SQLCipher honours `file:` URIs with `?key=` and `mode=memory`, so a path is refused unless it is a
plain absolute directory path (security.md, "URI path injection").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

KEY_FILE = "fieldcase.key"
DATABASE = "fieldcase.db"
UNLOCK_STATE = "unlock-state.json"
BACKUPS = "backups"
_FORBIDDEN = ("?", "#", "\x00", "file:")


class UnsafeDataDirectory(ValueError):
    """The data directory path could be interpreted as an SQLite URI or is not a real directory."""


@dataclass(frozen=True)
class StorePaths:
    data_dir: Path

    @classmethod
    def for_directory(cls, data_dir: str | os.PathLike[str]) -> StorePaths:
        text = os.fspath(data_dir)
        if any(bad in text for bad in _FORBIDDEN):
            raise UnsafeDataDirectory(
                "the data directory path contains characters reserved for URIs"
            )
        path = Path(text)
        if not path.is_absolute():
            raise UnsafeDataDirectory("the data directory must be an absolute path")
        return cls(path)

    @property
    def key_file(self) -> Path:
        return self.data_dir / KEY_FILE

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE

    @property
    def unlock_state(self) -> Path:
        return self.data_dir / UNLOCK_STATE

    @property
    def backups(self) -> Path:
        return self.data_dir / BACKUPS

    def database_companions(self) -> tuple[Path, ...]:
        """The database with its WAL and shared-memory files (all encrypted or holding no content)."""
        return (self.database, Path(f"{self.database}-wal"), Path(f"{self.database}-shm"))
