"""Words typed into a form while a sync approved or voided its record are kept, never dropped: as a
proposed change for an approved record (the record itself unchanged, sync.md P5), in the voided
record for a voided one; and the form's autosave does the same by itself when it finds the record
changed or read-only under it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from fieldcase.domain.home_visits import VisitOutcome
from fieldcase.domain.workflow import Status, WorkflowError
from fieldcase.services import field_records, visits
from fieldcase.services.field_records import DraftSaved, ProposalKept
from helpers.services import seed_caseload
from helpers.store import USER

NOW = datetime(2026, 5, 12, 14, 7, 33, tzinfo=UTC)
TYPED = "Zzlate words typed as the approval arrived"


def _submitted_visit(store):
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
        observations="Words saved before submitting.",
    )
    field_records.save_draft(store, record=visit)
    field_records.submit(store, record_id=visit.id)
    return visit


def _form(store, record_id, **typed):
    """What an open form holds: the body as the store had it, and that body with the typed fields."""
    base = store.get(record_id).body
    return base, {**base, **typed}


def test_an_approved_record_keeps_what_was_typed_as_a_proposal_and_is_not_changed(store):
    visit = _submitted_visit(store)
    base, body = _form(store, visit.id, observations=TYPED)
    store.command(visit.id, "approve")  # the supervisor's approval, arriving by sync
    approved = store.get(visit.id)
    outbox_before = len(store.outbox_entries())

    kept = field_records.keep_as_proposal(store, record_id=visit.id, body=body, base=base)

    assert kept.kept and kept.status is Status.APPROVED and kept.changed_fields == ("observations",)
    assert store.get(visit.id) == approved  # approved content never changes on the laptop
    rows = store.outbox_entries()
    assert len(rows) == outbox_before + 1
    row = rows[-1]
    assert (row.kind, row.state, row.base_rev, row.mutation_id) == (
        "patch",
        "pending",
        approved.rev,
        kept.mutation_id,
    )
    assert row.payload == {
        "changes": {"observations": {"base": "Words saved before submitting.", "new": TYPED}}
    }
    event = store.audit_events()[-1]
    assert (event.action, event.record_id) == ("record.propose", visit.id)
    assert TYPED not in repr(event)  # field names in the audit trail, never the words


def test_a_voided_record_keeps_the_words_in_it_and_stays_voided(store):
    visit = _submitted_visit(store)
    base, body = _form(store, visit.id, observations=TYPED)
    store.command(visit.id, "void", reason="Entered twice.")

    kept = field_records.keep_as_proposal(store, record_id=visit.id, body=body, base=base)

    stored = store.get(visit.id)
    assert kept.kept and kept.status is Status.VOIDED
    assert (
        stored.status == "voided" and stored.body["observations"] == TYPED
    )  # as the server will have it
    assert store.outbox_entries()[-1].payload["changes"]["observations"]["new"] == TYPED
    assert TYPED not in repr(store.audit_events()[-1])


def test_nothing_typed_queues_nothing(store):
    visit = _submitted_visit(store)
    base, body = _form(store, visit.id)
    store.command(visit.id, "approve")
    before = store.outbox_entries()
    kept = field_records.keep_as_proposal(store, record_id=visit.id, body=body, base=base)
    assert not kept.kept and store.outbox_entries() == before


def test_an_editable_record_is_not_proposed(store):
    visit = _submitted_visit(store)
    base, body = _form(store, visit.id, observations=TYPED)
    with pytest.raises(WorkflowError):
        field_records.keep_as_proposal(store, record_id=visit.id, body=body, base=base)


def test_the_autosave_finding_the_record_approved_keeps_the_words_as_a_proposal(store):
    """A save that finds the approval already in the store (stale, then read-only) needs no second
    try from the form: a form closed or locked away gets no answer."""
    visit = _submitted_visit(store)
    stored = store.get(visit.id)
    base, body = _form(store, visit.id, observations=TYPED)
    store.command(visit.id, "approve")
    answer = field_records.save_typed(
        store, body=body, base=base, kind="home_visit", expected_version=stored.version
    )
    assert isinstance(answer, ProposalKept) and answer.kept
    assert store.get(visit.id).body["observations"] == "Words saved before submitting."
    assert store.outbox_entries()[-1].payload["changes"]["observations"]["new"] == TYPED


def test_the_autosave_finding_a_newer_copy_keeps_both(store):
    visit = _submitted_visit(store)
    stored = store.get(visit.id)
    base, body = _form(store, visit.id, observations=TYPED)
    # a sync changed another field meanwhile
    store.save(
        dataclasses.replace(stored.to_domain(), home_conditions="Zzfrom the sync"),
        expected_version=stored.version,
    )
    answer = field_records.save_typed(
        store, body=body, base=base, kind="home_visit", expected_version=stored.version
    )
    assert isinstance(answer, DraftSaved) and answer.on_newer_copy
    now = store.get(visit.id).body
    assert (now["observations"], now["home_conditions"]) == (TYPED, "Zzfrom the sync")


def test_typed_fields_leave_out_what_only_the_server_sets():
    base = {"id": "r", "status": "submitted", "observations": "a", "rev": 2}
    body = {"id": "r", "status": "approved", "observations": "b", "rev": 3}
    assert field_records.typed_fields(body, base) == {"observations": "b"}
