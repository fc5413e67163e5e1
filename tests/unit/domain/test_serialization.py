import json
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings

from fieldcase.domain.home_visits import ChildSeen, HomeVisit, Topic
from fieldcase.domain.serialization import KINDS, MalformedRecord, from_dict, kind_of, to_dict

from .builders import complete_home_visit, complete_trip
from .strategies import any_record


def test_kinds_are_exactly_the_records_of_the_domain():
    assert set(KINDS) == {
        "case",
        "person",
        "placement",
        "visitation_plan",
        "hearing",
        "home_visit",
        "visitation_entry",
        "transport_trip",
        "case_plan",
        "court_report",
        "collateral_contact",
        "referral",
        "goal_change",
        "task",
        "assessment",
        "transition_plan",
        "team_meeting",
    }
    for kind, cls in KINDS.items():
        assert kind_of(cls(id="x", **({} if kind == "case" else {"case_id": "c"}))) == kind


@settings(max_examples=100, deadline=None)
@given(any_record)
def test_round_trip_through_json_is_exact(record):
    data = to_dict(record)
    wire = json.loads(json.dumps(data))  # proves it is JSON-safe, and what the store/wire will see
    back = from_dict(kind_of(record), wire)
    assert back == record
    assert to_dict(back) == data


def test_values_are_written_the_documented_way():
    data = to_dict(complete_trip())
    assert data["status"] == "draft"
    assert data["trip_date"] == "2025-03-04"
    assert data["odometer_end"] == "10042.5"
    assert data["legs"] == [
        {
            "origin": "Office",
            "destination": "Clinic",
            "depart_at": None,
            "arrive_at": None,
            "stop_purpose": None,
        }
    ]
    visit = to_dict(complete_home_visit())
    assert visit["contact_start"] == "2025-03-04T15:00:00-06:00"
    assert visit["children"][0]["topics"] == ["education", "safety"]


def test_sets_serialise_the_same_whatever_their_order():
    a = ChildSeen(child_id="k", topics=frozenset([Topic.SAFETY, Topic.HEALTH, Topic.NORMALCY]))
    b = ChildSeen(child_id="k", topics=frozenset([Topic.NORMALCY, Topic.SAFETY, Topic.HEALTH]))
    assert json.dumps(to_dict(a)) == json.dumps(to_dict(b))


def test_a_time_without_a_time_zone_is_refused_both_ways():
    with pytest.raises(MalformedRecord, match="time zone"):
        to_dict(HomeVisit(id="v", case_id="c", contact_start=datetime(2025, 3, 4, 15)))
    data = to_dict(complete_home_visit())
    data["contact_start"] = "2025-03-04T15:00:00"
    with pytest.raises(MalformedRecord, match="contact_start"):
        from_dict("home_visit", data)


def test_unknown_fields_are_refused_by_name():
    data = to_dict(complete_home_visit())
    data["mood"] = "sunny"
    with pytest.raises(MalformedRecord, match=r"unknown field\(s\) \['mood'\]"):
        from_dict("home_visit", data)
    data = to_dict(complete_home_visit())
    data["children"][0]["favourite_colour"] = "blue"
    with pytest.raises(MalformedRecord, match=r"home_visit\.children: unknown field"):
        from_dict("home_visit", data)


@pytest.mark.parametrize(
    "field,value",
    [
        ("status", "archived"),
        ("rev", True),
        ("rev", "3"),
        ("contact_start", 12),
        ("children", {"child_id": "k"}),
        ("id", None),
        ("next_visit_planned", "2025-03-04T10:00:00+00:00"),
    ],
)
def test_mistyped_values_are_refused(field, value):
    data = to_dict(complete_home_visit())
    data[field] = value
    with pytest.raises(MalformedRecord, match=field):
        from_dict("home_visit", data)


def test_decimals_travel_as_text_and_must_be_finite():
    data = to_dict(complete_trip())
    for bad in (10042.5, "NaN", "lots"):
        data["odometer_end"] = bad
        with pytest.raises(MalformedRecord):
            from_dict("transport_trip", data)
    with pytest.raises(MalformedRecord):
        to_dict(complete_trip(odometer_end=Decimal("Infinity")))


def test_missing_optional_fields_take_their_defaults_but_required_ones_do_not():
    assert from_dict("home_visit", {"id": "v", "case_id": "c"}) == HomeVisit(id="v", case_id="c")
    with pytest.raises(MalformedRecord, match="case_id"):
        from_dict("home_visit", {"id": "v"})


def test_unknown_kind_and_non_records():
    with pytest.raises(MalformedRecord, match="unknown record kind"):
        from_dict("spaceship", {})
    with pytest.raises(TypeError):
        kind_of(object())


def test_a_records_repr_shows_no_personal_data():
    visit = complete_home_visit(observations="Jane Doe cried", address="12 Elm St")
    assert repr(visit) == "HomeVisit(id='v1', case_id='c1', status=<Status.DRAFT: 'draft'>, rev=0)"
    from fieldcase.domain.people import Person

    assert "Ana" not in repr(Person(id="p", case_id="c", given_name="Ana"))
