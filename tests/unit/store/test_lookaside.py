"""The store's connection gets the wider lookaside pool where sqlcipher3's SQLite is reachable,
and the ctypes call never touches a connection it cannot recognise."""

from __future__ import annotations

import platform
import sys

import pytest
import sqlcipher3.dbapi2 as sqlcipher

from fieldcase.store import lookaside

LINUX_X86 = sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")


@pytest.mark.skipif(not LINUX_X86, reason="the symbol is exported by the Linux x86-64 wheel")
def test_a_fresh_connection_takes_the_wider_pool_and_still_works(tmp_path):
    path = str(tmp_path / "x.db")
    connection = sqlcipher.connect(path, isolation_level=None)
    assert lookaside.widen(connection, path)
    connection.execute("PRAGMA key = 'a test key, nothing secret'")
    connection.execute("CREATE TABLE t (x)")
    connection.executemany("INSERT INTO t VALUES (?)", [(str(i) * 50,) for i in range(2000)])
    assert connection.execute("SELECT count(*) FROM t").fetchone() == (2000,)
    # once statements have used the pool SQLite refuses a change: refused, not a crash
    assert not lookaside.widen(connection, path)
    connection.close()


def test_a_connection_that_is_not_the_expected_one_is_left_alone(tmp_path):
    path = str(tmp_path / "x.db")
    connection = sqlcipher.connect(path, isolation_level=None)
    assert not lookaside.widen(
        connection, str(tmp_path / "another.db")
    )  # the handle names another file
    connection.execute("PRAGMA key = 'a test key, nothing secret'")
    connection.execute("CREATE TABLE t (x)")
    connection.close()
