"""Case data on the laptop: a person's restricted address stays withheld in the edit form and is
kept when other fields are saved; a placement change writes both placements in one transaction;
a hearing's next date moves the case's next court date; an exit is refused until complete."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from fieldcase.domain.hearings import Hearing
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, ProviderKind
from fieldcase.domain.problems import InvalidRecord
from fieldcase.services import case_data, placement_change


def test_a_resource_parents_address_is_withheld_and_kept(store, family):
    parent = Person(
        id=new_id(),
        case_id=family.case_id,
        role=PersonRole.RESOURCE_PARENT,
        given_name="Res",
        family_name="Parent",
        address="12 Hidden Lane",
    )
    store.save(parent)
    body, withheld = case_data.body_for_form(
        case_data.open_case_data(store, record_id=parent.id).record
    )
    assert withheld == ("address",) and body["address"] is None
    typed = {**body, "phone": "555-0199"}
    case_data.save_typed(store, kind="person", body=typed, base=body)
    kept = store.get(parent.id).to_domain()
    assert (kept.phone, kept.address) == ("555-0199", "12 Hidden Lane")
    # a relative's address is not restricted: shown as it is
    relative = Person(
        id=new_id(), case_id=family.case_id, role=PersonRole.RELATIVE, address="3 Open Road"
    )
    body, withheld = case_data.body_for_form(relative)
    assert withheld == () and body["address"] == "3 Open Road"


def test_a_placement_change_and_the_hearing_date(store, family):
    child_id = next(
        p.id
        for p in store.repository("person").list(case_id=family.case_id)
        if p.role is PersonRole.CHILD
    )
    old = Placement(
        id=new_id(),
        case_id=family.case_id,
        child_id=child_id,
        provider_kind=ProviderKind.RESOURCE_FAMILY,
        provider_name="Old",
        starts_on=date(2026, 1, 1),
    )
    store.save(old)
    change = placement_change.PlacementChange(
        case_id=family.case_id,
        child_id=child_id,
        new_placement_id=new_id(),
        ending_placement_id=old.id,
        moved_on=date(2026, 1, 5),
        reason_for_change="Move",
        provider_kind=ProviderKind.RELATIVE,
        provider_name="New",
    )
    before = len(store.outbox_entries())
    saved = placement_change.record_change(store, change=change)
    assert (
        saved.problems == () and len(store.outbox_entries()) > before
    )  # (a patch of a record not yet sent joins its create)
    assert store.get(old.id).to_domain().ends_on == date(2026, 1, 5)
    assert store.get(change.new_placement_id).to_domain().starts_on == date(2026, 1, 5)
    # a move before the old placement began is not written to it, and is reported
    early = dataclasses.replace(change, moved_on=date(2025, 12, 1))
    found = placement_change.record_change(store, change=early)
    assert [p.field for p in found.problems] == ["moved_on"] and store.get(
        old.id
    ).to_domain().ends_on == date(2026, 1, 5)

    hearing = Hearing(
        id=new_id(),
        case_id=family.case_id,
        scheduled_at=datetime(2026, 2, 1, 9, tzinfo=UTC),
        outcome="Continued.",
        next_hearing_on=date(2026, 5, 4),
    )
    case_data.save_hearing(store, hearing=hearing)
    assert store.get(family.case_id).to_domain().next_court_hearing.date() == date(2026, 5, 4)
    older = Hearing(
        id=new_id(),
        case_id=family.case_id,
        scheduled_at=datetime(2025, 11, 1, 9, tzinfo=UTC),
        next_hearing_on=date(2026, 2, 1),
    )
    case_data.save_hearing(
        store, hearing=older
    )  # an older hearing recorded late does not move the date back
    assert store.get(family.case_id).to_domain().next_court_hearing.date() == date(2026, 5, 4)

    with pytest.raises(InvalidRecord):
        case_data.record_exit(store, child_id=child_id, exit_date=date(2026, 3, 1), reason=None)
    assert store.get(child_id).to_domain().exit_date is None
