"""The `fieldcase-server` admin command on a SQLite file."""

from __future__ import annotations

import io
import sys

from fieldcase.server.cli import main


def test_admin_commands_build_an_agency(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("FIELDCASE_SERVER_DB", db)
    assert main(["init-db"]) == 0
    assert main(["create-org", "Test County"]) == 0
    assert main(["create-team", "North"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["create-user", "ana", "--role", "caseworker", "--team", "North"]) == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert main(["add-user", "ana", "--role", "caseworker", "--team", "North"]) == 0
    capsys.readouterr()
    assert main(["enrollment-code"]) == 0
    code = capsys.readouterr().out.split()[0]
    assert len(code.replace("-", "")) == 32
    assert main(["device", "list"]) == 0
    assert main(["device", "wipe", "no-such-device"]) == 1
    csv_file = tmp_path / "cases.csv"
    csv_file.write_text(
        "case_id,case_number,county,opened_on,primary_worker\nS-1,C-1,Test,2026-01-05,ana\nS-2,C-2,Test,,\n"
    )
    capsys.readouterr()
    assert main(["import-cases", str(csv_file)]) == 0
    assert "cases: 2 new, 0 changed, 0 unchanged" in capsys.readouterr().out
    (tmp_path / "bad.csv").write_text("case_number,child_name\nC-3,Someone\n")
    assert main(["import-cases", str(tmp_path / "bad.csv")]) == 1
    err = capsys.readouterr().err
    assert "bad.csv, line 1, column child_name: Unknown column" in err
    assert "bad.csv, line 1, column case_id: This required column is missing" in err
    assert main(["--db", db, "new-epoch"]) == 0


def test_purge_command_tombstones_the_record_emits_a_purge_change_and_audits_the_reason(
    sqlite_server, capsys
):
    import pytest
    from sqlalchemy import select

    from fieldcase.server import purges
    from fieldcase.server.cli import build_parser
    from fieldcase.server.models import AuditLog, ChangeLog, Record

    server = sqlite_server
    ana_id = server.make_user("ana")
    case = server.make_case("ana")
    record = server.add_record("home_visit", case, {"observations": "said something private"})
    ana = server.device("ana")
    ana.pull_all()
    db = server.db.url

    # Without --yes nothing happens: the admin sees what would be purged.
    capsys.readouterr()
    assert main(["--db", db, "purge", record, "--reason", "expungement"]) == 1
    assert f"would purge home_visit {record} (case {case}" in capsys.readouterr().out
    assert ana.pull_all() == []
    with pytest.raises(SystemExit):  # the reason is a code, never free text
        main(["--db", db, "purge", record, "--reason", "because", "--yes"])
    assert main(["--db", db, "purge", "no-such-record", "--reason", "expungement", "--yes"]) == 1
    assert (
        main(["--db", db, "purge", record, "--reason", "expungement", "--by", "nobody", "--yes"])
        == 1
    )
    assert ana.pull_all() == []  # the refused attempts changed nothing

    assert (
        main(["--db", db, "purge", record, "--reason", "expungement", "--by", "ana", "--yes"]) == 0
    )
    assert "purged home_visit" in capsys.readouterr().out
    [tomb] = ana.pull_all()
    assert (
        tomb["record_id"] == record
        and tomb["deleted"] is True
        and tomb["body"] is None
        and tomb["rev"] == 2
    )

    assert main(["--db", db, "purge", record, "--reason", "expungement", "--yes"]) == 1
    assert "already purged" in capsys.readouterr().err
    assert ana.pull_all() == []
    with server.db.read() as session:
        row = session.get(Record, record)
        assert row.deleted and row.body is None
        assert session.execute(
            select(ChangeLog.what).where(ChangeLog.record_id == record).order_by(ChangeLog.seq)
        ).scalars().all() == ["record", "purge"]
        [audit] = (
            session.execute(select(AuditLog).where(AuditLog.action == "purge")).scalars().all()
        )
    assert (audit.target_id, audit.target_kind, audit.actor_user_id) == (
        record,
        "home_visit",
        ana_id,
    )
    assert audit.detail == {"reason": "expungement", "case_id": case, "rev": 1}
    assert "private" not in repr(audit.detail)
    purge_parser = build_parser()._subparsers._group_actions[0].choices["purge"]  # type: ignore[union-attr]
    [reason] = [a for a in purge_parser._actions if a.dest == "reason"]
    assert tuple(reason.choices) == purges.PURGE_REASONS


def test_sample_agency_and_import_agency_from_the_command_line(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("FIELDCASE_SERVER_DB", db)
    assert main(["init-db"]) == 0
    assert main(["create-org", "Test County"]) == 0
    folder = tmp_path / "agency"
    assert (
        main(
            ["sample-agency", str(folder), "--caseworkers", "1", "--children", "4", "--years", "1"]
        )
        == 0
    )
    assert "worker0001" in capsys.readouterr().out
    assert main(["import-agency", str(folder)]) == 1  # the sample's caseworker does not exist yet
    assert "column primary_worker: Unknown user name" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert main(["create-user", "worker0001", "--role", "caseworker"]) == 0
    capsys.readouterr()
    assert main(["import-agency", str(folder), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing was written." in out and " new, 0 changed, 0 unchanged" in out
    assert main(["import-agency", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "imported."
    assert main(["import-agency", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "nothing to change."
