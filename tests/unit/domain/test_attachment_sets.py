"""Attachments are a set (issue 16): an edit of an attachment list merges as what it added and
removed, never as a conflict, and settling never drops a file."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fieldcase.domain import attachment_sets
from fieldcase.domain.patches import apply_patch
from fieldcase.domain.serialization import to_dict

from .builders import complete_home_visit


def ref(n: int) -> dict:
    return {"sha256": f"{n:064x}", "name": f"file-{n}.png", "mime": "image/png", "kind": "photo"}


def test_only_attachment_lists_are_sets():
    assert attachment_sets.attachment_fields("home_visit") == frozenset({"attachments"})
    assert attachment_sets.attachment_fields("transport_trip") == frozenset()
    assert attachment_sets.attachment_fields("no such kind") == frozenset()


def test_two_files_added_to_one_entry_on_two_sides_both_stay_without_a_conflict():
    visit = to_dict(complete_home_visit())
    current = dict(visit, attachments=[ref(1), ref(2)])  # someone else added 2 meanwhile
    merged, conflicts = apply_patch(
        current, {"attachments": {"base": [ref(1)], "new": [ref(1), ref(3)]}}, kind="home_visit"
    )
    assert conflicts == []
    assert merged["attachments"] == [ref(1), ref(2), ref(3)]


def test_a_file_i_removed_goes_and_theirs_stays():
    current = dict(to_dict(complete_home_visit()), attachments=[ref(1), ref(2)])
    merged, conflicts = apply_patch(
        current, {"attachments": {"base": [ref(1)], "new": []}}, kind="home_visit"
    )
    assert conflicts == [] and merged["attachments"] == [ref(2)]


def test_a_list_of_something_else_is_still_a_conflict():
    current = dict(to_dict(complete_home_visit()), attachments=["not a reference"])
    _, conflicts = apply_patch(
        current, {"attachments": {"base": [], "new": [ref(1)]}}, kind="home_visit"
    )
    assert [c.field for c in conflicts] == ["attachments"]


files = st.lists(st.integers(0, 6), unique=True).map(lambda ns: [ref(n) for n in ns])


@given(base=files, server=files, mine=files)
def test_merge_keeps_every_file_no_one_removed(base, server, mine):
    merged = attachment_sets.merge(base, server, mine)
    shas = [a["sha256"] for a in merged]
    assert len(shas) == len(set(shas))  # each file once
    removed = {a["sha256"] for a in base} - {a["sha256"] for a in mine}
    assert {a["sha256"] for a in server} - removed <= set(shas)  # theirs stay unless I removed them
    assert {a["sha256"] for a in mine} - {a["sha256"] for a in base} <= set(shas)  # mine are added


@given(a=files, b=files, c=files)
def test_union_drops_nothing(a, b, c):
    got = {x["sha256"] for x in attachment_sets.union(a, b, c, None)}
    assert got == {x["sha256"] for x in a + b + c}
