"""An agency's assessment instrument loaded on the server reaches every laptop at its next sync and
is used offline (a real server — SQLite, and PostgreSQL under the `postgres` marker — and real
encrypted laptops): `fieldcase-server instruments add` → sync → the new-assessment chooser offers
it and an assessment is rated with it with no network; a new version replaces it for new
assessments while the one rated keeps its version's items; retiring it stops new ones; a file the
laptop cannot use is left out, never stored."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import httpx
import pytest

from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.server import instruments as office
from fieldcase.server.models import AssessmentInstrument, utcnow
from fieldcase.services import assessments, field_records
from fieldcase.services.instruments import for_store, last_loaded
from fieldcase.store import held_instruments
from fieldcase.sync.errors import SyncError
from integration.server.test_instruments import agency_pack


def _load(world, version: str, **kw) -> None:
    office.add_instrument(
        world.harness.db,
        json.dumps(agency_pack(version, **kw)).encode(),
        source=f"pack-{version}.json",
    )


def _unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("no network in the car", request=request)


def _rate(laptop, world, instrument_id: str) -> str:
    draft = assessments.new_assessment(
        laptop.store,
        case_id=world.case_id,
        user_id=laptop.user_id,
        today=date(2026, 3, 2),
        child_id=world.child_id,
        instrument_id=instrument_id,
    )
    rated = from_dict(
        "assessment",
        {
            **to_dict(draft),
            "ratings": [{"item_id": r.item_id, "rating": 2, "note": None} for r in draft.ratings],
        },
    )
    field_records.save_draft(laptop.store, record=rated)
    return draft.id


def test_the_offices_pack_reaches_the_laptop_and_is_rated_offline_then_versioned_and_retired(world):
    ana = world.laptop("ana")
    ana.sync()
    assert [i.id for i in for_store(ana.store).instruments] == [
        "independent_living_skills"
    ]  # the built-in only
    _load(world, "1.0", item_text="Reads a synthetic school report")
    ana.sync()
    # offline from here: the network is gone, the pack stays
    with pytest.raises(SyncError):
        ana.sync(http_transport=httpx.MockTransport(_unreachable))
    loaded = for_store(ana.store)
    assert sorted(i.key for i in loaded.instruments) == [
        ("agency_needs_pack", "1.0"),
        ("independent_living_skills", "1.0"),
    ]
    # the chooser of New assessment (ui/new_records.py) offers what the store worker found
    assert {i.id for i in last_loaded().instruments} == {
        "agency_needs_pack",
        "independent_living_skills",
    }
    first = _rate(ana, world, "agency_needs_pack")
    opened = field_records.open_record(ana.store, record_id=first)
    assert (opened.record.instrument_id, opened.record.instrument_version) == (
        "agency_needs_pack",
        "1.0",
    )
    assert (
        opened.problems == ()
    )  # every item rated with the pack's own items: nothing "not on this laptop"

    # the office loads version 2.0: new assessments use it; the first keeps 1.0's words
    _load(world, "2.0", item_text="Reads a synthetic report card")
    ana.sync()
    second = _rate(ana, world, "agency_needs_pack")
    assert ana.store.get(second).body["instrument_version"] == "2.0"
    old = for_store(ana.store).find("agency_needs_pack", "1.0")
    assert old is not None and old.domains[0].items[0].text.en == "Reads a synthetic school report"

    # retired: not offered for new assessments, not due; both assessments still open with their items
    office.retire_instrument(world.harness.db, "agency_needs_pack")
    ana.sync()
    loaded = for_store(ana.store)
    assert [i.id for i in loaded.instruments] == ["independent_living_skills"]
    assert loaded.find("agency_needs_pack") is None
    assert (
        loaded.find("agency_needs_pack", "1.0") is not None
        and loaded.find("agency_needs_pack", "2.0") is not None
    )
    assert field_records.open_record(ana.store, record_id=first).problems == ()


def test_a_file_the_laptop_cannot_use_is_left_out_and_the_others_are_kept(world):
    _load(world, "1.0")
    # a file that reached the server's table without the admin command's check (an old server, a
    # hand edit): the laptop checks it again and leaves it out
    broken = '{"id": "broken_pack", "version": "1.0"}'
    with world.harness.db.write() as session:
        session.add(
            AssessmentInstrument(
                instrument_id="broken_pack",
                version="1.0",
                name="Broken",
                content=broken,
                sha256=hashlib.sha256(broken.encode()).hexdigest(),
                active=True,
                added_at=utcnow(),
                updated_at=utcnow(),
            )
        )
    ana = world.laptop("ana")
    ana.sync()
    assert sorted(held_instruments.hashes(ana.store)) == [("agency_needs_pack", "1.0")]
    assert sorted(i.id for i in for_store(ana.store).instruments) == [
        "agency_needs_pack",
        "independent_living_skills",
    ]
