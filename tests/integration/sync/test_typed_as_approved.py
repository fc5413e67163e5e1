"""Words typed into a submitted visit while a sync brought its approval (or its void) reach the
server, through the real sync path (real server on SQLite and PostgreSQL, real encrypted laptops):
for an approved visit as an addendum proposal carrying the words, the outbox row `converted`, the
approved content unchanged everywhere; for a voided one in the voided visit, flagged. Nothing is
left pending."""

from __future__ import annotations

from sqlalchemy import select

from fieldcase.server.models import Addendum, Record
from fieldcase.services import approvals, field_records
from fieldcase.services import sync as sync_service
from integration.sync.promises import check_converged, check_read_your_writes
from integration.sync.test_scenarios import new_visit, quiesce

SAVED = "Words saved before submitting."
TYPED = "Words saved before submitting. Zzthe school called during the visit."


def _submitted(world, ana, sam):
    ana.sync()
    visit = new_visit(world, ana, observations=SAVED)
    ana.sync()
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    return visit


def _form_open(ana, record_id):
    """The caseworker's form: the body as the store had it, and that body with what they typed."""
    base = ana.store.get(record_id).body
    return base, {**base, "observations": TYPED}


def _proposals(db, record_id):
    with db.read() as session:
        return [
            a.proposed_patch
            for a in session.execute(
                select(Addendum).where(Addendum.record_id == record_id, Addendum.kind == "proposal")
            ).scalars()
        ]


def _states(laptop, record_id):
    return [e.state for e in laptop.store.outbox_entries() if e.record_id == record_id]


def test_words_typed_as_the_approval_arrived_reach_the_supervisor_as_an_addendum_proposal(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    base, body = _form_open(ana, visit.id)
    sam.store.command(visit.id, "approve")
    sam.sync()
    ana.sync()  # the approval arrives while the form is open
    approved = ana.store.get(visit.id)
    assert approved.status == "approved"

    kept = field_records.keep_as_proposal(ana.store, record_id=visit.id, body=body, base=base)
    assert kept.kept and ana.store.get(visit.id) == approved  # not changed on the laptop (P5)
    check_read_your_writes(ana.store)

    report = ana.sync()
    assert report.converted == 1
    assert _states(ana, visit.id)[-1] == "converted"
    assert not ana.store.outbox_entries(states=("pending", "inflight"))
    assert _proposals(world.harness.db, visit.id) == [
        {"observations": {"base": SAVED, "new": TYPED}}
    ]
    [item] = [a for a in sync_service.needs_attention(ana.store) if a.topic == "addendum"]
    assert (
        item.record_id == visit.id
        and item.details["proposal"]["changes"]["observations"]["new"] == TYPED
    )
    quiesce(ana, sam)
    assert (
        ana.store.get(visit.id).body["observations"]
        == SAVED
        == sam.store.get(visit.id).body["observations"]
    )
    check_converged(world.harness.db, [ana, sam])


def test_the_autosave_that_finds_the_approval_sends_the_words_as_a_proposal(world):
    """The form's own save after the sync (stale, then read-only) keeps the words by itself."""
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    version = ana.store.get(visit.id).version
    base, body = _form_open(ana, visit.id)
    sam.store.command(visit.id, "approve")
    sam.sync()
    ana.sync()
    answer = field_records.save_typed(
        ana.store, body=body, base=base, kind="home_visit", expected_version=version
    )
    assert isinstance(answer, field_records.ProposalKept) and answer.kept
    assert ana.sync().converted == 1
    assert _proposals(world.harness.db, visit.id) == [
        {"observations": {"base": SAVED, "new": TYPED}}
    ]
    quiesce(ana, sam)
    check_converged(world.harness.db, [ana, sam])


def test_words_typed_as_a_void_arrived_are_kept_in_the_voided_visit(world):
    """No proposal exists for a voided record: the server applies the edit to it and flags it, so
    the words are in the voided visit the caseworker and the supervisor can read."""
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    base, body = _form_open(ana, visit.id)
    ana.store.command(
        visit.id, "void", reason="Entered twice."
    )  # from the case page, say, while the form was open
    kept = field_records.keep_as_proposal(ana.store, record_id=visit.id, body=body, base=base)
    assert kept.kept and ana.store.get(visit.id).body["observations"] == TYPED
    ana.sync()
    assert not ana.store.outbox_entries(states=("pending", "inflight"))
    assert "voided" in {a.topic for a in sync_service.needs_attention(ana.store)}
    with world.harness.db.read() as session:
        record = session.get(Record, visit.id)
        assert (record.status, record.body["observations"]) == ("voided", TYPED)
    quiesce(ana, sam)
    assert sam.store.get(visit.id).body["observations"] == TYPED
    check_converged(world.harness.db, [ana, sam])


def test_the_caseworker_sees_that_the_supervisor_read_the_proposal(world):
    """The supervisor acknowledges the proposal on their laptop; the server says who and when in the
    change's meta; the caseworker's laptop pulls it, names the supervisor from the team directory,
    and its Needs attention item says so. The entry stays as approved."""
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    base, body = _form_open(ana, visit.id)
    sam.store.command(visit.id, "approve")
    sam.sync()
    ana.sync()
    field_records.keep_as_proposal(ana.store, record_id=visit.id, body=body, base=base)
    assert ana.sync().converted == 1
    [waiting] = field_records.my_proposals(ana.store, record_id=visit.id)
    assert not waiting.read
    [item] = [a for a in sync_service.needs_attention(ana.store) if a.topic == "addendum"]
    assert item.proposal == waiting and "addendum" not in item.message

    sam.sync()
    [unread] = approvals.addenda_to_acknowledge(sam.store)
    assert (unread.record_id, unread.addendum.addendum_id) == (visit.id, waiting.proposal_id)
    approvals.acknowledge_addendum(sam.store, record_id=visit.id, addendum_id=waiting.proposal_id)
    sam.sync()
    ana.sync()

    [read] = field_records.my_proposals(ana.store, record_id=visit.id)
    assert (read.proposal_id, read.read_by, read.read_by_name) == (
        waiting.proposal_id,
        sam.user_id,
        "sam",
    )
    with world.harness.db.read() as session:
        row = session.get(Addendum, waiting.proposal_id)
        assert (row.acknowledged_by, row.proposed_patch) == (
            sam.user_id,
            {"observations": {"base": SAVED, "new": TYPED}},
        )
        read_on = row.acknowledged_at.date().isoformat()
    assert read.read_at[:10] == read_on
    [item] = [a for a in sync_service.needs_attention(ana.store) if a.topic == "addendum"]
    assert item.proposal == read
    assert (
        item.message
        == f"Your proposed change of {read.proposed_at[:10]} was read by sam on {read_on}."
    )
    assert ana.store.get(visit.id).body["observations"] == SAVED  # read, never applied
    quiesce(ana, sam)
    check_converged(world.harness.db, [ana, sam])
