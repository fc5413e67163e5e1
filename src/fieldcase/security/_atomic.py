"""Atomic small-file writes: temp file in the same directory, fsync, rename, fsync the directory.

A crash at any point leaves either the old file or the new one, never a mix, and no temp file
survives an exception we can see (a power cut may leave a `.tmp` behind; it is never read).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def _fsync_dir(directory: Path) -> None:
    # Windows cannot open a directory for fsync; NTFS journals the rename itself.
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(path: Path, data: bytes) -> Path:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Replace (or create) `path` with `data` atomically."""
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def create_atomic(path: Path, data: bytes) -> None:
    """Create `path` with `data` atomically; raise FileExistsError if it already exists.

    A hard link is the no-clobber rename; where links are not supported we fall back to
    check-then-replace, which only races with another process creating the same file.
    """
    tmp = _write_temp(path, data)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:
            if path.exists():
                raise FileExistsError(str(path.name)) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    _fsync_dir(path.parent)
