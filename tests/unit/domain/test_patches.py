import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain.attachment_sets import attachment_fields
from fieldcase.domain.metadata import SERVER_OWNED_FIELDS
from fieldcase.domain.patches import Conflict, PatchRefused, apply_patch, diff
from fieldcase.domain.serialization import KINDS, from_dict, to_dict
from fieldcase.domain.transport_trips import TripPurpose

from .builders import complete_home_visit, complete_trip
from .strategies import every_field


def test_diff_lists_only_changed_fields_with_base_and_new():
    old = to_dict(complete_trip())
    new = to_dict(complete_trip(plate="XYZ9", purpose=TripPurpose.COURT))
    assert diff(old, new) == {
        "plate": {"base": "ABC123", "new": "XYZ9"},
        "purpose": {"base": "therapy", "new": "court"},
    }
    assert diff(old, old) == {}


def test_diff_leaves_server_owned_fields_out_unless_asked():
    old = to_dict(complete_trip())
    new = dict(old, status="submitted", rev=4)
    assert diff(old, new) == {}
    assert set(diff(old, new, include_server_owned=True)) == {"status", "rev"}


def test_patch_on_the_unchanged_base_is_applied():
    base = to_dict(complete_trip())
    mine = to_dict(complete_trip(plate="XYZ9"))
    merged, conflicts = apply_patch(base, diff(base, mine), kind="transport_trip")
    assert merged == mine and conflicts == []


def test_different_fields_changed_on_both_sides_are_both_kept():
    base = to_dict(complete_trip())
    server = to_dict(complete_trip(purpose=TripPurpose.COURT))
    mine = to_dict(complete_trip(plate="XYZ9"))
    merged, conflicts = apply_patch(server, diff(base, mine), kind="transport_trip")
    assert conflicts == []
    assert merged["purpose"] == "court" and merged["plate"] == "XYZ9"


def test_same_field_changed_differently_keeps_the_server_value_and_reports_both():
    base = to_dict(complete_trip())
    server = to_dict(complete_trip(plate="SRV1"))
    mine = to_dict(complete_trip(plate="MINE2"))
    merged, conflicts = apply_patch(server, diff(base, mine), kind="transport_trip")
    assert merged == server
    assert conflicts == [
        Conflict("plate", base="ABC123", server="SRV1", mine="MINE2", narrative=False)
    ]


def test_same_change_on_both_sides_is_no_conflict():
    base = to_dict(complete_trip())
    same = to_dict(complete_trip(plate="XYZ9"))
    merged, conflicts = apply_patch(same, diff(base, same))
    assert merged == same and conflicts == []


def test_narratives_edited_on_two_laptops_keep_both_versions_unmerged():
    base = to_dict(complete_home_visit(observations="Home tidy."))
    server = to_dict(complete_home_visit(observations="Home tidy. Dog in yard."))
    mine = to_dict(complete_home_visit(observations="Home tidy. Fridge stocked."))
    merged, conflicts = apply_patch(server, diff(base, mine), kind="home_visit")
    assert merged["observations"] == "Home tidy. Dog in yard."
    assert conflicts == [
        Conflict(
            "observations",
            "Home tidy.",
            "Home tidy. Dog in yard.",
            "Home tidy. Fridge stocked.",
            narrative=True,
        )
    ]


@pytest.mark.parametrize("field", sorted(SERVER_OWNED_FIELDS & set(to_dict(complete_home_visit()))))
def test_server_owned_fields_are_refused(field):
    current = to_dict(complete_home_visit())
    with pytest.raises(PatchRefused) as caught:
        apply_patch(current, {field: {"base": current[field], "new": "x"}})
    assert caught.value.code == "patch_refused.server_owned"


def test_unknown_and_malformed_patches_are_refused():
    current = to_dict(complete_home_visit())
    with pytest.raises(PatchRefused, match="mood"):
        apply_patch(current, {"mood": {"base": None, "new": "sunny"}})
    with pytest.raises(PatchRefused):
        apply_patch(current, {"observations": "no base"})


def test_case_id_is_not_server_owned():
    assert "case_id" not in SERVER_OWNED_FIELDS


two_versions = st.sampled_from(sorted(KINDS)).flatmap(
    lambda kind: st.tuples(st.just(kind), every_field(KINDS[kind]), every_field(KINDS[kind]))
)


@settings(max_examples=60, deadline=None)
@given(two_versions)
def test_a_patch_on_its_own_base_reproduces_the_edit(versions):
    kind, old, new = versions
    old_d, new_d = to_dict(old), to_dict(new)
    # Server-owned fields travel by command, not patch: align them before comparing.
    for name in SERVER_OWNED_FIELDS & set(new_d):
        new_d[name] = old_d[name]
    merged, conflicts = apply_patch(old_d, diff(old_d, new_d), kind=kind)
    assert conflicts == []
    assert merged == new_d
    assert to_dict(from_dict(kind, merged)) == new_d


@settings(max_examples=60, deadline=None)
@given(two_versions, st.data())
def test_merging_never_loses_a_value(versions, data):
    """Every field ends as the server's or the author's value, and any author value not taken is
    held in a conflict (sync.md P1)."""
    kind, base_rec, mine_rec = versions
    base, mine = to_dict(base_rec), to_dict(mine_rec)
    other = to_dict(data.draw(every_field(KINDS[kind])))
    for name in SERVER_OWNED_FIELDS & set(base):
        mine[name] = base[name]
    # The server moved on from base field by field: unchanged, changed the same way, or otherwise.
    server = {
        name: data.draw(st.sampled_from([base[name], mine[name], other[name]])) for name in base
    }
    patch = diff(base, mine)
    merged, conflicts = apply_patch(server, patch, kind=kind)
    held = {c.field: c for c in conflicts}
    sets = attachment_fields(kind)
    for name, change in patch.items():
        if (
            name in sets
        ):  # a set (domain/attachment_sets.py): the files the author added are kept, none is a conflict
            added = {a["sha256"] for a in change["new"]} - {a["sha256"] for a in change["base"]}
            assert added <= {a["sha256"] for a in merged[name]} and name not in held
            continue
        if server[name] == change["base"]:
            assert merged[name] == change["new"]
        if merged[name] != change["new"]:
            assert merged[name] == server[name]
            assert held[name].mine == change["new"] and held[name].server == server[name]
    for name in set(server) - set(patch):
        assert merged[name] == server[name]
