"""`export-contacts`: approved field records out to the state system, nightly, never twice and never
skipped, on SQLite and PostgreSQL (docs/agency-export.md)."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest

from fieldcase.domain.ids import new_id
from fieldcase.server import admin
from fieldcase.server.cli import main
from fieldcase.server.contacts_export import CSV_COLUMNS, export_text, parse_cursor


def _agency(server):
    team = server.make_team()
    server.make_user("sue", role="supervisor", team=team)
    admin.set_supervisor(server.db, team, "sue")
    server.make_user("ana", team=team)
    case = server.make_case("ana")
    child = server.add_record(
        "person", case, {"role": "child", "given_name": "Zarvo", "family_name": "Quilby"}
    )
    return case, child


def _approved_visit(server, ana, sue, case, child, day: int) -> str:
    record = new_id()
    fields = {
        "case_id": case,
        "conducted_by": ana.user_id,
        "contact_start": f"2026-11-{day:02d}T10:00:00+00:00",
        "contact_end": f"2026-11-{day:02d}T11:00:00+00:00",
        "method": "face_to_face",
        "purpose": "monthly_caseworker_visit",
        "outcome": "completed",
        "location_type": "child_residence",
        "children": [
            {
                "child_id": child,
                "seen": True,
                "seen_privately": True,
                "topics": ["safety", "permanency", "health"],
                "present_danger": False,
            }
        ],
        "observations": "synthetic",
    }
    [made] = ana.push_ok(ana.mutation("create", "home_visit", record, fields=fields))
    assert made["result"] == "applied", made
    [sent] = ana.push_ok(
        ana.mutation("command", "home_visit", record, command="submit", args={"rev": 1})
    )
    assert sent["result"] == "applied", sent
    approved = sue.post(f"/records/{record}/approve", {"rev": 2})
    assert approved.status_code == 200, approved.text
    return record


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line]


def test_two_nightly_runs_export_every_approved_record_exactly_once_and_an_addendum_again(server):
    case, child = _agency(server)
    ana, sue = server.device("ana"), server.device("sue")
    first_visit = _approved_visit(server, ana, sue, case, child, 2)
    trip = server.add_record("transport_trip", case, {"trip_date": "2026-11-03"}, status="approved")
    family_visit = server.add_record(
        "visitation_entry", case, {"child_ids": [child]}, status="approved"
    )
    draft = server.add_record("home_visit", case, {"observations": "not approved"})

    night1, result1 = export_text(server.db, None, "jsonl")
    rows1 = _lines(night1)
    assert {r["record_id"] for r in rows1} == {first_visit, trip, family_visit}
    assert draft not in {r["record_id"] for r in rows1}
    by_id = {r["record_id"]: r for r in rows1}
    assert by_id[first_visit]["export_id"] == f"{first_visit}:3"  # approval made revision 3 ...
    assert by_id[first_visit]["approved_revision"] == 2  # ... of the revision 2 the supervisor read
    assert (
        by_id[first_visit]["approved_by"] == "sue" and by_id[first_visit]["conducted_by"] == "ana"
    )
    assert by_id[first_visit]["occurred_on"] == "2026-11-02" and by_id[first_visit]["children"] == [
        child
    ]
    assert by_id[first_visit]["body"]["observations"] == "synthetic"
    assert result1.records == 3

    # between the nights: a new approval, a comment on an exported visit (no new revision), and
    # a draft submitted but not approved
    second_visit = _approved_visit(server, ana, sue, case, child, 9)
    comment = sue.post(f"/records/{trip}/comments", {"comment_id": new_id(), "text": "Which car?"})
    assert comment.status_code == 200, comment.text
    night2, result2 = export_text(server.db, result1.next_cursor, "jsonl")
    rows2 = _lines(night2)
    assert [r["record_id"] for r in rows2] == [second_visit]

    # a third night with nothing new exports nothing and keeps the cursor where it is
    night3, result3 = export_text(server.db, result2.next_cursor, "jsonl")
    assert night3 == "" and result3.next_cursor == result2.next_cursor

    # an addendum after export: the record comes again, with its new revision
    added = ana.post(f"/records/{first_visit}/addenda", {"text": "The visit ended at 11:10."})
    assert added.status_code == 200, added.text
    night4, _result4 = export_text(server.db, result3.next_cursor, "jsonl")
    [again] = _lines(night4)
    assert (
        again["record_id"] == first_visit
        and again["export_id"] == f"{first_visit}:4"
        and again["addenda"] == 1
    )
    assert again["body"]["addenda"][0]["text"] == "The visit ended at 11:10."

    everything = rows1 + rows2 + [again]
    assert len({r["export_id"] for r in everything}) == len(everything)  # never a duplicate
    # a full export from the start gives each record once, at its latest revision
    full, _ = export_text(server.db, None, "jsonl")
    assert sorted(r["export_id"] for r in _lines(full)) == sorted(
        [f"{first_visit}:4", f"{trip}:1", f"{family_visit}:1", f"{second_visit}:3"]
    )


def test_csv_has_the_documented_columns_and_one_row_per_record(server):
    case, _child = _agency(server)
    trip = server.add_record("transport_trip", case, {"trip_date": "2026-11-03"}, status="approved")
    text, result = export_text(server.db, None, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2 and rows[1][0] == f"{trip}:1"
    assert json.loads(rows[1][CSV_COLUMNS.index("body")])["trip_date"] == "2026-11-03"
    assert result.records == 1


def test_a_cursor_from_before_a_restore_or_from_nowhere_is_refused_clearly(server):
    from fieldcase.errors import UserError

    with pytest.raises(UserError, match="not one export-contacts gave out"):
        parse_cursor("42")
    _, result = export_text(server.db, None, "jsonl")
    admin.new_epoch(server.db)
    with pytest.raises(UserError, match="restored from a backup"):
        export_text(server.db, result.next_cursor, "jsonl")


def _cli_url(server, request) -> str:
    if server.backend == "sqlite":
        return server.db.url
    schema = request.getfixturevalue("_pg_schema")
    return f"{server.db.url}?options={quote(f'-csearch_path={schema}')}"


def test_the_command_with_a_cursor_file_runs_nightly_without_repeats(
    server, request, tmp_path, capsys
):
    case, child = _agency(server)
    first = server.add_record("home_visit", case, {"observations": "one"}, status="approved")
    url = _cli_url(server, request)
    cursor_file = tmp_path / "export.cursor"
    out1 = tmp_path / "night1.jsonl"
    assert (
        main(
            [
                "--db",
                url,
                "export-contacts",
                "--since",
                "start",
                "--cursor-file",
                str(cursor_file),
                "--output",
                str(out1),
            ]
        )
        == 0
    )
    assert "1 records exported; next cursor: v1:" in capsys.readouterr().out
    assert [r["record_id"] for r in _lines(out1.read_text())] == [first]
    second = server.add_record("visitation_entry", case, {"child_ids": [child]}, status="approved")
    out2 = tmp_path / "night2.csv"
    assert (
        main(
            [
                "--db",
                url,
                "export-contacts",
                "--cursor-file",
                str(cursor_file),
                "--format",
                "csv",
                "--output",
                str(out2),
            ]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(out2.read_text())))
    assert [r["record_id"] for r in rows] == [second]
    # to standard output: records there, the cursor on standard error
    capsys.readouterr()
    assert main(["--db", url, "export-contacts", "--since", cursor_file.read_text().strip()]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "0 records exported" in captured.err
    assert main(["--db", url, "export-contacts"]) == 1
    assert "--since" in capsys.readouterr().err


def test_a_record_kind_added_to_the_workflow_later_is_exported_without_changing_the_export(
    server, monkeypatch
):
    from fieldcase.domain import kinds

    case, child = _agency(server)
    monkeypatch.setattr(kinds, "WORKFLOW_KINDS", (*kinds.WORKFLOW_KINDS, "hearing"))
    hearing = server.add_record(
        "hearing",
        case,
        {"child_ids": [child], "court": "Synthetic County Court"},
        status="approved",
    )
    [row] = _lines(export_text(server.db, None, "jsonl")[0])
    assert (
        row["record_id"] == hearing
        and row["kind"] == "hearing"
        and row["body"]["court"] == "Synthetic County Court"
    )


def test_an_approved_goal_change_is_exported_with_who_proposed_it(server):
    """The state system keeps the case's goals too: an approved goal change goes out like a contact."""
    case, _child = _agency(server)
    bea = server.make_user("bea", team=server.make_team())
    proposal = server.add_record(
        "goal_change",
        case,
        {
            "current_permanency_goal": "reunification",
            "proposed_permanency_goal": "guardianship",
            "reason": "Grandmother is willing.",
            "proposed_by": bea,
            "proposed_at": "2026-11-04T09:00:00+00:00",
        },
        status="approved",
    )
    [row] = _lines(export_text(server.db, None, "jsonl")[0])
    assert (
        row["record_id"],
        row["kind"],
        row["occurred_on"],
        row["children"],
        row["conducted_by"],
    ) == (proposal, "goal_change", "2026-11-04", [], "bea")
    assert row["body"]["proposed_permanency_goal"] == "guardianship"
