"""A wider lookaside pool for the store's connection (issue #4: applying pulled pages).

SQLite serves short-lived small allocations (parsed statements, values being bound or read) from
a per-connection "lookaside" pool before it asks the allocator. With `cipher_memory_security = ON`
(security.md) every allocation that reaches SQLCipher's allocator is locked in RAM and wiped when
freed: a syscall pair and a memset each. The default pool (about 123 slots) is already held by the
connection's cached prepared statements when a sync starts, so during a pulled page nearly every
small allocation went to the locked allocator (~40% of the apply time, measured with perf).

Here the pool is widened to 600 slots of 1,200 bytes, right after connecting (SQLite accepts it only
while no lookaside memory is in use). The pool itself is one block from SQLCipher's allocator, so it
is locked in RAM like everything else and wiped when the connection closes (every lock of the app).
Slots are reused without a wipe in between — exactly as the default pool's are — so what may remain
in memory while the store is unlocked does not change in kind, only the pool's size (~720 KB).

sqlcipher3 does not expose `sqlite3_db_config`, so it is called through ctypes: the connection's
`sqlite3 *` is the first field after the object header in the DB-API connection (pysqlite's
layout), checked by asking SQLite for the database's file name through it before anything else is
done with it. Where the symbol is not exported (Windows builds) or the check fails, the connection
keeps SQLite's default pool: slower bulk applies, nothing else.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from typing import Any

#: sqlite3.h
_SQLITE_DBCONFIG_LOOKASIDE = 1001
SLOT_SIZE = 1200  # SQLite's default slot size
SLOTS = 600


@functools.cache
def _library() -> tuple[Any, Any] | None:
    """sqlcipher3's own SQLite (statically linked into its extension module): (sqlite3_db_config,
    sqlite3_db_filename), or None where they are not exported."""
    import sqlcipher3._sqlite3 as extension

    try:
        lib = ctypes.CDLL(
            extension.__file__
        )  # the module already loaded: the same library instance
        config, filename = lib.sqlite3_db_config, lib.sqlite3_db_filename
    except (OSError, AttributeError):
        return None
    # only integer and pointer arguments: the variadic call is the same as a fixed one on the
    # platforms where the symbol is exported (x86-64 Linux; not Apple arm64, where it is not tried)
    config.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int]
    config.restype = ctypes.c_int
    filename.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    filename.restype = ctypes.c_char_p
    return config, filename


def widen(connection: Any, database: str) -> bool:
    """Give a fresh connection (nothing prepared on it yet) the wider pool. True when it took."""
    if sys.platform == "darwin":
        return False  # variadic calls differ on Apple arm64: leave SQLite's default pool
    api = _library()
    if api is None:
        return False
    config, filename = api
    handle = ctypes.c_void_p.from_address(id(connection) + object.__basicsize__).value
    if not handle:
        return False
    named = filename(handle, b"main")
    if named is None or os.path.realpath(named.decode("utf-8", "replace")) != os.path.realpath(
        database
    ):
        return False  # not the layout we expect: touch nothing
    return config(handle, _SQLITE_DBCONFIG_LOOKASIDE, None, SLOT_SIZE, SLOTS) == 0
