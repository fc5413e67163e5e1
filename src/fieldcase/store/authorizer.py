"""An SQLite authorizer for keyed connections.

Anyone holding a keyed SQLCipher connection could write a plaintext copy of the store with
`ATTACH 'x.db' AS p KEY ''; SELECT sqlcipher_export('p')`, rekey it, or load native code. The app
never needs any of that, so it is denied at the SQLite level (security.md, "Facts about the stack").
"""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

_DENIED_FUNCTIONS = frozenset({"sqlcipher_export", "load_extension", "readfile", "writefile"})
# cipher_* pragmas reconfigure or reveal encryption; only these read-only checks are allowed.
_ALLOWED_CIPHER_PRAGMAS = frozenset({"cipher_integrity_check", "cipher_version"})
_DENIED_PRAGMAS = frozenset(
    {"key", "rekey", "hexkey", "hexrekey", "textkey", "textrekey", "writable_schema"}
)


def authorize(
    action: int, arg1: str | None, arg2: str | None, _db: str | None, _trigger: str | None
) -> int:
    if action in (sqlcipher.SQLITE_ATTACH, sqlcipher.SQLITE_DETACH):
        return sqlcipher.SQLITE_DENY
    if action == sqlcipher.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _DENIED_PRAGMAS:
            return sqlcipher.SQLITE_DENY
        if name.startswith("cipher") and name not in _ALLOWED_CIPHER_PRAGMAS:
            return sqlcipher.SQLITE_DENY
        return sqlcipher.SQLITE_OK
    if action == sqlcipher.SQLITE_FUNCTION and (arg2 or "").lower() in _DENIED_FUNCTIONS:
        return sqlcipher.SQLITE_DENY
    return sqlcipher.SQLITE_OK


def install(connection: sqlcipher.Connection) -> None:
    connection.set_authorizer(authorize)
