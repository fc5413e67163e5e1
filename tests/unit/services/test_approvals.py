"""The supervisor's approval service over a real encrypted store: the queue from the synced copy,
reading an entry, approving the revision read, returning with a reason, refused approvals, addenda."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldcase.domain.serialization import to_dict
from fieldcase.domain.workflow import Status
from fieldcase.security.keyfile import KdfParams
from fieldcase.services import approvals
from fieldcase.store.errors import StaleEdit
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore
from helpers.services import seed_caseload, seen_visit
from helpers.store import PASSPHRASE, FakeClock

SUPERVISOR = "sup-1"
WORKER = "worker-1"  # seed_caseload's primary worker
NOW = datetime(2026, 5, 28, 12, 0, tzinfo=UTC)


@pytest.fixture
def sup(tmp_path: Path):
    store = Store.create(
        tmp_path / "sup",
        PASSPHRASE,
        device_id="0190f3a0-0000-7000-8000-00000000d0aa",
        user_id=SUPERVISOR,
        kdf=KdfParams.floor(),
        clock=FakeClock(),
    )
    yield store
    store.lock()


class Pull:
    """Pages as the server would send them (what a supervisor's laptop receives from a sync)."""

    def __init__(self, store: Store) -> None:
        self.store, self.seq = store, 0

    def __call__(
        self,
        record,
        *,
        rev: int,
        status: str,
        meta: dict | None = None,
        addenda: list | None = None,
    ) -> None:
        self.seq += 1
        body = to_dict(dataclasses.replace(record, status=Status(status), rev=rev))
        change = {
            "seq": self.seq,
            "record_kind": "home_visit",
            "record_id": record.id,
            "case_id": record.case_id,
            "rev": rev,
            "status": status,
            "body": body,
            "meta": {"created_by": WORKER, **(meta or {})},
            "conflicts": [],
            "addenda": addenda or [],
        }
        SyncStore(self.store).apply_page(
            {
                "epoch": "e1",
                "changes": [change],
                "scope_events": [],
                "next_cursor": f"c{self.seq}",
                "has_more": False,
                "server_time": NOW.isoformat(),
            }
        )


def _submitted(
    pull, family, *, hours_ago: int, day: int = 4, observations: str = "Calm afternoon."
):
    visit = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, day, 15, tzinfo=UTC)),
        created_by=WORKER,
        observations=observations,
    )
    pull(
        visit,
        rev=2,
        status="submitted",
        meta={
            "submitted_by": WORKER,
            "submitted_at": (NOW - timedelta(hours=hours_ago)).isoformat(),
        },
    )
    return visit


def test_queue_is_the_teams_submitted_entries_oldest_first_with_their_age(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    newer = _submitted(pull, family, hours_ago=5)
    older = _submitted(pull, family, hours_ago=80)
    draft = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 6, 15, tzinfo=UTC)),
        created_by=WORKER,
    )
    pull(draft, rev=1, status="draft")
    own = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 7, 15, tzinfo=UTC)),
        created_by=SUPERVISOR,
    )
    pull(own, rev=2, status="submitted", meta={"created_by": SUPERVISOR})

    queue = approvals.approval_queue(sup, now=NOW)

    assert [e.record_id for e in queue.entries] == [older.id, newer.id]
    first = queue.entries[0]
    assert (first.age_hours, first.age_days, first.age_text) == (80, 3, "3 days")
    assert queue.entries[1].age_text == "5 hours"
    assert first.noun == "visit" and first.case_number == "DEMO-1000" and first.author_id == WORKER
    assert len(first.children) == 2 and all(first.children)
    assert (first.rev, first.occurred_on) == (2, "2026-05-04")
    assert queue.oldest_age_hours == 80


def test_age_words():
    assert [approvals.age_text(h) for h in (0, 1, 23, 24, 49)] == [
        "under an hour",
        "1 hour",
        "23 hours",
        "1 day",
        "2 days",
    ]


def test_open_for_review_shows_the_whole_entry_with_its_history(sup):
    family = seed_caseload(sup, families=1)[0]
    visit = _submitted(
        Pull(sup), family, hours_ago=30, observations="Homework and chores discussed."
    )

    opened = approvals.open_for_review(sup, record_id=visit.id)

    assert opened.status is Status.SUBMITTED and opened.can_decide and opened.rev == 2
    texts = {f.label: f.text for f in opened.fields}
    assert texts["Observations"] == "Homework and chores discussed."
    assert any("Seen privately: yes" in f.text for f in opened.fields if f.label == "Children")
    assert "Status" not in texts and "Addenda" not in texts  # the review trail is shown on its own
    assert [h.what for h in opened.history] == ["Written", "Submitted for approval"]
    assert opened.notice is None and opened.decision_waiting is None
    assert any(e.action == "record.view" and e.record_id == visit.id for e in sup.audit_events())


def test_approve_queues_the_revision_read_for_the_next_sync(sup):
    family = seed_caseload(sup, families=1)[0]
    visit = _submitted(Pull(sup), family, hours_ago=30)
    opened = approvals.open_for_review(sup, record_id=visit.id)

    decision = approvals.approve(sup, record_id=visit.id, rev=opened.rev, version=opened.version)

    assert decision.waiting_to_sync and decision.decision == "approve"
    command = [e for e in sup.outbox_entries() if e.kind == "command"][-1]
    assert (
        command.payload == {"name": "approve", "args": {}, "rev": 2}
        and command.record_id == visit.id
    )
    assert approvals.approval_queue(sup, now=NOW).entries == ()
    assert [(d.record_id, d.decision, d.rev) for d in approvals.decisions_waiting(sup)] == [
        (visit.id, "approve", 2)
    ]
    again = approvals.open_for_review(sup, record_id=visit.id)
    assert again.decision_waiting == "approve" and not again.can_decide
    assert again.history[-1].what == "Approved on this laptop; waiting for the next sync"


def test_an_entry_that_changed_after_it_was_opened_is_not_approved_unread(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    visit = _submitted(pull, family, hours_ago=30)
    opened = approvals.open_for_review(sup, record_id=visit.id)
    pull(
        dataclasses.replace(visit, observations="Corrected by the caseworker."),
        rev=3,
        status="submitted",
    )  # a sync meanwhile

    with pytest.raises(approvals.ReviewedRevisionChanged, match="changed after you opened it"):
        approvals.approve(sup, record_id=visit.id, rev=opened.rev, version=opened.version)
    with pytest.raises(approvals.ReviewedRevisionChanged):
        approvals.return_entry(
            sup,
            record_id=visit.id,
            rev=opened.rev,
            version=opened.version,
            reason="Please add who was present.",
        )
    assert approvals.decisions_waiting(sup) == []
    fresh = approvals.open_for_review(sup, record_id=visit.id)
    assert (
        fresh.rev == 3
        and {f.label: f.text for f in fresh.fields}["Observations"]
        == "Corrected by the caseworker."
    )
    approvals.approve(sup, record_id=visit.id, rev=fresh.rev, version=fresh.version)


@pytest.mark.parametrize(
    "reason,words",
    [
        ("", "Say what needs to change"),
        ("   \n ", "Say what needs to change"),
        ("Fix", "short sentence"),
        ("fix it", "short sentence"),
        ("x " * 1500, "under 2000 characters"),
    ],
)
def test_a_return_needs_a_reason_the_caseworker_can_act_on(sup, reason, words):
    family = seed_caseload(sup, families=1)[0]
    visit = _submitted(Pull(sup), family, hours_ago=3)
    opened = approvals.open_for_review(sup, record_id=visit.id)
    with pytest.raises(approvals.ReturnReasonNeeded, match=words):
        approvals.return_entry(
            sup, record_id=visit.id, rev=opened.rev, version=opened.version, reason=reason
        )
    assert sup.get(visit.id).status == "submitted"


def test_return_queues_the_reason(sup):
    family = seed_caseload(sup, families=1)[0]
    visit = _submitted(Pull(sup), family, hours_ago=3)
    opened = approvals.open_for_review(sup, record_id=visit.id)

    approvals.return_entry(
        sup,
        record_id=visit.id,
        rev=opened.rev,
        version=opened.version,
        reason="  Say who else\nwas present. ",
    )

    assert sup.get(visit.id).status == "returned"
    command = [e for e in sup.outbox_entries() if e.kind == "command"][-1]
    assert command.payload["name"] == "return" and command.payload["args"] == {
        "reason": "Say who else was present."
    }


def test_a_refused_approval_brings_the_entry_back_with_a_notice(sup):
    family = seed_caseload(sup, families=1)[0]
    pull = Pull(sup)
    visit = _submitted(pull, family, hours_ago=30)
    opened = approvals.open_for_review(sup, record_id=visit.id)
    approvals.approve(sup, record_id=visit.id, rev=opened.rev, version=opened.version)
    # the sync: the server refuses (the caseworker's newer revision got there first), then the pull
    sync = SyncStore(sup)
    sent = sync.claim_batch(50)
    command = next(e for e in sent if e.kind == "command")
    sync.record_results(
        sent,
        [
            {
                "mutation_id": e.mutation_id,
                "device_seq": e.device_seq,
                "result": "applied",
                "rev": 1,
            }
            for e in sent
            if e is not command
        ]
        + [
            {
                "mutation_id": command.mutation_id,
                "device_seq": command.device_seq,
                "result": "conflict",
                "code": "stale_revision",
                "reason": "The visit changed after you reviewed it; review the latest version before approving.",
            }
        ],
    )
    pull(
        dataclasses.replace(visit, observations="Newer words."),
        rev=3,
        status="submitted",
        meta={"submitted_at": (NOW - timedelta(hours=1)).isoformat()},
    )

    queue = approvals.approval_queue(sup, now=NOW)
    assert [(e.record_id, e.rev, e.changed_since_review) for e in queue.entries] == [
        (visit.id, 3, True)
    ]
    fresh = approvals.open_for_review(sup, record_id=visit.id)
    assert fresh.notice and "changed after you reviewed it" in fresh.notice and fresh.can_decide
    approvals.approve(sup, record_id=visit.id, rev=fresh.rev, version=fresh.version)
    assert not [a for a in sync.attention() if a.topic == "stale"]  # settled by the new decision


def test_addenda_to_acknowledge_and_acknowledging_one(sup):
    family = seed_caseload(sup, families=1)[0]
    visit = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 4, 15, tzinfo=UTC)),
        created_by=WORKER,
    )
    addendum = {
        "addendum_id": "0190f3a0-0000-7000-8000-0000000add01",
        "kind": "addendum",
        "author": WORKER,
        "created_at": NOW.isoformat(),
        "text": "The dental appointment is on the 12th.",
    }
    Pull(sup)(
        visit,
        rev=4,
        status="approved",
        meta={"approved_by": SUPERVISOR, "approved_at": NOW.isoformat(), "approved_rev": 3},
        addenda=[addendum],
    )

    unread = approvals.addenda_to_acknowledge(sup)
    assert [(u.record_id, u.addendum.text) for u in unread] == [
        (visit.id, "The dental appointment is on the 12th.")
    ]
    opened = approvals.open_for_review(sup, record_id=visit.id)
    assert opened.status is Status.APPROVED and not opened.can_decide
    assert ("Approved (revision {rev})", 3) in [(h.what, h.rev) for h in opened.history]

    approvals.acknowledge_addendum(sup, record_id=visit.id, addendum_id=addendum["addendum_id"])

    assert approvals.addenda_to_acknowledge(sup) == []
    assert approvals.open_for_review(sup, record_id=visit.id).addenda[0].acknowledged
    with pytest.raises(approvals.NothingToReview):
        approvals.acknowledge_addendum(
            sup, record_id=visit.id, addendum_id="0190f3a0-0000-7000-8000-0000000add99"
        )


def test_a_stale_local_version_is_refused_by_the_store_too(sup):
    family = seed_caseload(sup, families=1)[0]
    visit = _submitted(Pull(sup), family, hours_ago=3)
    opened = approvals.open_for_review(sup, record_id=visit.id)
    with pytest.raises((approvals.ReviewedRevisionChanged, StaleEdit)):
        approvals.approve(sup, record_id=visit.id, rev=opened.rev, version=opened.version - 1)
