"""The agency import's providers.csv (SQLite and PostgreSQL): the office's resource directory from
the agency's own list — new, changed, unchanged and retired by the agency's id, all or nothing with
the case files, a dry run writing nothing — and the laptops' `GET /providers` reading the result."""

from __future__ import annotations

from pathlib import Path

from fieldcase.server import providers
from fieldcase.server.agency_import import import_agency

HEADER = "provider_id,name,service_types,county,phone,active\n"
FIRST = (
    HEADER
    + "PR-1,Family Roots,parenting;mental health,Boone,555-0100,\nPR-2,Hope House,housing,Cole,,yes\n"
)


def _folder(tmp_path: Path, text: str, **more: str) -> Path:
    folder = tmp_path / "agency"
    folder.mkdir(exist_ok=True)
    (folder / "providers.csv").write_text(text, encoding="utf-8")
    for name, body in more.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def _directory(server) -> dict[str, tuple]:
    return {
        p.external_id: (p.name, p.service_types, p.county, p.active)
        for p in providers.list_providers(server.db, include_retired=True)
    }


def test_providers_are_imported_by_the_agencys_id_and_reimports_change_only_what_changed(
    server, tmp_path
):
    server.make_user("ana")
    dry = import_agency(server.db, _folder(tmp_path, FIRST), dry_run=True)
    assert dry.ok and dry.counts["provider"]["new"] == 2 and _directory(server) == {}
    report = import_agency(server.db, _folder(tmp_path, FIRST))
    assert report.ok, report.lines()
    assert "providers (resource directory): 2 new, 0 changed, 0 unchanged" in report.lines()
    assert _directory(server) == {
        "PR-1": ("Family Roots", ("parenting", "mental_health"), "Boone", True),
        "PR-2": ("Hope House", ("housing",), "Cole", True),
    }
    again = import_agency(server.db, _folder(tmp_path, FIRST))
    assert (
        again.counts["provider"] == {"new": 0, "changed": 0, "unchanged": 2}
        and again.lines()[-1] == "nothing to change."
    )
    changed = (
        HEADER + "PR-1,Family Roots,parenting,Boone,555-0100,\nPR-2,Hope House,housing,Cole,,no\n"
    )
    report = import_agency(server.db, _folder(tmp_path, changed))
    assert report.counts["provider"] == {"new": 0, "changed": 2, "unchanged": 0}
    assert _directory(server)["PR-2"][3] is False and _directory(server)["PR-1"][1] == (
        "parenting",
    )
    # a laptop reads the active ones only
    server.make_user("ben")
    listed = server.device("ben").get("/providers").json()["providers"]
    assert [p["name"] for p in listed] == ["Family Roots"]


def test_a_bad_provider_row_imports_nothing_with_the_cases(server, tmp_path):
    server.make_user("ana")
    bad = (
        HEADER
        + "PR-1,Family Roots,parenting;spaceships,Boone,,\nPR-1,Twice,housing,Cole,,\nPR-3,,housing,Cole,,maybe\n"
    )
    cases = "case_id,case_number,primary_worker\nC1,2026-JU-1,ana\n"
    report = import_agency(server.db, _folder(tmp_path, bad, **{"cases.csv": cases}))
    assert not report.ok
    text = [str(p) for p in report.problems]
    assert any(
        t.startswith("providers.csv, line 2, column service_types: Not an allowed value")
        for t in text
    ), text
    assert any(
        t.startswith("providers.csv, line 3, column provider_id: Duplicate state id") for t in text
    ), text
    assert any(
        t.startswith("providers.csv, line 4, column name: A value is required here.") for t in text
    ), text
    assert any(
        t.startswith("providers.csv, line 4, column active: Write yes or no.") for t in text
    ), text
    assert _directory(server) == {}
    from sqlalchemy import func, select

    from fieldcase.server.models import Record

    with server.db.read() as session:
        assert session.execute(select(func.count()).select_from(Record)).scalar_one() == 0
