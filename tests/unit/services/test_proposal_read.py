"""On the caseworker's laptop: a change that reached the server after the approval (kept there as a
proposed change) is worded by the laptop, not with the server's English text, and once the
supervisor has read it — who and when arrive in the pulled change's `meta.acknowledged_proposals`,
kept with the rest of the change in the record's shadow — the entry and the Needs attention item
say who read it and when, by name from the team directory."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from sqlalchemy import update

from fieldcase.services import field_records
from fieldcase.services import sync as sync_service
from fieldcase.store import directory
from fieldcase.store.sync_apply import SyncStore
from fieldcase.store.tables import attention
from helpers.services import seed_caseload, seen_visit
from helpers.store import USER

from .test_approvals import Pull

SUPERVISOR = "sup-1"
PROPOSAL_ID = "0190f3a0-0000-7000-8000-00000000a901"
OTHERS_ID = "0190f3a0-0000-7000-8000-00000000a902"
APPROVED = {
    "approved_by": SUPERVISOR,
    "approved_at": "2026-05-28T12:00:00+00:00",
    "approved_rev": 3,
}
TYPED = "Calm afternoon; the aunt was there too."
SERVER_WORDS = (
    "This visit was approved and is read-only; your change was kept as an addendum proposal."
)


def _proposal(
    author: str = USER, addendum_id: str = PROPOSAL_ID, at: str = "2026-05-28T16:40:00+00:00"
) -> dict:
    return {
        "addendum_id": addendum_id,
        "kind": "proposal",
        "author": author,
        "created_at": at,
        "proposed_patch": {"observations": {"base": "Calm afternoon.", "new": TYPED}},
    }


def _read(by: str = SUPERVISOR, at: str = "2026-05-29T09:05:00+00:00") -> dict:
    return {
        "acknowledged_proposals": [
            {"id": PROPOSAL_ID, "acknowledged_by": by, "acknowledged_at": at}
        ]
    }


def _approved_visit(store):
    """An approved visit of the caseworker's as the server sent it, and a pull for what follows."""
    family = seed_caseload(store, families=1)[0]
    visit = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 27, 15, tzinfo=UTC)),
        observations="Calm afternoon.",
    )
    pull = Pull(store)
    pull(visit, rev=3, status="approved", meta=APPROVED)
    directory.replace(
        store, [{"user_id": SUPERVISOR, "display_name": "Sam Rivera", "role": "supervisor"}]
    )
    return visit, pull


def _kept_and_answered(store, visit):
    """What was typed as the approval arrived, queued, and the server's `locked` answer to it."""
    store.keep_typed(visit.id, {"observations": TYPED})
    entry = [e for e in store.outbox_entries() if e.record_id == visit.id][-1]
    answer = {
        "mutation_id": entry.mutation_id,
        "device_seq": entry.device_seq,
        "result": "locked",
        "record_id": visit.id,
        "code": "locked",
        "reason": SERVER_WORDS,
        "addendum_id": PROPOSAL_ID,
        "rev": 3,
    }
    assert SyncStore(store).record_results([entry], [answer]).converted == 1


def _item(store):
    [item] = [i for i in sync_service.needs_attention(store) if i.topic == "addendum"]
    return item


def test_the_converted_answer_is_worded_by_the_laptop_not_with_the_servers_text(store):
    visit, _pull = _approved_visit(store)
    _kept_and_answered(store, visit)
    item = _item(store)
    assert item.message == (
        "Your change reached the server after this visit was approved. It was kept as a proposed change "
        "for your supervisor; the approved visit is not changed."
    )
    assert (
        "addendum" not in item.message
        and item.details["code"] == "locked"
        and item.details["addendum_id"] == PROPOSAL_ID
    )
    assert item.proposal is None  # the server's copy with the proposal has not been pulled yet


def test_the_supervisors_reading_arrives_in_the_shadow_and_names_the_supervisor(store):
    visit, pull = _approved_visit(store)
    _kept_and_answered(store, visit)
    pull(
        visit, rev=3, status="approved", meta=APPROVED, addenda=[_proposal()]
    )  # the push's echo: proposal kept, not applied
    [waiting] = field_records.my_proposals(store, record_id=visit.id)
    assert (waiting.proposal_id, waiting.proposed_at, waiting.read) == (
        PROPOSAL_ID,
        "2026-05-28T16:40:00+00:00",
        False,
    )
    assert _item(store).proposal == waiting and not _item(store).proposal.read

    pull(
        visit, rev=3, status="approved", meta={**APPROVED, **_read()}, addenda=[_proposal()]
    )  # same revision, new change

    # the laptop keeps the change's meta as pulled (the shadow holds the whole change)
    assert (
        SyncStore(store).shadow_change(visit.id)["meta"]["acknowledged_proposals"]
        == _read()["acknowledged_proposals"]
    )
    [read] = field_records.my_proposals(store, record_id=visit.id)
    assert (read.read, read.read_by, read.read_by_name, read.read_at) == (
        True,
        SUPERVISOR,
        "Sam Rivera",
        "2026-05-29T09:05:00+00:00",
    )
    item = _item(store)
    assert item.proposal == read
    assert (
        item.message == "Your proposed change of 2026-05-28 was read by Sam Rivera on 2026-05-29."
    )
    assert store.get(visit.id).body["observations"] == "Calm afternoon."  # read, never applied


def test_an_item_stored_with_the_servers_old_words_still_finds_its_proposal(store):
    """Items kept before this change hold the server's text and no code: matched by the proposal id."""
    visit, pull = _approved_visit(store)
    _kept_and_answered(store, visit)
    with store.transaction() as connection:
        connection.execute(
            update(attention).values(
                message=SERVER_WORDS, details=json.dumps({"addendum_id": PROPOSAL_ID})
            )
        )
    pull(visit, rev=3, status="approved", meta={**APPROVED, **_read()}, addenda=[_proposal()])
    item = _item(store)
    assert item.proposal.read and item.message.startswith(
        "Your proposed change of 2026-05-28 was read by Sam Rivera"
    )


def test_only_the_users_own_proposals_are_theirs_and_an_unknown_reader_is_not_named(store):
    visit, pull = _approved_visit(store)
    directory.replace(store, [])
    pull(
        visit,
        rev=3,
        status="approved",
        meta={**APPROVED, **_read(by="sup-9")},
        addenda=[
            _proposal(author="worker-2", addendum_id=OTHERS_ID, at="2026-05-28T10:00:00+00:00"),
            _proposal(),
        ],
    )
    [mine] = field_records.my_proposals(store, record_id=visit.id)
    assert (mine.proposal_id, mine.read, mine.read_by_name) == (
        PROPOSAL_ID,
        True,
        "",
    )  # the page says "your supervisor"
    never_synced = "0190f3a0-0000-7000-8000-00000000ffff"
    assert (
        field_records.my_proposals(store, record_id=never_synced) == ()
    )  # nothing pulled: nothing to say
