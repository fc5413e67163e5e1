"""Applying a pulled page in batches (SyncStore.apply_page) keeps the one-change-at-a-time meaning:
the same record twice in a page, pending local edits on top, no "approved" notice for work the
laptop never held, one for work it did."""

from __future__ import annotations

import dataclasses

from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import to_dict
from fieldcase.store.sync_apply import SyncStore
from helpers.store import USER, a_child, a_visit


def _change(seq, item, *, rev, status=None, created_by=USER):
    body = to_dict(item)
    if status is not None:
        body["status"] = status
    body["rev"] = rev
    kind = {"Person": "person", "HomeVisit": "home_visit"}[type(item).__name__]
    return {
        "seq": seq,
        "record_kind": kind,
        "record_id": body["id"],
        "case_id": body.get("case_id") or "",
        "rev": rev,
        "status": body.get("status") or "",
        "deleted": False,
        "body": body,
        "meta": {"created_by": created_by},
        "conflicts": [],
        "addenda": [],
        "origin_device_id": None,
        "origin_mutation_id": None,
    }


def _page(changes, cursor="c1"):
    return {
        "changes": changes,
        "scope_events": [],
        "next_cursor": cursor,
        "epoch": "e1",
        "has_more": False,
    }


def test_a_record_twice_in_a_page_ends_at_its_last_state(store):
    case_id = new_id()
    child = a_child(case_id)
    first = _change(1, child, rev=1)
    second = _change(2, dataclasses.replace(child, given_name="Bea"), rev=2)
    sync = SyncStore(store)
    applied = sync.apply_page(_page([first, second]))
    assert applied.changes == 2
    stored = store.get(child.id)
    assert (stored.body["given_name"], stored.rev, stored.version) == ("Bea", 2, 2)
    assert sync.shadow_change(child.id)["rev"] == 2
    assert sync.state().cursor == "c1"
    assert [h.record_id for h in store.search("Bea")] == [child.id] and store.search("Ana") == []


def test_pending_local_edits_stay_on_top_of_a_batch(store):
    case_id = new_id()
    child = a_child(case_id)
    other = a_child(case_id, given="Cleo")
    sync = SyncStore(store)
    sync.apply_page(_page([_change(1, child, rev=1), _change(2, other, rev=1)]))
    store.save(dataclasses.replace(store.repository("person").get(child.id), family_name="Local"))
    server = dataclasses.replace(child, given_name="Dana")
    sync.apply_page(
        _page(
            [
                _change(3, server, rev=2),
                _change(4, dataclasses.replace(other, given_name="Eva"), rev=2),
            ],
            cursor="c2",
        )
    )
    mine = store.get(child.id).body
    assert (mine["given_name"], mine["family_name"]) == ("Dana", "Local")
    assert store.get(other.id).body["given_name"] == "Eva"


def test_approved_notice_only_for_work_the_laptop_held(store):
    case_id = new_id()
    child = a_child(case_id)
    held = a_visit(case_id, child.id)
    store.save(child)
    store.save(held)  # made on this laptop, approved before it ever pulled
    never = a_visit(case_id, child.id, observations="An old approved visit.")
    sync = SyncStore(store)
    sync.apply_page(
        _page(
            [
                _change(1, child, rev=1),
                _change(2, held, rev=3, status="approved"),
                _change(3, never, rev=3, status="approved"),
            ]
        )
    )
    approved = [a.record_id for a in sync.attention() if a.topic == "approved"]
    assert approved == [held.id]
    assert store.get(never.id).status == "approved"
