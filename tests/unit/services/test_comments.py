"""Questions and answers (services/comments.py) and acknowledged addenda (services/approvals/) over
real encrypted stores: queued offline in the outbox, shown at once, recognised when the server's copy
comes back, and never making the approval of the revision read stale."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldcase.domain.comments import CommentRefused
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import WorkflowError
from fieldcase.security.keyfile import KdfParams
from fieldcase.services import approvals, comments
from fieldcase.services import sync as sync_service
from fieldcase.store.store import Store
from fieldcase.sync.mutations import to_wire
from helpers.services import seed_caseload, seen_visit
from helpers.store import PASSPHRASE, FakeClock

from .test_approvals import NOW, SUPERVISOR, WORKER, Pull, _submitted


def _store(tmp_path: Path, name: str, user: str, device: str) -> Store:
    return Store.create(
        tmp_path / name,
        PASSPHRASE,
        device_id=device,
        user_id=user,
        kdf=KdfParams.floor(),
        clock=FakeClock(),
    )


@pytest.fixture
def sup(tmp_path: Path):
    store = _store(tmp_path, "sup", SUPERVISOR, "0190f3a0-0000-7000-8000-00000000d0aa")
    yield store
    store.lock()


@pytest.fixture
def worker(tmp_path: Path):
    store = _store(tmp_path, "worker", WORKER, "0190f3a0-0000-7000-8000-00000000d0ab")
    yield store
    store.lock()


def _server_comment(
    author: str, text: str, comment_id: str | None = None, at: str = "2026-05-28T12:05:00+00:00"
) -> dict:
    return {
        "addendum_id": comment_id or new_id(),
        "kind": "comment",
        "author": author,
        "created_at": at,
        "text": text,
    }


def test_asking_offline_queues_the_question_and_leaves_the_entry_and_the_approval_alone(sup):
    family = seed_caseload(sup, families=1)[0]
    visit = _submitted(Pull(sup), family, hours_ago=3)
    opened = approvals.open_for_review(sup, record_id=visit.id)
    assert opened.comments == () and opened.can_comment

    line = comments.add_comment(sup, record_id=visit.id, text="  Was the crib checked?  ")

    assert (line.text, line.mine, line.waiting_to_sync, line.at) == (
        "Was the crib checked?",
        True,
        True,
        None,
    )
    [entry] = [e for e in sup.outbox_entries() if e.record_id == visit.id]
    wire = to_wire(entry)
    assert (wire["kind"], wire["command"]) == ("command", "comment")
    assert wire["args"] == {"comment_id": line.comment_id, "text": "Was the crib checked?"}
    assert sup.get(visit.id).version == opened.version  # the reader stays current
    audit = sup.audit_events()[-1]
    assert (audit.action, audit.detail) == ("record.command", {"code": "comment"})  # never the text
    reread = approvals.open_for_review(sup, record_id=visit.id)
    assert [(c.text, c.author_label, c.waiting_to_sync) for c in reread.comments] == [
        ("Was the crib checked?", "You", True)
    ]
    # the approval of the revision read still goes through
    decision = approvals.approve(sup, record_id=visit.id, rev=opened.rev, version=opened.version)
    assert decision.decision == "approve"


def test_the_servers_copy_of_a_comment_replaces_the_waiting_one(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    visit = _submitted(pull, family, hours_ago=3)
    line = comments.add_comment(sup, record_id=visit.id, text="Who drove?")
    for entry in sup.outbox_entries():
        assert entry.state == "pending"
    came_back = _server_comment(SUPERVISOR, "Who drove?", line.comment_id)
    pull(
        visit,
        rev=2,
        status="submitted",
        meta={"submitted_at": NOW.isoformat()},
        addenda=[came_back],
    )
    thread = comments.thread(sup, record_id=visit.id)
    assert [(c.comment_id, c.waiting_to_sync, c.at) for c in thread.lines] == [
        (line.comment_id, False, came_back["created_at"])
    ]


def test_empty_or_long_comments_and_comments_on_voided_entries_are_refused(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    visit = _submitted(pull, family, hours_ago=3)
    with pytest.raises(CommentRefused):
        comments.add_comment(sup, record_id=visit.id, text=" \n ")
    with pytest.raises(CommentRefused):
        comments.add_comment(sup, record_id=visit.id, text="x" * 2001)
    pull(visit, rev=3, status="voided")
    with pytest.raises(WorkflowError):
        comments.add_comment(sup, record_id=visit.id, text="Why was this voided?")
    assert not comments.thread(sup, record_id=visit.id).can_comment
    assert [e for e in sup.outbox_entries() if e.record_id == visit.id] == []


def test_a_question_waits_for_the_caseworker_until_they_answer(worker):
    family = seed_caseload(worker, families=1)[0]
    pull = Pull(worker)
    visit = _submitted(pull, family, hours_ago=3)
    assert comments.questions_for_me(worker) == []
    question = _server_comment(SUPERVISOR, "Was the crib checked?")
    pull(
        visit, rev=2, status="submitted", meta={"submitted_at": NOW.isoformat()}, addenda=[question]
    )

    [waiting] = comments.questions_for_me(worker)
    assert (waiting.record_id, waiting.comment.text, waiting.comment.author_label) == (
        visit.id,
        "Was the crib checked?",
        "Supervisor",
    )
    assert (
        comments.questions_for_me(worker, names={SUPERVISOR: "Sue Park"})[0].comment.author_label
        == "Sue Park"
    )
    thread = comments.thread(worker, record_id=visit.id)
    assert thread.question is not None and thread.question.comment_id == question["addendum_id"]
    [item] = [i for i in sync_service.needs_attention(worker) if i.topic == "question"]
    assert (item.record_id, item.message) == (
        visit.id,
        "Question from Supervisor: Was the crib checked?",
    )

    comments.add_comment(worker, record_id=visit.id, text="Yes, it meets the safe-sleep standard.")

    assert comments.questions_for_me(worker) == []  # answered here, even before the sync
    assert not [i for i in sync_service.needs_attention(worker) if i.topic == "question"]
    assert comments.thread(worker, record_id=visit.id).question is None


def test_the_queue_marks_an_entry_whose_caseworker_answered(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    visit = _submitted(pull, family, hours_ago=3)
    other = _submitted(pull, family, hours_ago=5, day=6)
    pull(
        visit,
        rev=2,
        status="submitted",
        meta={"submitted_at": NOW.isoformat()},
        addenda=[
            _server_comment(SUPERVISOR, "Who drove?"),
            _server_comment(WORKER, "Her aunt.", at="2026-05-28T13:00:00+00:00"),
        ],
    )
    queue = {e.record_id: e for e in approvals.approval_queue(sup, now=NOW).entries}
    assert queue[visit.id].answered and not queue[other.id].answered
    opened = approvals.open_for_review(sup, record_id=visit.id)
    assert [(c.author_label, c.text) for c in opened.comments] == [
        ("You", "Who drove?"),
        ("Caseworker 1", "Her aunt."),
    ]
    comments.add_comment(sup, record_id=visit.id, text="Thanks.")
    assert not {e.record_id: e for e in approvals.approval_queue(sup, now=NOW).entries}[
        visit.id
    ].answered


def test_acknowledging_an_addendum_is_queued_shown_as_waiting_and_settled_by_the_servers_copy(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    visit = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 4, 15, tzinfo=UTC)),
        created_by=WORKER,
    )
    addendum_id = new_id()
    listed = {
        "addendum_id": addendum_id,
        "kind": "addendum",
        "author": WORKER,
        "created_at": NOW.isoformat(),
        "text": "Ended at 11:10.",
    }
    body_addendum = {
        "id": addendum_id,
        "author": WORKER,
        "at": NOW.isoformat(),
        "text": "Ended at 11:10.",
    }
    meta = {"approved_by": SUPERVISOR, "approved_at": NOW.isoformat(), "approved_rev": 3}
    approved = dataclasses.replace(visit, approved_by=SUPERVISOR, approved_at=NOW)
    pull(approved, rev=4, status="approved", meta=meta, addenda=[listed])
    # the body of a synced record carries its addenda (the server's overlay)
    from fieldcase.domain.addenda import Addendum

    with_addendum = dataclasses.replace(
        approved, addenda=(Addendum(id=addendum_id, author=WORKER, at=NOW, text="Ended at 11:10."),)
    )
    pull(with_addendum, rev=4, status="approved", meta=meta, addenda=[listed])
    [unread] = approvals.addenda_to_acknowledge(sup, names={WORKER: "Ana Ruiz"})
    assert (unread.addendum.addendum_id, unread.author_label, unread.case_number) == (
        addendum_id,
        "Ana Ruiz",
        "DEMO-1000",
    )

    assert approvals.acknowledge_addendum(sup, record_id=visit.id, addendum_id=addendum_id) is True
    [entry] = [e for e in sup.outbox_entries() if e.record_id == visit.id]
    assert (to_wire(entry)["command"], to_wire(entry)["args"]) == (
        "acknowledge_addendum",
        {"addendum_id": addendum_id},
    )
    line = approvals.open_for_review(sup, record_id=visit.id).addenda[0]
    assert line.acknowledged and line.acknowledgement_waiting and line.acknowledged_by is None
    assert approvals.addenda_to_acknowledge(sup) == []
    assert (
        approvals.acknowledge_addendum(sup, record_id=visit.id, addendum_id=addendum_id) is False
    )  # nothing queued twice
    assert len([e for e in sup.outbox_entries() if e.record_id == visit.id]) == 1

    read_at = datetime(2026, 5, 28, 14, 0, tzinfo=UTC)
    done = dataclasses.replace(
        with_addendum,
        addenda=(
            dataclasses.replace(
                with_addendum.addenda[0], acknowledged_by=SUPERVISOR, acknowledged_at=read_at
            ),
        ),
    )
    pull(done, rev=5, status="approved", meta=meta, addenda=[listed])
    line = approvals.open_for_review(sup, record_id=visit.id).addenda[0]
    assert (line.acknowledged_by, line.acknowledged_at, line.acknowledgement_waiting) == (
        SUPERVISOR,
        read_at.isoformat(),
        False,
    )
    assert body_addendum["id"] == line.addendum_id
