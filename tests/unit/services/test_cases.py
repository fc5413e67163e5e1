from __future__ import annotations

from datetime import date

import pytest

from fieldcase.services.cases import RevealReason, load_case, reveal
from fieldcase.services.errors import RevealNeedsReason
from helpers.services import seed_caseload


def test_case_view_hides_restricted_fields(store):
    family = seed_caseload(store, families=1, visits_per_child=3)[0]
    detail = load_case(store, case_id=family.case_id, today=date(2026, 5, 12))
    assert detail.case_number == "DEMO-1000"
    assert [p.role for p in detail.people][:2] == ["child", "child"]
    rp = next(p for p in detail.people if p.role == "resource_parent")
    assert rp.address is None and rp.address_restricted
    assert all(pl.address is None and pl.address_restricted for pl in detail.placements)
    assert len(detail.timeline) == 3 and detail.timeline[0].kind == "home_visit"
    assert all(
        t.happened for t in detail.timeline
    )  # where each visit was (or its outcome), for the timeline
    assert detail.plans[0].supervision_level == "supervised"
    assert store.audit_events()[-1].action == "record.view"


def test_reveal_needs_a_reason_and_is_audited(store):
    family = seed_caseload(store, families=1)[0]
    with pytest.raises(RevealNeedsReason):
        reveal(store, record_id=family.placement_id, field="address", reason=None)
    value = reveal(
        store, record_id=family.placement_id, field="address", reason=RevealReason.TRANSPORT
    )
    assert "Invented Lane" in value
    event = store.audit_events()[-1]
    assert event.action == "restricted.reveal" and event.detail == {
        "fields": ["address"],
        "reason_code": "transport",
    }
    assert "Invented" not in str(event)
    with pytest.raises(ValueError):
        reveal(store, record_id=family.placement_id, field="provider_name", reason="transport")


def test_the_timeline_says_what_happened_without_narrative(store):
    """Where a visit was (or that it was only attempted), family time's outcome, a trip's purpose
    and miles — codes the window words; no narrative reaches the timeline."""
    from dataclasses import replace
    from datetime import UTC, datetime
    from decimal import Decimal

    from fieldcase.domain.home_visits import LocationType, VisitOutcome
    from fieldcase.domain.ids import new_id
    from fieldcase.domain.transport_trips import TransportTrip, TripPurpose
    from fieldcase.domain.visitation_entries import VisitationEntry, VisitationOutcome
    from helpers.store import a_visit

    family = seed_caseload(store, families=1, visits_per_child=0)[0]
    child = family.child_ids[0]
    school = replace(
        a_visit(family.case_id, child, observations="secret words"),
        location_type=LocationType.SCHOOL,
    )
    attempted = replace(
        a_visit(family.case_id, child),
        outcome=VisitOutcome.ATTEMPTED,
        contact_start=datetime(2026, 11, 4, 15, tzinfo=UTC),
        contact_end=datetime(2026, 11, 4, 16, tzinfo=UTC),
    )
    entry = VisitationEntry(
        id=new_id(),
        case_id=family.case_id,
        child_ids=(child,),
        outcome=VisitationOutcome.PARENT_NO_SHOW,
        scheduled_start=datetime(2026, 11, 5, 16, tzinfo=UTC),
    )
    trip = TransportTrip(
        id=new_id(),
        case_id=family.case_id,
        trip_date=date(2026, 11, 6),
        purpose=TripPurpose.COURT,
        odometer_start=Decimal("1000.0"),
        odometer_end=Decimal("1024.5"),
    )
    for record in (school, attempted, entry, trip):
        store.save(record)
    detail = load_case(store, case_id=family.case_id, today=date(2026, 11, 25))
    by_id = {t.record_id: t for t in detail.timeline}
    assert by_id[school.id].happened == "school"
    assert by_id[attempted.id].happened == "attempted"
    assert by_id[entry.id].happened == "parent_no_show"
    assert (by_id[trip.id].happened, by_id[trip.id].miles) == ("court", Decimal("24.5"))
    assert "secret" not in repr(detail.timeline)
