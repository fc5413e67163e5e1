"""Assessments: what stops one being submitted, and which items become needs for the case plan."""

from __future__ import annotations

from datetime import date

from fieldcase.bundled import resource
from fieldcase.domain.assessments import Assessment, Rating, actionable_needs, assessment_problems
from fieldcase.domain.instruments import parse_instrument
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status

CHECKLIST = parse_instrument(
    resource("instruments", "independent_living_skills.json").read_bytes(), source="shipped"
)
ITEMS = [item.id for _d, item in CHECKLIST.items()]


def rated(
    value: int = 0,
    *,
    id: str = "a1",
    on: date = date(2026, 3, 2),
    status: Status = Status.SUBMITTED,
    **changes,
) -> Assessment:
    ratings = changes.pop("ratings", tuple(Rating(item_id=i, rating=value) for i in ITEMS))
    fields = dict(
        id=id,
        case_id="c1",
        status=status,
        instrument_id=CHECKLIST.id,
        instrument_version=CHECKLIST.version,
        child_id="youth",
        assessed_on=on,
        rated_by="u1",
        ratings=ratings,
    )
    return Assessment(**{**fields, **changes})


def fields(found) -> list[str]:
    return [p.field for p in found]


def test_a_complete_assessment_submits_and_round_trips():
    a = rated(1)
    assert problems(a, for_submit=True, instrument=CHECKLIST, on=date(2026, 3, 2)) == []
    assert from_dict("assessment", to_dict(a)) == a


def test_every_item_must_be_rated_to_submit_and_each_unrated_item_is_named():
    ratings = tuple(
        Rating(item_id=i, rating=None if n in (0, 4) else 1) for n, i in enumerate(ITEMS)
    )
    found = assessment_problems(rated(ratings=ratings), for_submit=True, instrument=CHECKLIST)
    assert fields(found) == ["ratings[0].rating", "ratings[4].rating"]
    assert [p.message for p in found] == ["Item 1 is not rated yet.", "Item 5 is not rated yet."]
    # a draft may be half done
    assert assessment_problems(rated(ratings=ratings), for_submit=False, instrument=CHECKLIST) == []


def test_off_the_scale_unknown_and_repeated_items_are_refused_even_in_a_draft():
    ratings = (
        Rating(item_id=ITEMS[0], rating=9),
        Rating(item_id="no_such_item", rating=1),
        Rating(item_id=ITEMS[0], rating=1),
    )
    found = assessment_problems(rated(ratings=ratings), for_submit=False, instrument=CHECKLIST)
    assert fields(found) == ["ratings[0].rating", "ratings[1].item_id", "ratings[2].item_id"]


def test_without_its_instrument_only_what_the_record_shows_is_checked():
    # the server has no instrument: a complete record passes, an unrated row does not
    assert assessment_problems(rated(2), for_submit=True) == []
    half = rated(ratings=(Rating(item_id="x", rating=None),))
    assert fields(assessment_problems(half, for_submit=True)) == ["ratings"]
    empty = Assessment(id="a", case_id="c1")
    assert fields(assessment_problems(empty, for_submit=True)) == [
        "instrument_id",
        "child_id",
        "assessed_on",
        "ratings",
    ]


def test_a_rater_whose_role_the_instrument_does_not_name_is_told():
    found = assessment_problems(
        rated(1), for_submit=False, instrument=CHECKLIST, rater_role="driver"
    )
    assert fields(found) == ["rated_by"]


def test_an_assessment_dated_tomorrow_is_not_submitted_yet():
    found = problems(
        rated(1, on=date(2026, 3, 3)), for_submit=True, instrument=CHECKLIST, on=date(2026, 3, 2)
    )
    assert fields(found) == ["assessed_on"]


def test_actionable_needs_are_the_latest_assessments_items_at_or_above_the_threshold():
    # worked example: in March the youth needed help with budgeting (2) and had not learned to read a
    # lease (3); in September budgeting is done with reminders (1), the lease is still 3 and cooking is now 2
    march = rated(
        0,
        id="a-march",
        on=date(2026, 3, 2),
        ratings=tuple(
            Rating(item_id=i, rating={"money_budget": 2, "housing_lease": 3}.get(i, 0))
            for i in ITEMS
        ),
    )
    september = rated(
        0,
        id="a-sept",
        on=date(2026, 9, 1),
        ratings=tuple(
            Rating(
                item_id=i,
                rating={"money_budget": 1, "housing_lease": 3, "food_meals": 2}.get(i, 0),
                note="Practising with the foster parent" if i == "food_meals" else None,
            )
            for i in ITEMS
        ),
    )
    draft_later = rated(3, id="a-draft", on=date(2026, 10, 1), status=Status.DRAFT)
    voided_later = rated(3, id="a-void", on=date(2026, 10, 2), status=Status.VOIDED)
    needs = actionable_needs([march, september, draft_later, voided_later], "youth", [CHECKLIST])
    assert [(n.item_id, n.rating, n.assessment_id) for n in needs] == [
        ("food_meals", 2, "a-sept"),
        ("housing_lease", 3, "a-sept"),
    ]
    cooking = needs[0]
    assert (
        cooking.words()
        == "Cooking and nutrition — Cooks a simple, balanced meal from a recipe (2: Needs help to do it)"
    )
    assert cooking.words("es").startswith("Cocina y nutrición — ")
    assert cooking.note == "Practising with the foster parent"
    assert actionable_needs([march, september], "another-child", [CHECKLIST]) == []


def test_an_assessment_with_an_instrument_version_not_on_the_laptop_offers_nothing():
    other = rated(3, instrument_version="2.0")
    assert actionable_needs([other], "youth", [CHECKLIST]) == []
