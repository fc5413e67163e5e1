"""What the store needs from the SQLCipher library it loaded, checked once at start.

A bundle built against the wrong library (SQLCipher 3, plain SQLite, no FTS5) would otherwise fail
later and less clearly — or, worse, write an unencrypted file.
"""

from __future__ import annotations

import sqlcipher3.dbapi2 as sqlcipher

from fieldcase.errors import UserError


class UnsupportedSqlcipher(UserError):
    code = "sqlcipher_unsupported"


def sqlcipher_version() -> str | None:
    """The SQLCipher version string, or None when the library is not SQLCipher at all."""
    connection = sqlcipher.connect(":memory:")
    try:
        row = connection.execute("PRAGMA cipher_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def check_sqlcipher() -> str:
    """Refuse to run unless the loaded library is SQLCipher 4 with FTS5; returns its version."""
    version = sqlcipher_version()
    if not version or not version.split(".")[0] == "4":
        raise UnsupportedSqlcipher(
            "This copy of fieldcase was built with the wrong database library (SQLCipher 4 is required), "
            "so it will not start. Ask IT to reinstall it."
        )
    connection = sqlcipher.connect(":memory:")
    try:
        connection.execute("PRAGMA key = \"x'" + "00" * 32 + "'\"")
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlcipher.Error:
        raise UnsupportedSqlcipher(
            "This copy of fieldcase was built without full-text search (FTS5), so it will not start. "
            "Ask IT to reinstall it."
        ) from None
    finally:
        connection.close()
    return version
