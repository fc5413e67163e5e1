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


def make_engine(connect: Callable[[], sqlcipher.Connection]) -> Engine:
    engine = create_engine(
        "sqlite://",
        module=sqlcipher,
        creator=connect,
        poolclass=StaticPool,
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):  # noqa: ANN001
        # the driver must not open transactions behind SQLAlchemy's back (pysqlite's legacy mode)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):  # noqa: ANN001
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
