"""`import-agency`: the agency's files in, keyed by the state's ids, on SQLite and PostgreSQL.
Bad input names its place (file, line, column) and imports nothing; a re-import changes nothing; a
changed row is one change laptops pull; an office change to a field a laptop also changed keeps both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldcase.server.agency_import import import_agency
from fieldcase.server.agency_import.ids import record_id
from fieldcase.server.models import AuditLog, CaseAssignment, ChangeLog, Conflict, Record, User

FILES = {
    "cases.csv": "case_id,case_number,county,primary_worker,opened_on\nC1,2026-JU-1,Boone,ana,2026-01-05\n",
    "people.csv": (
        "person_id,case_id,role,given_name,family_name,date_of_birth,phone\n"
        "P1,C1,child,Testkid,Zed,2015-01-01,\n"
        "P2,C1,parent,Testparent,Zed,,555-0100\n"
    ),
    "placements.csv": "placement_id,case_id,child_id,provider_name,placement_type,starts_on,ends_on\nPL1,C1,P1,The Q family,foster_family,2026-01-05,\n",
    "visitation_plans.csv": "plan_id,case_id,participants,frequency,effective_from\nV1,C1,P1;P2,weekly,2026-01-10\n",
    "hearings.csv": "hearing_id,case_id,scheduled_at,hearing_type,outcome,next_hearing_on\nH1,C1,2026-02-01,adjudication,Continued,2026-05-01\n",
    "case_dates.csv": "case_id,date_type,date,child_id,exit_reason\nC1,removal,2026-01-04,,\nC1,family_support_team_meeting,2026-01-06,,\n",
}


def _folder(tmp_path: Path, **changes: str) -> Path:
    folder = tmp_path / "agency"
    folder.mkdir(exist_ok=True)
    for name, text in {
        **FILES,
        **{k.replace("_csv", ".csv"): v for k, v in changes.items()},
    }.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _counts(db) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with db.read() as session:
        return (
            session.execute(select(func.count()).select_from(Record)).scalar_one(),
            session.execute(select(func.count()).select_from(ChangeLog)).scalar_one(),
            session.execute(select(func.coalesce(func.sum(Record.rev), 0))).scalar_one(),
        )


@pytest.fixture
def agency(server, tmp_path):
    server.make_user("ana")
    server.make_user("ben")
    return server


BAD = {
    "wrong header": (
        {"cases_csv": "case_id,case_num\nC1,2026-JU-1\n"},
        [
            "cases.csv, line 1, column case_num: Unknown column",
            "cases.csv, line 1, column case_number: This required column is missing",
        ],
    ),
    "missing required value": (
        {"people_csv": "person_id,case_id,role,given_name\nP1,C1,child,\n"},
        ["people.csv, line 2, column given_name: A value is required here."],
    ),
    "unknown person id": (
        {
            "placements_csv": "placement_id,case_id,child_id,provider_name,placement_type,starts_on\nPL1,C1,P9,X,kinship,2026-01-05\n"
        },
        ["placements.csv, line 2, column child_id: Unknown person id"],
    ),
    "unknown case id": (
        {"hearings_csv": "hearing_id,case_id,scheduled_at\nH1,C9,2026-02-01\n"},
        ["hearings.csv, line 2, column case_id: Unknown case id"],
    ),
    "placement ends before it starts": (
        {
            "placements_csv": "placement_id,case_id,child_id,provider_name,placement_type,starts_on,ends_on\nPL1,C1,P1,X,kinship,2026-03-05,2026-03-01\n"
        },
        ["placements.csv, line 2, column ends_on: The placement ends before it starts."],
    ),
    "bad date": (
        {"case_dates_csv": "case_id,date_type,date\nC1,removal,2026-02-30\n"},
        ["case_dates.csv, line 2, column date: Not a date"],
    ),
    "duplicate state id": (
        {
            "people_csv": "person_id,case_id,role,given_name\nP1,C1,child,A\nP2,C1,parent,B\nP1,C1,child,C\n"
        },
        [
            "people.csv, line 4, column person_id: Duplicate state id: people.csv line 2 has the same one."
        ],
    ),
    "not an allowed value": (
        {
            "placements_csv": "placement_id,case_id,child_id,provider_name,placement_type,starts_on\nPL1,C1,P1,X,castle,2026-01-05\n"
        },
        [
            "placements.csv, line 2, column placement_type: Not an allowed value; write one of: foster_family"
        ],
    ),
    "a placement of a parent": (
        {
            "placements_csv": "placement_id,case_id,child_id,provider_name,placement_type,starts_on\nPL1,C1,P2,X,kinship,2026-01-05\n"
        },
        ["placements.csv, line 2, column child_id: That person is not a child"],
    ),
    "unknown user name": (
        {"cases_csv": "case_id,case_number,primary_worker\nC1,1,nobody\n"},
        ["cases.csv, line 2, column primary_worker: Unknown user name"],
    ),
    "extra values": (
        {"cases_csv": "case_id,case_number\nC1,1,surplus\n"},
        ["cases.csv, line 2: The line has 3 values but the header names 2 columns."],
    ),
    "an exit without a reason": (
        {"case_dates_csv": "case_id,date_type,date,child_id\nC1,exit,2026-03-01,P1\n"},
        ["case_dates.csv, line 2, column exit_reason: An exit needs the child and the reason."],
    ),
    "an unknown file": ({"placement_csv": "x\n"}, ["placement.csv: Unknown file"]),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_names_its_place_and_imports_nothing(agency, tmp_path, case):
    changes, expected = BAD[case]
    report = import_agency(agency.db, _folder(tmp_path, **changes))
    assert not report.ok
    printed = "\n".join(report.lines())
    for message in expected:
        assert message in printed, printed
    assert printed.endswith("nothing was imported.")
    assert _counts(agency.db) == (0, 0, 0)


def test_every_problem_of_every_file_is_reported_at_once(agency, tmp_path):
    report = import_agency(
        agency.db,
        _folder(
            tmp_path,
            people_csv="person_id,case_id,role,given_name\nP1,C1,child,\nP2,C1,grandma,B\n",
            hearings_csv="hearing_id,case_id,scheduled_at\nH1,C1,tomorrow\n",
        ),
    )
    places = [(p.file, p.line, p.column) for p in report.problems]
    assert (
        ("people.csv", 2, "given_name") in places
        and ("people.csv", 3, "role") in places
        and ("hearings.csv", 2, "scheduled_at") in places
    )
    assert _counts(agency.db) == (0, 0, 0)


def test_a_file_that_is_not_utf8_names_the_line(agency, tmp_path):
    folder = _folder(tmp_path)
    (folder / "people.csv").write_bytes(
        FILES["people.csv"].encode() + "P3,C1,relative,Jos\u00e9,Zed,,\n".encode("latin-1")
    )
    report = import_agency(agency.db, folder)
    assert [str(p) for p in report.problems] == [
        'people.csv, line 4: The file is not UTF-8 text. Save it as "CSV UTF-8" (or UTF-8 JSON Lines) and import again.'
    ]
    assert _counts(agency.db) == (0, 0, 0)


def test_a_file_over_100_mb_is_refused_unread(agency, tmp_path):
    folder = _folder(tmp_path)
    with open(folder / "hearings.csv", "r+b") as handle:
        handle.truncate(101 * 1024 * 1024)  # sparse: the size is what counts
    report = import_agency(agency.db, folder)
    assert len(report.problems) == 1 and str(report.problems[0]).startswith(
        "hearings.csv: The file is 101 MB; files over 100 MB are refused."
    )
    assert _counts(agency.db) == (0, 0, 0)


def test_dry_run_says_what_would_change_and_writes_nothing(agency, tmp_path):
    report = import_agency(agency.db, _folder(tmp_path), dry_run=True)
    assert report.ok and report.lines()[0] == "cases: 1 new, 0 changed, 0 unchanged"
    assert report.lines()[1] == "people: 2 new, 0 changed, 0 unchanged"
    assert report.lines()[-1] == "dry run: nothing was written."
    assert _counts(agency.db) == (0, 0, 0)
    assert import_agency(agency.db, _folder(tmp_path)).written == 6
    changed = _folder(
        tmp_path, placements_csv=FILES["placements.csv"].replace(",\n", ",2026-02-01\n")
    )
    dry = import_agency(agency.db, changed, dry_run=True)
    assert dry.counts["placement"] == {"new": 0, "changed": 1, "unchanged": 0}
    with agency.db.read() as session:
        assert session.get(Record, record_id("placement", "PL1")).rev == 1


def test_a_reimport_changes_nothing_and_a_changed_row_is_one_change_laptops_pull(agency, tmp_path):
    assert import_agency(agency.db, _folder(tmp_path)).ok
    ana = agency.device("ana")
    pulled = ana.pull_all()
    assert {c["record_id"] for c in pulled} >= {
        record_id(k, s)
        for k, s in (("case", "C1"), ("person", "P1"), ("placement", "PL1"), ("hearing", "H1"))
    }
    before = _counts(agency.db)
    again = import_agency(agency.db, _folder(tmp_path))
    assert again.written == 0 and _counts(agency.db) == before
    assert ana.pull_all() == []

    changed = import_agency(
        agency.db,
        _folder(tmp_path, placements_csv=FILES["placements.csv"].replace(",\n", ",2026-02-01\n")),
    )
    assert changed.counts["placement"] == {"new": 0, "changed": 1, "unchanged": 0}
    [change] = ana.pull_all()
    assert change["record_id"] == record_id("placement", "PL1") and change["rev"] == 2
    assert change["body"]["ends_on"] == "2026-02-01" and change["body"]["state_id"] == "PL1"
    with agency.db.read() as session:
        audit = (
            session.execute(select(AuditLog).where(AuditLog.action == "agency_import"))
            .scalars()
            .all()
        )
    assert [a.detail["counts"]["placement"]["changed"] for a in audit] == [0, 0, 1]


def test_the_case_body_and_dates_come_from_the_rows(agency, tmp_path):
    assert import_agency(agency.db, _folder(tmp_path)).ok
    with agency.db.read() as session:
        case = session.get(Record, record_id("case", "C1"))
        ana = session.execute(select(User.id).where(User.username == "ana")).scalar_one()
        child = session.get(Record, record_id("person", "P1"))
        plan = session.get(Record, record_id("visitation_plan", "V1"))
    assert case.body["primary_worker_id"] == ana and case.body["removal_date"] == "2026-01-04"
    assert case.body["family_support_team_meetings"] == ["2026-01-06"]
    assert (
        case.body["next_court_hearing"] == "2026-05-01T12:00:00+00:00"
    )  # the date the last hearing set
    assert child.case_id == case.id and child.body["role"] == "child"
    assert plan.body["participants"] == [record_id("person", "P1"), record_id("person", "P2")]


def test_csv_and_json_lines_are_the_same_import(agency, tmp_path):
    from fieldcase.server.agency_import.sample import SampleAgency, write_folder, write_jsonl

    made = SampleAgency(caseworkers=1, children=5, years=2, seed=3)
    made.workers = ["ana"]
    rows = made.rows()
    write_jsonl(rows, tmp_path / "agency.jsonl")
    write_folder(rows, tmp_path / "folder")
    assert import_agency(agency.db, tmp_path / "agency.jsonl").ok
    again = import_agency(agency.db, tmp_path / "folder")
    assert again.ok and again.written == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"type": "case", "case_id": "X", "case_number": "1"})
        + "\n"
        + json.dumps({"type": "visit"})
        + "\n{oops\n"
    )
    lines = [str(p) for p in import_agency(agency.db, bad).problems]
    assert lines == [
        'bad.jsonl, line 2, column type: Say which table the line belongs to: "type" is one of case, person, placement, visitation_plan, hearing, case_date, provider.',
        "bad.jsonl, line 3: The line is not a JSON object.",
    ]


def test_an_office_change_to_a_field_a_laptop_changed_keeps_both(agency, tmp_path):
    assert import_agency(agency.db, _folder(tmp_path)).ok
    ana = agency.device("ana")
    ana.pull_all()
    parent = record_id("person", "P2")
    [result] = ana.push_ok(
        ana.mutation(
            "patch",
            "person",
            parent,
            base_rev=1,
            patch={
                "phone": {"base": "555-0100", "new": "555-0199"},
                "email": {"base": None, "new": "parent@example.invalid"},
            },
        )
    )
    assert result["result"] == "applied"
    # the office did not change these fields: its unchanged rows leave the laptop's edits alone
    assert import_agency(agency.db, _folder(tmp_path)).written == 0
    # now the office changes the phone too, differently: the laptop's value stays, both are kept
    people = FILES["people.csv"].replace("555-0100", "555-0222")
    report = import_agency(agency.db, _folder(tmp_path, people_csv=people))
    assert report.conflicts == 1 and report.counts["person"]["changed"] == 1
    with agency.db.read() as session:
        record = session.get(Record, parent)
        [conflict] = (
            session.execute(select(Conflict).where(Conflict.record_id == parent)).scalars().all()
        )
    assert record.body["phone"] == "555-0199" and record.body["email"] == "parent@example.invalid"
    assert (conflict.field, conflict.server_value, conflict.client_value) == (
        "phone",
        "555-0199",
        "555-0222",
    )
    assert conflict.server_author == ana.user_id and conflict.client_at.startswith("agency import")
    [change] = ana.pull_all()
    assert [c["field"] for c in change["conflicts"]] == ["phone"]
    # the same files again: no second conflict, no change
    assert import_agency(agency.db, _folder(tmp_path, people_csv=people)).written == 0
    with agency.db.read() as session:
        assert session.execute(select(func.count()).select_from(Conflict)).scalar_one() == 1
    # an office change to a field nobody else touched is simply applied
    report = import_agency(
        agency.db, _folder(tmp_path, people_csv=people.replace("Testparent", "Renamed"))
    )
    assert report.conflicts == 0 and report.counts["person"]["changed"] == 1


def test_a_laptop_edit_keeps_the_state_id(agency, tmp_path):
    assert import_agency(agency.db, _folder(tmp_path)).ok
    ana = agency.device("ana")
    ana.pull_all()
    child = record_id("person", "P1")
    ana.push_ok(
        ana.mutation(
            "patch", "person", child, base_rev=1, patch={"phone": {"base": None, "new": "555-0111"}}
        )
    )
    [change] = ana.pull_all()
    assert change["body"]["state_id"] == "P1" and change["body"]["phone"] == "555-0111"
    # and a laptop can never set one
    refused = ana.push_ok(
        ana.mutation(
            "patch", "person", child, base_rev=2, patch={"state_id": {"base": "P1", "new": "P9"}}
        )
    )
    assert refused[0]["result"] == "rejected" and refused[0]["code"] == "server_owned_field"


def test_the_office_moves_a_case_to_another_worker(agency, tmp_path):
    assert import_agency(agency.db, _folder(tmp_path)).ok
    ben = agency.device("ben")
    assert ben.pull_all() == []
    report = import_agency(
        agency.db, _folder(tmp_path, cases_csv=FILES["cases.csv"].replace(",ana,", ",ben,"))
    )
    assert report.counts["case"]["changed"] == 1
    assert record_id("case", "C1") in {c["record_id"] for c in ben.pull_all()}
    with agency.db.read() as session:
        rows = session.execute(
            select(CaseAssignment.user_id, CaseAssignment.ends_on).where(
                CaseAssignment.case_id == record_id("case", "C1")
            )
        ).all()
    assert sum(1 for _user, ends in rows if ends is None) == 1
    assert (
        import_agency(
            agency.db, _folder(tmp_path, cases_csv=FILES["cases.csv"].replace(",ana,", ",ben,"))
        ).written
        == 0
    )


def test_a_record_cannot_move_to_another_case(agency, tmp_path):
    assert import_agency(agency.db, _folder(tmp_path)).ok
    cases = FILES["cases.csv"] + "C2,2026-JU-2,Boone,ana,2026-01-05\n"
    people = FILES["people.csv"].replace("P2,C1,", "P2,C2,")
    report = import_agency(agency.db, _folder(tmp_path, cases_csv=cases, people_csv=people))
    assert (
        "people.csv, line 3, column case_id: This record was imported into another case; a record cannot move between cases."
        in report.lines()
    )


def test_seed_demo_builds_its_agency_through_the_import(server):
    from fieldcase.server.demo import seed_demo
    from fieldcase.server.models import AgencyImportRow

    seed_demo(server.db, children=8, teams=1, workers_per_team=2, months=2)
    with server.db.read() as session:
        imported = set(session.execute(select(AgencyImportRow.record_id)).scalars())
        case_data = set(
            session.execute(
                select(Record.id).where(
                    Record.kind.in_(("case", "person", "placement", "visitation_plan", "hearing"))
                )
            ).scalars()
        )
        visits = session.execute(
            select(func.count()).select_from(Record).where(Record.kind == "home_visit")
        ).scalar_one()
        audits = session.execute(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "agency_import")
        ).scalar_one()
    assert case_data and imported == case_data and audits == 1
    assert visits > 0  # the field records still come beside it
    # the office's resource directory came in the same import, as an agency's providers.csv does
    from fieldcase.server.providers import list_providers

    directory = list_providers(server.db)
    assert len(directory) == 12 and all(
        p.external_id and p.external_id.startswith("DEMO-PR-") for p in directory
    )


def test_two_imports_at_once_write_each_record_once(agency, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    folder = _folder(tmp_path)
    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _n: import_agency(agency.db, folder), range(2)))
    assert all(r.ok for r in reports), [r.lines() for r in reports]
    assert sorted(r.written for r in reports) == [0, 6]
    assert _counts(agency.db) == (6, 6, 6)
