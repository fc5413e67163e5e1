"""Questions and acknowledged addenda through the real sync path (real server, real encrypted laptops):
asked offline, answered offline, approved at the revision read; a lost answer to the push retried
with one effect; an addendum acknowledged by the supervisor shows on the caseworker's laptop."""

from __future__ import annotations

from datetime import UTC, datetime

from fieldcase.services import approvals, comments, field_records
from fieldcase.services import sync as sync_service
from integration.sync.promises import check_converged, check_no_duplicates
from integration.sync.test_scenarios import DropResponses, new_visit, quiesce


def _submitted(world, ana, sam):
    ana.sync()
    visit = new_visit(world, ana)
    ana.sync()
    ana.store.command(visit.id, "submit")
    quiesce(ana, sam)
    return visit


def test_question_and_answer_offline_then_the_revision_read_is_approved(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    opened = approvals.open_for_review(sam.store, record_id=visit.id)
    assert opened.can_decide and opened.can_comment

    comments.add_comment(
        sam.store, record_id=visit.id, text="Was the crib checked?"
    )  # offline: only the outbox
    assert comments.questions_for_me(ana.store) == []
    sam.sync()
    ana.sync()
    [question] = comments.questions_for_me(ana.store)
    assert (question.record_id, question.comment.text, question.comment.author_id) == (
        visit.id,
        "Was the crib checked?",
        sam.user_id,
    )
    assert [i.topic for i in sync_service.needs_attention(ana.store)] == ["question"]

    comments.add_comment(
        ana.store, record_id=visit.id, text="Yes, it meets the safe-sleep standard."
    )
    assert comments.questions_for_me(ana.store) == []
    quiesce(ana, sam)

    thread = approvals.open_for_review(sam.store, record_id=visit.id).comments
    assert [(c.author_id, c.text, c.waiting_to_sync) for c in thread] == [
        (sam.user_id, "Was the crib checked?", False),
        (ana.user_id, "Yes, it meets the safe-sleep standard.", False),
    ]
    assert [
        e.answered for e in approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    ] == [True]
    # the thread moved, the content did not: the approval of what was read goes through
    stored = sam.store.get(visit.id)
    assert (stored.rev, stored.version) == (opened.rev, opened.version)
    approvals.approve(sam.store, record_id=visit.id, rev=opened.rev, version=opened.version)
    report = sam.sync()
    assert report.conflicts == 0
    quiesce(ana, sam)
    assert ana.store.get(visit.id).status == "approved"
    assert [c.text for c in comments.thread(ana.store, record_id=visit.id).lines] == [
        "Was the crib checked?",
        "Yes, it meets the safe-sleep standard.",
    ]
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)


def test_a_question_whose_push_answer_was_lost_is_sent_again_with_one_effect(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    comments.add_comment(sam.store, record_id=visit.id, text="Who drove the children?")
    lossy = DropResponses(world.harness.client._transport, "/sync/push")
    sam.http_transport = lossy
    sam.sync()
    assert lossy.dropped == 1
    sam.http_transport = world.harness.client._transport
    quiesce(sam, ana)
    server_view = world.harness.device("sam").get(f"/records/{visit.id}").json()
    assert [a["text"] for a in server_view["addenda"] if a["kind"] == "comment"] == [
        "Who drove the children?"
    ]
    assert [c.text for c in comments.thread(ana.store, record_id=visit.id).lines] == [
        "Who drove the children?"
    ]
    check_no_duplicates(world.harness.db)
    check_converged(world.harness.db, [ana, sam])


def test_an_addendum_acknowledged_by_the_supervisor_shows_on_the_caseworkers_laptop(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    opened = approvals.open_for_review(sam.store, record_id=visit.id)
    approvals.approve(sam.store, record_id=visit.id, rev=opened.rev, version=opened.version)
    quiesce(sam, ana)
    field_records.add_addendum(
        ana.store, record_id=visit.id, text="The visit ended at 11:10, not 11:00."
    )
    quiesce(ana, sam)

    [unread] = approvals.addenda_to_acknowledge(sam.store)
    assert unread.record_id == visit.id and unread.addendum.author == ana.user_id
    assert (
        approvals.addenda_to_acknowledge(ana.store) == []
    )  # the author never acknowledges their own
    approvals.acknowledge_addendum(
        sam.store, record_id=visit.id, addendum_id=unread.addendum.addendum_id
    )
    assert approvals.addenda_to_acknowledge(sam.store) == []
    quiesce(sam, ana)

    [addendum] = ana.store.get(visit.id).to_domain().addenda
    assert addendum.acknowledged_by == sam.user_id and addendum.acknowledged_at is not None
    line = approvals.open_for_review(sam.store, record_id=visit.id).addenda[0]
    assert line.acknowledged_by == sam.user_id and not line.acknowledgement_waiting
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)


def test_a_question_on_an_approved_entry_reaches_needs_attention(world):
    """After approval the entry is read-only and its questions are not worked out with the open
    ones: a new question from the supervisor arrives as a notice (once; not for the caseworker's own
    answer), pointing at the entry."""
    ana, sam = world.laptop("ana"), world.laptop("sam")
    visit = _submitted(world, ana, sam)
    opened = approvals.open_for_review(sam.store, record_id=visit.id)
    approvals.approve(sam.store, record_id=visit.id, rev=opened.rev, version=opened.version)
    quiesce(ana, sam)
    assert ana.store.get(visit.id).status == "approved"
    before = [i.topic for i in sync_service.needs_attention(ana.store)]
    assert "question" not in before

    comments.add_comment(
        sam.store, record_id=visit.id, text="The court asks who else lives in the home."
    )
    quiesce(sam, ana)
    questions = [i for i in sync_service.needs_attention(ana.store) if i.topic == "question"]
    assert [(q.record_id, q.topic) for q in questions] == [(visit.id, "question")]
    assert "court" not in questions[0].message  # the words stay in the entry's thread

    comments.add_comment(
        ana.store, record_id=visit.id, text="Only the resource parents and the two children."
    )
    quiesce(ana, sam)
    assert (
        len([i for i in sync_service.needs_attention(ana.store) if i.topic == "question"]) == 1
    )  # the answer adds none
    check_converged(world.harness.db, [ana, sam])
