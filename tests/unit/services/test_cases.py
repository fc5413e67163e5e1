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
    assert detail.plans[0].supervision_level == "supervised"
    assert store.audit_events()[-1].action == "record.view"


def test_reveal_needs_a_reason_and_is_audited(store):
    family = seed_caseload(store, families=1)[0]
    with pytest.raises(RevealNeedsReason):
        reveal(store, record_id=family.placement_id, field="address", reason=None)
    value = reveal(store, record_id=family.placement_id, field="address", reason=RevealReason.TRANSPORT)
    assert "Invented Lane" in value
    event = store.audit_events()[-1]
    assert event.action == "restricted.reveal" and event.detail == {"fields": ["address"], "reason_code": "transport"}
    assert "Invented" not in str(event)
    with pytest.raises(ValueError):
        reveal(store, record_id=family.placement_id, field="provider_name", reason="transport")
