"""`fieldcase-server visit-figures` on SQLite and PostgreSQL: the figures from the approved visits
only, by caseworker, team and agency (docs/visit-figures.md)."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

from fieldcase.server import admin
from fieldcase.server.cli import main


def _visit(child: str, day: str, where: str = "child_residence") -> dict:
    return {
        "conducted_by": None,
        "contact_start": f"{day}T10:00:00+00:00",
        "contact_end": f"{day}T11:00:00+00:00",
        "method": "face_to_face",
        "purpose": "monthly_caseworker_visit",
        "outcome": "completed",
        "location_type": where,
        "children": [{"child_id": child, "seen": True, "seen_privately": True}],
    }


def _agency(server):
    north, south = server.make_team("North"), server.make_team("South")
    server.make_user("ana", team=north)
    server.make_user("ben", team=south)
    case_a = server.make_case("ana", removal_date="2025-10-15")
    case_b = server.make_case("ben")
    a = server.add_record(
        "person", case_a, {"role": "child", "given_name": "Zarvo", "family_name": "Quilby"}
    )
    b = server.add_record(
        "person", case_b, {"role": "child", "given_name": "Moxta", "family_name": "Brenix"}
    )
    server.add_record(
        "placement",
        case_a,
        {"child_id": a, "starts_on": "2025-10-15", "placement_type": "foster_family"},
    )
    server.add_record(
        "placement",
        case_b,
        {
            "child_id": b,
            "starts_on": "2024-01-01",
            "ends_on": "2026-02-28",
            "placement_type": "foster_family",
        },
    )
    server.add_record(
        "placement",
        case_b,
        {"child_id": b, "starts_on": "2026-03-01", "placement_type": "trial_home_visit"},
    )
    # child a: October is partial (not counted); two visits in November count once; December at school
    server.add_record("home_visit", case_a, _visit(a, "2025-10-20"), status="approved")
    server.add_record("home_visit", case_a, _visit(a, "2025-11-05"), status="approved")
    server.add_record("home_visit", case_a, _visit(a, "2025-11-20"), status="approved")
    server.add_record("home_visit", case_a, _visit(a, "2025-12-10", "school"), status="approved")
    server.add_record(
        "home_visit", case_a, _visit(a, "2026-01-10"), status="submitted"
    )  # not approved: not counted
    # child b: on a trial home visit at the parent's home in April: in the residence
    server.add_record(
        "home_visit", case_b, _visit(b, "2026-04-10", "parent_home"), status="approved"
    )
    server.add_record(
        "home_visit", case_b, _visit(b, "2026-02-10", "parent_home"), status="approved"
    )


def _url(server, request) -> str:
    if server.backend == "sqlite":
        return server.db.url
    schema = request.getfixturevalue("_pg_schema")
    return f"{server.db.url}?options={quote(f'-csearch_path={schema}')}"


def test_visit_figures_by_caseworker_team_and_agency(server, request, capsys):
    _agency(server)
    url = _url(server, request)
    capsys.readouterr()
    assert main(["--db", url, "visit-figures", "--fiscal-year", "2026", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["month_reading"] == "full_calendar_months" and data["starts_on"] == "2025-10-01"
    rows = {(r["level"], r["name"]): r for r in data["rows"]}
    # a: Nov..Sep = 11 expected, made Nov + Dec, 1 in residence; b: 12 expected, made Feb + Apr, 1 in residence (April)
    assert (
        rows[("caseworker", "ana")]["visits_expected"],
        rows[("caseworker", "ana")]["visits_made"],
        rows[("caseworker", "ana")]["visits_in_residence"],
    ) == (11, 2, 1)
    assert (
        rows[("caseworker", "ben")]["visits_expected"],
        rows[("caseworker", "ben")]["visits_made"],
        rows[("caseworker", "ben")]["visits_in_residence"],
    ) == (12, 2, 1)
    assert (rows[("team", "North")]["visits_made"], rows[("team", "South")]["visits_made"]) == (
        2,
        2,
    )
    agency = rows[("agency", "agency")]
    assert (
        agency["children"],
        agency["visits_expected"],
        agency["visits_made"],
        agency["visits_in_residence"],
    ) == (2, 23, 4, 2)
    assert agency["percent_made"] == "17.4" and agency["percent_in_residence"] == "50.0"

    assert (
        main(
            [
                "--db",
                url,
                "visit-figures",
                "--fiscal-year",
                "2026",
                "--team",
                "South",
                "--format",
                "csv",
            ]
        )
        == 0
    )
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["level"], r["name"], r["visits_made"]) for r in table] == [
        ("team", "South", "2"),
        ("caseworker", "ben", "2"),
    ]

    assert main(["--db", url, "visit-figures", "--fiscal-year", "2026"]) == 0
    text = capsys.readouterr().out
    assert "federal fiscal year 2026" in text and "full calendar months" in text and "ana" in text
    assert "Zarvo" not in text  # counts, never a child's name

    assert main(["--db", url, "visit-figures", "--fiscal-year", "2026", "--team", "Nowhere"]) == 1
    assert "No team has that name" in capsys.readouterr().err


def test_an_agency_without_visits_reports_zero_not_an_error(server, request, capsys):
    admin.create_team(server.db, "Empty", org_id=server.org_id)
    url = _url(server, request)
    assert main(["--db", url, "visit-figures", "--fiscal-year", "2026", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (
        rows[0]["level"] == "agency"
        and rows[0]["visits_expected"] == "0"
        and rows[0]["percent_made"] == ""
    )
