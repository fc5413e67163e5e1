"""A case the agency purges on the server reaches the laptop as a tombstone (a deleted change) for each
of its records. The caseworker gets ONE "removed" notice for the case, in words and counts, no names;
applying the same page again changes nothing (P7); a purge that spans two pulled pages still makes
one notice; a tombstone for something the laptop never held makes none."""

from __future__ import annotations

from fieldcase.domain.cases import Case
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import kind_of, to_dict
from fieldcase.store.sync_apply import SyncStore
from helpers.store import USER, a_child, a_visit

NAMES = ("Zzcanaryname", "Ana", "Pérez")


def _change(seq, item, *, rev=1):
    body = to_dict(item)
    kind = kind_of(item)
    return {
        "seq": seq,
        "record_kind": kind,
        "record_id": item.id,
        "case_id": item.id if kind == "case" else item.case_id,
        "rev": rev,
        "status": body.get("status") or "active",
        "deleted": False,
        "body": body,
        "meta": {"created_by": USER},
        "conflicts": [],
        "addenda": [],
        "origin_device_id": None,
        "origin_mutation_id": None,
    }


def _tombstone(seq, item):
    change = _change(seq, item, rev=9)
    return {**change, "deleted": True, "body": None, "status": "purged"}


def _page(changes, cursor):
    return {
        "changes": changes,
        "scope_events": [],
        "next_cursor": cursor,
        "epoch": "e1",
        "has_more": False,
    }


def _a_case():
    case = Case(id=new_id(), case_number="SYN-1", county="Nowhere")
    kids = [a_child(case.id, given=NAMES[0]), a_child(case.id, given=NAMES[1], family=NAMES[2])]
    visits = [
        a_visit(case.id, kids[i % 2].id, observations=f"Visit {i} with {NAMES[0]}")
        for i in range(3)
    ]
    return case, [*kids, *visits]


def _removed(sync):
    return [a for a in sync.attention(include_resolved=True) if a.topic == "removed"]


def _no_names(text):
    return not any(name in text for name in NAMES)


def test_a_purged_case_makes_one_notice_in_words(store):
    sync = SyncStore(store)
    case, records = _a_case()
    held = [case, *records]
    sync.apply_page(_page([_change(i + 1, r) for i, r in enumerate(held)], "c1"))
    purge = _page(
        [_tombstone(10 + i, r) for i, r in enumerate([*records, case])], "c2"
    )  # the case itself last, as the server sends it

    applied = sync.apply_page(purge)

    assert applied.removed == 6 and store.list() == []
    (notice,) = _removed(sync)
    assert notice.message == (
        "The agency removed a case from the server; it and its records (2 people and 3 visits) "
        "are no longer on this laptop."
    )
    assert (notice.record_kind, notice.record_id, notice.details["case_id"]) == (
        "case",
        None,
        case.id,
    )
    assert sorted(notice.details["records"]) == sorted(r.id for r in held)
    assert _no_names(notice.message) and _no_names(repr(notice.details))

    sync.apply_page(purge)  # P7
    assert _removed(sync) == [notice]


def test_a_purge_over_two_pages_is_still_one_notice(store):
    sync = SyncStore(store)
    case, records = _a_case()
    sync.apply_page(_page([_change(i + 1, r) for i, r in enumerate([case, *records])], "c1"))
    tombstones = [_tombstone(10 + i, r) for i, r in enumerate([*records, case])]
    sync.apply_page(_page(tombstones[:2], "c2"))
    first = _removed(sync)
    assert [n.message for n in first] == [
        "The agency removed 2 people of a case from the server; they are no longer on this laptop."
    ]

    sync.apply_page(_page(tombstones[2:], "c3"))
    sync.apply_page(_page(tombstones[2:], "c3"))  # again: nothing more to remove, nothing changes
    (notice,) = _removed(sync)
    assert notice.id == first[0].id
    assert notice.message.startswith(
        "The agency removed a case from the server; it and its records (2 people and 3 visits)"
    )


def test_one_record_removed_and_tombstones_of_records_never_held(store):
    sync = SyncStore(store)
    case, records = _a_case()
    visit = records[-1]
    sync.apply_page(_page([_change(1, case), _change(2, visit)], "c1"))
    never = a_visit(case.id, new_id())
    sync.apply_page(_page([_tombstone(3, visit), _tombstone(4, never)], "c2"))
    (notice,) = _removed(sync)
    assert (
        notice.message
        == "The agency removed a visit of a case from the server; it is no longer on this laptop."
    )
    assert list(notice.details["records"]) == [visit.id]
    assert [r.id for r in store.list()] == [case.id]


def test_a_dismissed_notice_is_not_reopened_and_a_later_purge_gets_its_own(store):
    sync = SyncStore(store)
    case, records = _a_case()
    sync.apply_page(_page([_change(i + 1, r) for i, r in enumerate([case, *records])], "c1"))
    sync.apply_page(_page([_tombstone(10, records[-1])], "c2"))
    (first,) = _removed(sync)
    sync.resolve_attention(first.id)
    sync.apply_page(_page([_tombstone(10, records[-1])], "c2"))  # P7 after the dismissal
    assert [n.id for n in _removed(sync)] == [first.id]
    sync.apply_page(_page([_tombstone(11, records[-2])], "c3"))
    second = [n for n in _removed(sync) if n.resolved_at is None]
    assert (
        len(second) == 1
        and second[0].id != first.id
        and list(second[0].details["records"]) == [records[-2].id]
    )
