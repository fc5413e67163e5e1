from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from fieldcase.domain.home_visits import VisitOutcome
from fieldcase.domain.problems import InvalidRecord
from fieldcase.domain.restraints import Restraint
from fieldcase.domain.workflow import Status, WorkflowError
from fieldcase.services import attachments, field_records, trips, visitation, visits
from fieldcase.services.errors import AttachmentRefused
from helpers.services import seed_caseload
from helpers.store import USER

NOW = datetime(2026, 5, 12, 14, 7, 33, tzinfo=UTC)


def test_new_visit_defaults(store):
    family = seed_caseload(store)[0]
    visit = visits.new_home_visit(store, case_id=family.case_id, user_id=USER, now=NOW)
    assert visit.contact_start == datetime(2026, 5, 12, 14, 5, tzinfo=UTC)
    assert {c.child_id for c in visit.children} == set(family.child_ids)
    assert visit.placement_id is not None and visit.conducted_by == USER


def test_draft_saves_incomplete_and_submit_lists_problems(store):
    family = seed_caseload(store)[0]
    visit = visits.new_home_visit(store, case_id=family.case_id, user_id=USER, now=NOW)
    visit = dataclasses.replace(
        visit, contact_end=NOW.replace(hour=10)
    )  # ends before it starts: still saved
    saved = field_records.save_draft(store, record=visit)
    assert saved.created and saved.status is Status.DRAFT
    assert any(p.field == "contact_end" for p in saved.problems)
    with pytest.raises(InvalidRecord) as refused:
        field_records.submit(store, record_id=visit.id)
    assert len(refused.value.problems) > 1


def test_submit_approve_read_only_addendum(store):
    family = seed_caseload(store)[0]
    visit = visits.new_home_visit(store, case_id=family.case_id, user_id=USER, now=NOW)
    children = tuple(
        dataclasses.replace(c, seen=True, seen_privately=True, present_danger=False)
        for c in visit.children
    )
    visit = dataclasses.replace(
        visit,
        contact_end=NOW.replace(hour=15),
        outcome=VisitOutcome.COMPLETED,
        children=children,
        observations="Synthetic note: homework done at the table.",
    )
    saved = field_records.save_draft(store, record=visit)
    assert saved.problems == ()
    field_records.submit(store, record_id=visit.id, expected_version=saved.version)
    store.command(visit.id, "approve")  # as the server's approval would arrive by sync
    opened = field_records.open_record(store, record_id=visit.id)
    assert opened.read_only and "approved" in opened.read_only_reason
    with pytest.raises(WorkflowError):
        field_records.save_draft(
            store, record=dataclasses.replace(visit, observations="late change")
        )
    field_records.add_addendum(
        store, record_id=visit.id, text="Child's school is now Lincoln Elementary."
    )
    assert len(field_records.open_record(store, record_id=visit.id).record.addenda) == 1


def test_returned_record_shows_reason_and_resubmits(store):
    family = seed_caseload(store)[0]
    visit = visits.new_home_visit(store, case_id=family.case_id, user_id=USER, now=NOW)
    children = tuple(
        dataclasses.replace(c, seen=True, seen_privately=True, present_danger=False)
        for c in visit.children
    )
    visit = dataclasses.replace(
        visit,
        contact_end=NOW.replace(hour=15),
        outcome=VisitOutcome.COMPLETED,
        children=children,
        observations="Synthetic note: homework done at the table.",
    )
    field_records.save_draft(store, record=visit)
    field_records.submit(store, record_id=visit.id)
    store.command(visit.id, "return", reason="Add the school name.")
    opened = field_records.open_record(store, record_id=visit.id)
    assert opened.returned_reason == "Add the school name." and not opened.read_only
    assert field_records.submit(store, record_id=visit.id).status is Status.SUBMITTED


def test_clone_last_visit_keeps_shape_not_answers(store):
    family = seed_caseload(store, visits_per_child=2)[0]
    clone = visits.clone_last_visit(store, case_id=family.case_id, user_id=USER, now=NOW)
    assert {c.child_id for c in clone.children} == set(family.child_ids)
    assert all(c.seen is None and c.seen_privately is None for c in clone.children)
    assert clone.observations is None and clone.outcome is None


def test_trip_defaults_follow_the_last_trip(store):
    family = seed_caseload(store)[0]
    first = trips.new_trip(store, case_id=family.case_id, driver_id=USER, today=date(2026, 5, 12))
    assert first.odometer_start is None and first.vehicle_kind.value == "personal"
    assert all(
        p.restraint in (Restraint.BOOSTER, Restraint.FORWARD_FACING, Restraint.REAR_FACING)
        for p in first.passengers
    )
    field_records.save_draft(
        store,
        record=dataclasses.replace(
            first, plate="DEMO 123", odometer_start=Decimal("100.0"), odometer_end=Decimal("142.5")
        ),
    )
    second = trips.new_trip(store, case_id=family.case_id, driver_id=USER, today=date(2026, 5, 13))
    assert second.odometer_start == Decimal("142.5") and second.plate == "DEMO 123"


def test_restraint_prompt():
    prompt = trips.restraint_prompt(
        date_of_birth=date(2023, 1, 1),
        weight_lb=Decimal(30),
        height_in=None,
        chosen=Restraint.BELT,
        on=date(2026, 5, 1),
    )
    assert prompt.recommended is Restraint.FORWARD_FACING and prompt.below_recommendation


def test_visitation_entry_from_plan(store):
    family = seed_caseload(store)[0]
    entry = visitation.new_visitation_entry(store, case_id=family.case_id, user_id=USER, now=NOW)
    assert entry.plan_id == family.plan_id and set(entry.child_ids) == set(family.child_ids)
    assert entry.supervision_level.value == "supervised" and len(entry.attendance) == 3
    assert (entry.scheduled_end - entry.scheduled_start).total_seconds() == 90 * 60


def test_attachments_are_stored_by_hash(store, tmp_path):
    photo = tmp_path / "room.png"
    photo.write_bytes(b"\x89PNG fake image bytes")
    ref = attachments.attach_file(store, path=photo)
    assert ref.name == "room.png" and ref.mime == "image/png" and len(ref.sha256) == 64
    assert attachments.read_attachment(store, sha256=ref.sha256) == photo.read_bytes()
    assert attachments.clean_name("../../etc/\u202epasswd\x00.txt") == "passwd.txt"
    with pytest.raises(AttachmentRefused):
        attachments.attach_bytes(store, content=b"MZ", name="tool.exe")
