"""A keyed connection cannot be used to export plaintext, rekey, or load native code."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import DatabaseError

EXFILTRATION = [
    "ATTACH DATABASE '/tmp/fieldcase-plain.db' AS plain KEY ''",
    "SELECT sqlcipher_export('plain')",
    "PRAGMA rekey = 'x'",
    "PRAGMA key = 'x'",
    "PRAGMA cipher_plaintext_header_size = 32",
    "PRAGMA cipher_kdf_iter = 1",
    "SELECT load_extension('/tmp/evil.so')",
    "PRAGMA writable_schema = ON",
]


@pytest.mark.parametrize("sql", EXFILTRATION)
def test_exfiltration_sql_is_denied(store, sql, tmp_path):
    with (
        pytest.raises(DatabaseError, match=r"not authorized|no such function"),
        store.reading() as connection,
    ):
        connection.exec_driver_sql(sql)
    assert not (tmp_path / "fieldcase-plain.db").exists()


def test_integrity_and_version_checks_are_allowed(store):
    with store.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA cipher_version").scalar().startswith("4.")
        assert connection.exec_driver_sql("PRAGMA cipher_integrity_check").all() == []
    assert store.integrity_problems() == []


def test_the_working_pragmas_are_in_force(store):
    with store.reading() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA temp_store").scalar() == 2  # memory
