"""The supervisor's story end to end, against the real server app (in-process, SQLite) with real
encrypted laptop stores syncing through the production sync service:

caseworker records and submits offline → syncs → supervisor syncs, approves one and returns one →
caseworker syncs, sees one locked and one returned with the reason, corrects, resubmits →
supervisor approves. And an approval of a revision that is no longer current is refused."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime

import pytest

from fieldcase.domain.home_visits import ChildSeen, ContactMethod, VisitOutcome, VisitPurpose
from fieldcase.services import approvals, field_records
from fieldcase.services import sync as sync_service
from fieldcase.sync.transport import RetryPolicy
from helpers.store import a_visit
from integration.sync.laptops import Laptop, MiniServer

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def office(tmp_path):
    server = MiniServer.start(tmp_path / "server")
    server.make_user("sam", role="supervisor")
    team = server.make_team(supervisor="sam")
    server.make_user("ana", team=team)
    case_id = server.make_case("ana")
    child_id = server.add_record(
        "person", case_id, {"role": "child", "given_name": "Test", "family_name": "Child"}
    )
    laptops = []

    def laptop(name: str) -> Laptop:
        made = Laptop.enroll(server, name, tmp_path / name)
        laptops.append(made)
        return made

    yield server, case_id, child_id, laptop
    for made in laptops:
        made.close()
    server.stop()


def sync(laptop: Laptop):
    """The app's sync service (the same call the sync bar makes), over the server app's transport."""
    return sync_service.sync_now(
        laptop.store,
        http_transport=laptop.http_transport,
        sleep=lambda _s: None,
        rng=random.Random(0),
        retry=RetryPolicy(attempts=3, base_seconds=0.01, cap_seconds=0.02),
    )


def record_visit(laptop: Laptop, case_id: str, child_id: str, words: str):
    visit = dataclasses.replace(
        a_visit(case_id, child_id, observations=words),
        conducted_by=laptop.user_id,
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED,
        children=(
            ChildSeen(child_id=child_id, seen=True, seen_privately=True, present_danger=False),
        ),
    )
    saved = field_records.save_draft(laptop.store, record=visit)
    assert saved.problems == ()
    field_records.submit(laptop.store, record_id=visit.id, expected_version=saved.version)
    return visit


def decide(
    laptop: Laptop, record_id: str, decision: str, reason: str = ""
) -> approvals.ReviewRecord:
    opened = approvals.open_for_review(laptop.store, record_id=record_id)
    assert opened.can_decide
    if decision == "approve":
        approvals.approve(laptop.store, record_id=record_id, rev=opened.rev, version=opened.version)
    else:
        approvals.return_entry(
            laptop.store, record_id=record_id, rev=opened.rev, version=opened.version, reason=reason
        )
    return opened


def test_record_offline_approve_one_return_one_correct_resubmit_approve(office):
    _server, case_id, child_id, laptop = office
    ana, sam = laptop("ana"), laptop("sam")
    sync(ana)
    sync(sam)

    # offline in the car: two visits written and submitted; they wait in the outbox
    first = record_visit(ana, case_id, child_id, "First visit: homework and chores.")
    second = record_visit(ana, case_id, child_id, "Second visit: school report.")
    assert len(sync_service.waiting_to_sync(ana.store)) >= 4
    assert (
        approvals.approval_queue(sam.store, now=NOW).entries == ()
    )  # nothing reaches the supervisor before a sync

    sync(ana)
    sync(sam)
    queue = approvals.approval_queue(sam.store, now=NOW)
    assert [e.record_id for e in queue.entries] == [first.id, second.id]  # oldest first
    assert all(e.author_id == ana.user_id and e.submitted_at is not None for e in queue.entries)

    decide(sam, first.id, "approve")
    decide(sam, second.id, "return", "Say who else was present at the visit.")
    assert {d.decision for d in approvals.decisions_waiting(sam.store)} == {"approve", "return"}
    report = sync(sam)
    assert report.conflicts == 0 and approvals.decisions_waiting(sam.store) == []
    assert approvals.approval_queue(sam.store, now=NOW).entries == ()

    # the caseworker syncs: one locked, one returned with the reason
    sync(ana)
    locked = field_records.open_record(ana.store, record_id=first.id)
    assert locked.read_only and "approved" in locked.read_only_reason
    assert locked.record.approved_by == sam.user_id
    returned = field_records.open_record(ana.store, record_id=second.id)
    assert (
        not returned.read_only
        and returned.returned_reason == "Say who else was present at the visit."
    )
    topics = {a.topic: a for a in sync_service.needs_attention(ana.store)}
    assert topics["returned"].details["reason"] == "Say who else was present at the visit."
    assert "approved" in topics

    # corrects and resubmits
    corrected = dataclasses.replace(
        returned.record, observations="Second visit: school report. Grandmother was present too."
    )
    saved = field_records.save_draft(ana.store, record=corrected, expected_version=returned.version)
    field_records.submit(ana.store, record_id=second.id, expected_version=saved.version)
    sync(ana)

    sync(sam)
    queue = approvals.approval_queue(sam.store, now=NOW)
    assert [e.record_id for e in queue.entries] == [second.id]
    assert queue.entries[0].returned_before == "Say who else was present at the visit."
    reread = approvals.open_for_review(sam.store, record_id=second.id)
    assert (
        "Grandmother was present too." in {f.label: f.text for f in reread.fields}["Observations"]
    )
    decide(sam, second.id, "approve")
    sync(sam)

    sync(ana)
    assert field_records.open_record(ana.store, record_id=second.id).read_only
    assert (
        ana.store.get(second.id).status == "approved"
        and sam.store.get(second.id).status == "approved"
    )


def test_approving_a_revision_that_is_no_longer_current_is_refused(office):
    _server, case_id, child_id, laptop = office
    ana, sam = laptop("ana"), laptop("sam")
    sync(ana)
    visit = record_visit(ana, case_id, child_id, "Before the correction.")
    sync(ana)
    sync(sam)
    read = approvals.open_for_review(sam.store, record_id=visit.id)

    # the caseworker corrects the submitted visit and it reaches the server first
    current = ana.store.get(visit.id)
    ana.store.save(
        dataclasses.replace(current.to_domain(), observations="After the correction."),
        expected_version=current.version,
    )
    sync(ana)

    approvals.approve(
        sam.store, record_id=visit.id, rev=read.rev, version=read.version
    )  # offline, on what was read
    report = sync(sam)

    assert report.conflicts == 1
    stale = [a for a in sync_service.needs_attention(sam.store) if a.topic == "stale"]
    assert len(stale) == 1 and "changed after you reviewed it" in stale[0].message
    queue = approvals.approval_queue(sam.store, now=NOW)
    assert [(e.record_id, e.changed_since_review) for e in queue.entries] == [(visit.id, True)]
    fresh = approvals.open_for_review(sam.store, record_id=visit.id)
    assert fresh.rev > read.rev and fresh.notice and fresh.can_decide
    assert {f.label: f.text for f in fresh.fields}["Observations"] == "After the correction."

    approvals.approve(sam.store, record_id=visit.id, rev=fresh.rev, version=fresh.version)
    assert sync(sam).conflicts == 0
    sync(ana)
    assert ana.store.get(visit.id).status == "approved"
    assert not [a for a in sync_service.needs_attention(sam.store) if a.topic == "stale"]


def test_question_answered_then_approved_then_addendum_acknowledged(office):
    """The rest of issue #6's reader: the supervisor asks a question instead of deciding, the
    caseworker answers it, the supervisor approves the revision read before the question (comments
    never make it stale), the caseworker corrects the approved entry with an addendum, and the
    supervisor's acknowledgement reaches the caseworker — each step offline, then a sync."""
    from fieldcase.services import comments

    server, case_id, child_id, laptop = office
    ana, sam = laptop("ana"), laptop("sam")
    visit = record_visit(
        ana, case_id, child_id, "Visit at the foster home; bedroom shared with a cousin."
    )
    sync(ana)
    sync(sam)

    read = approvals.open_for_review(sam.store, record_id=visit.id)
    comments.add_comment(sam.store, record_id=visit.id, text="Does the cousin have a separate bed?")
    sync(sam)

    sync(ana)
    asked = [a for a in sync_service.needs_attention(ana.store) if a.topic == "question"]
    assert [a.record_id for a in asked] == [visit.id]
    assert asked[0].details["text"] == "Does the cousin have a separate bed?"
    comments.add_comment(ana.store, record_id=visit.id, text="Yes, bunk beds since September.")
    sync(ana)
    assert [
        a for a in sync_service.needs_attention(ana.store) if a.topic == "question"
    ] == []  # answered: gone

    sync(sam)
    queue = approvals.approval_queue(sam.store, now=NOW)
    assert [(e.record_id, e.answered) for e in queue.entries] == [(visit.id, True)]
    talk = comments.thread(sam.store, record_id=visit.id)
    assert [line.text for line in talk.lines] == [
        "Does the cousin have a separate bed?",
        "Yes, bunk beds since September.",
    ]
    assert (
        approvals.open_for_review(sam.store, record_id=visit.id).rev == read.rev
    )  # the thread did not move the revision
    approvals.approve(sam.store, record_id=visit.id, rev=read.rev, version=read.version)
    sync(sam)
    assert server_status(server, visit.id) == "approved"

    sync(ana)
    field_records.add_addendum(
        ana.store, record_id=visit.id, text="The bunk beds were bought by the foster family."
    )
    sync(ana)

    sync(sam)
    waiting = approvals.addenda_to_acknowledge(sam.store)
    assert [(w.record_id, w.addendum.text) for w in waiting] == [
        (visit.id, "The bunk beds were bought by the foster family.")
    ]
    assert approvals.acknowledge_addendum(
        sam.store, record_id=visit.id, addendum_id=waiting[0].addendum.addendum_id
    )
    sync(sam)
    assert approvals.addenda_to_acknowledge(sam.store) == []

    sync(ana)
    seen = approvals.open_for_review(ana.store, record_id=visit.id)
    (line,) = [a for a in seen.addenda if a.kind == "addendum"]
    assert line.acknowledged and line.acknowledged_by == sam.user_id and line.acknowledged_at


def server_status(server: MiniServer, record_id: str) -> str:
    from fieldcase.server.models import Record

    with server.db.read() as session:
        return session.get(Record, record_id).status
