"""The SQLAlchemy engine over one keyed SQLCipher connection.

A keyed creator, never a URL (the key must not appear in one); `hide_parameters=True` because
SQLAlchemy otherwise puts bound values — names, addresses, narratives — into exception text.
One connection (StaticPool): the app owns the store from a single worker thread, and SQLite has one
writer anyway. Transactions start with BEGIN IMMEDIATE so a writer never deadlocks on upgrade.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

#: execution option marking a connection that only reads
READ_ONLY = "fieldcase_read_only"


def make_engine(connect: Callable[[], sqlcipher.Connection]) -> Engine:
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=connect,
        poolclass=StaticPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):
        # the driver must not open transactions behind SQLAlchemy's back (pysqlite's legacy mode)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # readers take no write lock; writers take it up front
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
