"""An agency runs on the import (issue 17, "Must show"): on a real server (SQLite and PostgreSQL),
a generated agency folder is imported, a caseworker enrolls and syncs a real encrypted laptop; the
caseload shows the children with their placements and this month's status, the deadline rules fire
from the imported dates, a re-import of the same folder writes nothing, and a changed placement row
reaches the laptop."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from fieldcase.server import admin
from fieldcase.server.agency_import import import_agency
from fieldcase.server.agency_import.sample import SampleAgency, write_folder
from fieldcase.server.models import ChangeLog, Record
from fieldcase.services.caseload import load_caseload
from fieldcase.services.compliance import caseload_summary
from fieldcase.services.visit_status import MonthStatus
from integration.sync.laptops import Laptop


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


def _history(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return session.execute(
            select(func.count()).select_from(ChangeLog)
        ).scalar_one(), session.execute(select(func.sum(Record.rev))).scalar_one()


def test_an_imported_agency_reaches_the_caseworkers_laptop(server, tmp_path):
    today = date.today()
    assert admin.init_db(server.db) is False  # the harness made the schema; init-db is idempotent
    agency = SampleAgency(caseworkers=1, children=7, years=2, today=today, seed=5)
    rows = agency.rows()
    # the first case: no case-plan review and no family support team meeting on record, so the
    # deadline rules must fire from its imported removal and case-plan dates
    first = rows["cases"][0]["case_id"]
    rows["case_dates"] = [
        r
        for r in rows["case_dates"]
        if r["case_id"] != first
        or r["date_type"] not in ("case_plan_review", "family_support_team_meeting")
    ]
    folder = tmp_path / "agency"
    write_folder(rows, folder)
    server.make_user(agency.workers[0])

    report = import_agency(server.db, folder)
    assert report.ok, report.lines()
    assert report.counts["case"]["new"] == len(rows["cases"])

    laptop = Laptop.enroll(server, agency.workers[0], tmp_path / "laptop")
    try:
        laptop.sync()
        caseload = load_caseload(laptop.store, today=today)
        children = {r["person_id"]: r for r in rows["people"] if r["role"] == "child"}
        current = {
            p["child_id"]: p["provider_name"] for p in rows["placements"] if not p["ends_on"]
        }
        shown = {row.child_name: row for row in caseload.rows}
        for child in children.values():
            row = shown[f"{child['given_name']} {child['family_name']}"]
            assert row.placement == current.get(child["person_id"], "")
        in_care = [
            shown[f"{c['given_name']} {c['family_name']}"]
            for c in children.values()
            if c["person_id"] in current
        ]
        assert in_care and all(
            r.status in (MonthStatus.NOT_YET, MonthStatus.AT_RISK) for r in in_care
        )  # nobody visited yet
        counts = caseload_summary(laptop.store, today=today).counts
        assert counts.case_plans_overdue >= 1
        assert counts.family_support_team_overdue >= 1
        assert counts.children_in_care == len(in_care)

        # the same folder again: nothing written, nothing for laptops to pull
        before = _history(server.db)
        again = import_agency(server.db, folder)
        assert again.ok and again.written == 0
        assert _history(server.db) == before

        # the office moves a child: the placement row changes, the laptop receives it
        placements = _rows(folder, "placements")
        moved = next(p for p in placements if not p["ends_on"])
        moved["provider_name"] = "The Newfamily family"
        _write(folder, "placements", placements)
        changed = import_agency(server.db, folder)
        assert changed.counts["placement"]["changed"] == 1 and changed.written == 1
        assert _history(server.db)[0] == before[0] + 1
        laptop.sync()
        from fieldcase.server.agency_import.ids import record_id

        assert (
            laptop.store.get(record_id("placement", moved["placement_id"])).body["provider_name"]
            == "The Newfamily family"
        )
        child = children[moved["child_id"]]
        row = next(
            r
            for r in load_caseload(laptop.store, today=today).rows
            if r.child_name == f"{child['given_name']} {child['family_name']}"
        )
        assert row.placement == "The Newfamily family"
    finally:
        laptop.close()
