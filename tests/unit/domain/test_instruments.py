"""Instruments as data: the shipped checklist loads in both languages; a bad file is refused with
the file and the place in it named, never a crash."""

from __future__ import annotations

import copy
import json

import pytest

from fieldcase.bundled import resource
from fieldcase.domain.instruments import InstrumentError, find, instrument_from, parse_instrument

SHIPPED = resource("instruments", "independent_living_skills.json").read_bytes()


def good() -> dict:
    return copy.deepcopy(json.loads(SHIPPED))


def test_the_shipped_checklist_loads_with_its_scale_domains_and_spanish():
    checklist = parse_instrument(SHIPPED, source="fieldcase:independent_living_skills.json")
    assert (checklist.id, checklist.version, checklist.interval_days, checklist.minimum_age) == (
        "independent_living_skills",
        "1.0",
        180,
        14,
    )
    assert checklist.ratings == (0, 1, 2, 3)
    assert checklist.scale[0].label.en == "Does it on their own"
    assert (
        checklist.actionable_from == 2
        and checklist.is_actionable(2)
        and checklist.is_actionable(3)
        and not checklist.is_actionable(1)
    )
    assert not checklist.is_actionable(None)
    names = [d.name.en for d in checklist.domains]
    assert names == [
        "Money management",
        "Cooking and nutrition",
        "Housing",
        "Job seeking",
        "Health care",
        "Transportation",
        "Community resources",
        "Relationships",
    ]
    for domain, item in checklist.items():
        assert domain.name.in_language("es") != domain.name.en
        assert item.text.in_language("es") and item.text.in_language("es") != item.text.en
    for anchor in checklist.scale:
        assert anchor.label.in_language("es") != anchor.label.en
    assert checklist.may_rate("caseworker") and checklist.may_rate("supervisor")
    # a language the file does not have falls back to English
    assert checklist.name.in_language("fr") == "Independent-living skills checklist"


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        (lambda d: d.pop("scale"), "scale", "is missing"),
        (lambda d: d.update(actionable_from=7), "actionable_from", "one of the scale's ratings"),
        (
            lambda d: d["domains"][1]["items"][2].update(id=d["domains"][0]["items"][0]["id"]),
            "domains[1].items[2].id",
            "used twice",
        ),
        (
            lambda d: d["domains"][2]["items"][0].pop("text"),
            "domains[2].items[0].text",
            "is missing",
        ),
        (
            lambda d: d["domains"][0]["items"][1].update(text={"es": "solo español"}),
            "domains[0].items[1].text",
            "English",
        ),
        (lambda d: d["scale"].reverse(), "scale[1].rating", "go up"),
        (lambda d: d.update(raters=["judge"]), "raters", "who may rate"),
        (lambda d: d.update(interval_days=0), "interval_days", "at least 1"),
        (lambda d: d.update(interval_days="six months"), "interval_days", "whole number"),
        (lambda d: d["domains"][3].update(items=[]), "domains[3].items", "non-empty list"),
        (lambda d: d.update(id="Has Spaces"), "id", "lower-case"),
        (lambda d: d.update(version=2), "version", "text"),
    ],
)
def test_a_bad_file_names_the_file_and_the_place(change, where, words):
    data = good()
    change(data)
    with pytest.raises(InstrumentError) as caught:
        instrument_from(data, source="/agency/instruments/cans.json")
    err = caught.value
    assert err.source == "/agency/instruments/cans.json"
    assert err.where == where
    assert words in err.problem
    assert str(err).startswith(f"/agency/instruments/cans.json at {where}: ")


@pytest.mark.parametrize("raw", [b"", b"{not json", b"\xff\xfe", b"[1, 2]", b"null", b'"text"'])
def test_not_an_instrument_at_all_is_an_error_not_a_crash(raw):
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(raw, source="broken.json")
    assert caught.value.source == "broken.json"


def test_find_takes_the_version_asked_for_or_the_latest():
    one = parse_instrument(SHIPPED, source="a")
    data = good()
    data["version"] = "1.10"
    newer = instrument_from(data, source="b")
    data["version"] = "1.9"
    between = instrument_from(data, source="c")
    pool = [one, newer, between]
    assert find(pool, "independent_living_skills") is newer  # 1.10 is after 1.9, not before
    assert find(pool, "independent_living_skills", "1.0") is one
    assert find(pool, "cans") is None
