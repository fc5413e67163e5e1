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
    csv_file.write_text("case_number,county,opened_on,primary_worker\nC-1,Test,2026-01-05,ana\nC-2,Test,,\n")
    capsys.readouterr()
    assert main(["import-cases", str(csv_file)]) == 0
    assert "2 cases imported" in capsys.readouterr().out
    (tmp_path / "bad.csv").write_text("case_number,child_name\nC-3,Someone\n")
    assert main(["import-cases", str(tmp_path / "bad.csv")]) == 1
    assert main(["--db", db, "new-epoch"]) == 0
