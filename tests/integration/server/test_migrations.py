"""The server's models and its alembic migrations describe the same schema (a model change without a
migration fails here, like Warehouse's `alembic check`), on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from fieldcase.server.models import Base


def test_models_match_migrations(server):
    with server.db.write_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_audit_log_refuses_updates_and_deletes(server):
    from sqlalchemy.exc import DBAPIError

    from fieldcase.server.models import AuditLog

    server.client.get("/sync/changes")  # a denied request leaves an audit row
    assert server.audit_rows()
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), server.db.write() as session:
            session.execute(text(statement))
    assert server.audit_rows()[0].action != "x"
    assert AuditLog.__tablename__ == "audit_log"
