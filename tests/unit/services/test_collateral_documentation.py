"""A collateral contact's note counts for documentation timeliness on the laptop's caseload summary
(read through the store's narrow compliance facts), like a home visit's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fieldcase.domain.collateral_contacts import CollateralContact, CollateralRole
from fieldcase.domain.ids import new_id
from fieldcase.services import compliance

TODAY = date(2026, 5, 25)


def test_a_collateral_note_not_written_in_48_hours_is_late_documentation(store, family):
    before = compliance.caseload_summary(store, today=TODAY).counts.documentation_late
    ended = datetime(2026, 5, 20, 16, tzinfo=UTC)
    late = CollateralContact(
        id=new_id(),
        case_id=family.case_id,
        contact_start=ended - timedelta(minutes=30),
        contact_end=ended,
        recorded_at=ended + timedelta(hours=60),
        party_role=CollateralRole.COURT,
        child_ids=tuple(family.child_ids),
    )
    on_time = CollateralContact(
        id=new_id(),
        case_id=family.case_id,
        contact_start=ended - timedelta(minutes=30),
        contact_end=ended,
        recorded_at=ended + timedelta(hours=2),
        party_role=CollateralRole.SCHOOL,
        child_ids=tuple(family.child_ids),
    )
    store.save(late)
    store.save(on_time)
    assert compliance.caseload_summary(store, today=TODAY).counts.documentation_late == before + 1


def test_the_find_box_finds_a_case_by_its_collateral_contacts_words(store, family):
    from fieldcase.services.caseload import search_notes

    contact = CollateralContact(
        id=new_id(),
        case_id=family.case_id,
        party_organisation="Zyxwood Elementary",
        summary="Reading tutor twice a week.",
        party_contact="555-0177",
        child_ids=tuple(family.child_ids),
    )
    store.save(contact)
    assert family.case_id in search_notes(store, text="Zyxwood")
    assert family.case_id in search_notes(store, text="tutor")
    assert (
        search_notes(store, text="555-0177") == frozenset()
    )  # the party's details are restricted: never indexed
