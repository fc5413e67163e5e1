"""The audit log at scale (issue 19 item 3): the rows of reads are committed in batches, not one
commit per request (a no-op sync made three), and written at shutdown; `prune-audit` deletes (and
archives) old rows while the log stays append-only for everything else. SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, insert, select, text
from sqlalchemy.exc import DBAPIError

from fieldcase.server import audit
from fieldcase.server.app import create_app
from fieldcase.server.audit_retention import prune_audit
from fieldcase.server.models import AuditLog, AuditPrunePermit, utcnow


def _commits(db: Any) -> list[int]:
    count = [0]
    event.listen(db.write_engine, "commit", lambda _conn: count.__setitem__(0, count[0] + 1))
    return count


def test_a_no_op_sync_commits_no_audit_row_of_its_own(
    server_backend: str, server_factory: Any
) -> None:
    server = server_factory(
        backend=server_backend, audit_batch_seconds=60
    )  # the batch thread stays asleep
    server.make_user("ana")
    server.make_case("ana")
    ana = server.device("ana")
    ana.hello()
    ana.pull_all()
    audit.drain(server.db)
    before = len(server.audit_rows())
    commits = _commits(server.db)
    for _ in range(3):  # three no-op syncs: hello, pull
        assert ana.hello().status_code == 200
        assert ana.pull().status_code == 200
    assert commits[0] == 0  # the old code committed once per request: 6
    audit.drain(server.db)
    assert commits[0] == 1  # one transaction for all of them
    rows = server.audit_rows()[before:]
    assert [r.action for r in rows].count("hello") == 3 and len(rows) >= 6


def test_queued_audit_rows_are_written_at_shutdown(
    server_backend: str, server_factory: Any
) -> None:
    server = server_factory(backend=server_backend)
    settings = server.settings.model_copy(update={"audit_batch_seconds": 60.0})
    with TestClient(create_app(settings, server.db)) as client:
        assert client.get("/sync/changes").status_code == 401  # a denial: one audit row, queued
        assert server.audit_rows() == []
    assert [r.outcome for r in server.audit_rows()] == ["denied"]


def test_prune_audit_archives_then_deletes_old_rows_only(
    server_backend: str, server_factory: Any, tmp_path: Any
) -> None:
    server = server_factory(backend=server_backend)
    old, recent = utcnow() - timedelta(days=40), utcnow() - timedelta(days=2)
    with server.db.write() as session:
        session.execute(
            insert(AuditLog.__table__),
            [
                {"at": old, "action": "hello", "outcome": "ok", "device_id": f"dev-{i}"}
                for i in range(7)
            ]
            + [{"at": recent, "action": "hello", "outcome": "ok", "device_id": "dev-recent"}],
        )
    archive = tmp_path / "audit-2026.jsonl"
    pruned = prune_audit(server.db, keep_days=30, archive=archive)
    assert pruned.deleted == 7
    lines = [json.loads(line) for line in archive.read_text().splitlines()]
    assert sorted(line["device_id"] for line in lines) == [f"dev-{i}" for i in range(7)]
    assert [r.device_id for r in server.audit_rows()] == ["dev-recent"]
    with server.db.read() as session:
        assert (
            session.execute(select(AuditPrunePermit)).first() is None
        )  # the permit left with the transaction
    # append-only still: outside the command a delete (even of an old row) and any update are refused
    with server.db.write() as session:
        session.execute(
            insert(AuditLog.__table__), [{"at": old, "action": "hello", "outcome": "ok"}]
        )
    for statement in ("DELETE FROM audit_log", "UPDATE audit_log SET action = 'x'"):
        with pytest.raises(DBAPIError), server.db.write() as session:
            session.execute(text(statement))
    assert len(server.audit_rows()) == 2


def test_prune_audit_command(sqlite_server: Any, tmp_path: Any, capsys: Any) -> None:
    from fieldcase.server.cli import build_parser, main

    with sqlite_server.db.write() as session:
        session.execute(
            insert(AuditLog.__table__),
            [{"at": utcnow() - timedelta(days=400), "action": "hello", "outcome": "ok"}],
        )
    assert "prune-audit" in build_parser().format_help()
    archive = tmp_path / "old.jsonl"
    assert (
        main(
            [
                "--db",
                sqlite_server.db.url,
                "prune-audit",
                "--keep-days",
                "365",
                "--archive",
                str(archive),
            ]
        )
        == 0
    )
    assert "deleted 1 row(s)" in capsys.readouterr().out and archive.read_text().count("\n") == 1
    assert (
        main(
            [
                "--db",
                sqlite_server.db.url,
                "prune-audit",
                "--keep-days",
                "365",
                "--archive",
                str(tmp_path / "no" / "dir.jsonl"),
            ]
        )
        == 1
    )
    assert "cannot write the archive" in capsys.readouterr().err
