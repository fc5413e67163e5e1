"""The laptop's instruments: the shipped checklist always; an agency's pack from its directory; a
bad file left out with its name and the place in it, for IT (the diagnostics), never a crash."""

from __future__ import annotations

import json

import pytest

from fieldcase.bundled import resource
from fieldcase.services import instruments
from fieldcase.services.diagnostics import diagnostics_text


def _pack(**changes) -> str:
    data = json.loads(resource("instruments", "independent_living_skills.json").read_bytes())
    data.update(
        {
            "id": "agency_pack",
            "name": {"en": "Agency pack (synthetic)"},
            "version": "2.1",
            "minimum_age": None,
            "interval_days": 90,
            **changes,
        }
    )
    return json.dumps(data)


def test_an_agency_directory_adds_its_pack_and_reports_a_broken_file(tmp_path, monkeypatch):
    folder = tmp_path / "agency-instruments"
    folder.mkdir()
    (folder / "pack.json").write_text(_pack(), encoding="utf-8")
    (folder / "broken.json").write_text(_pack(actionable_from=9), encoding="utf-8")
    (folder / "notes.txt").write_text("not an instrument, not read", encoding="utf-8")
    monkeypatch.setenv(instruments.ENVIRONMENT, str(folder))
    loaded = instruments.load_instruments()
    assert sorted(i.key for i in loaded.instruments) == [
        ("agency_pack", "2.1"),
        ("independent_living_skills", "1.0"),
    ]
    [problem] = loaded.problems
    assert problem.source == str(folder / "broken.json") and problem.where == "actionable_from"
    assert loaded.find("agency_pack").interval_days == 90
    # the data directory's instruments/ folder is read too
    data_dir = tmp_path / "data"
    (data_dir / "instruments").mkdir(parents=True)
    (data_dir / "instruments" / "other.json").write_text(_pack(id="other_pack"), encoding="utf-8")
    monkeypatch.delenv(instruments.ENVIRONMENT)
    assert [i.id for i in instruments.load_instruments(data_dir).instruments] == [
        "independent_living_skills",
        "other_pack",
    ]
    assert (
        instruments.last_loaded().find("other_pack") is not None
    )  # the window reads this, without I/O


def test_the_diagnostics_for_it_name_the_instruments_and_a_file_left_out(tmp_path, monkeypatch):
    folder = tmp_path / "agency-instruments"
    folder.mkdir()
    (folder / "cans.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv(instruments.ENVIRONMENT, str(folder))
    text = diagnostics_text(None, qt_version="6", log_path=tmp_path / "none.log")
    assert "assessment instruments: independent_living_skills 1.0" in text
    assert f"not loaded: {folder / 'cans.json'} at line 1: is not valid JSON" in text


def test_a_role_the_instrument_does_not_name_may_not_submit_a_rating(
    store, family, tmp_path, monkeypatch
):
    """The agency's pack names who may rate it (here supervisors only): a caseworker's rating is refused."""
    from datetime import date

    from fieldcase.domain.assessments import Assessment, Rating
    from fieldcase.domain.ids import new_id
    from fieldcase.domain.problems import InvalidRecord
    from fieldcase.services import field_records

    folder = tmp_path / "agency-instruments"
    folder.mkdir()
    (folder / "pack.json").write_text(_pack(raters=["supervisor"]), encoding="utf-8")
    monkeypatch.setenv(instruments.ENVIRONMENT, str(folder))
    pack = instruments.load_instruments().find("agency_pack")
    a = Assessment(
        id=new_id(),
        case_id=family.case_id,
        instrument_id=pack.id,
        instrument_version=pack.version,
        child_id=family.child_ids[0],
        assessed_on=date(2026, 5, 1),
        ratings=tuple(Rating(item_id=i.id, rating=0) for _d, i in pack.items()),
    )
    field_records.save_draft(store, record=a)
    with pytest.raises(InvalidRecord) as refused:  # a rating only supervisors may make
        field_records.submit(store, record_id=a.id)
    assert [p.field for p in refused.value.problems] == ["rated_by"]


def test_the_servers_files_join_the_built_in_and_a_retired_one_is_found_only_by_its_version():
    held = (
        ("server:agency_pack@2.1", _pack().encode(), True),
        ("server:agency_pack@3.0", _pack(version="3.0").encode(), False),
        ("server:old_pack@1.0", _pack(id="old_pack", version="1.0").encode(), True),
    )
    loaded = instruments.load_instruments(held=held)
    # offered for new assessments (and due): the built-in and the newest version not retired
    assert sorted(i.key for i in loaded.instruments) == [
        ("agency_pack", "3.0"),
        ("independent_living_skills", "1.0"),
    ]
    assert loaded.find("agency_pack").version == "3.0" and loaded.find("old_pack") is None
    # an assessment rated on a retired version still opens with it
    assert (
        loaded.find("agency_pack", "2.1").version == "2.1"
        and loaded.find("old_pack", "1.0") is not None
    )
