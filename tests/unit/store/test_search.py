"""Full-text search treats whatever the user types as literal text."""

from __future__ import annotations

import pytest

from fieldcase.domain.ids import new_id
from fieldcase.store.search import literal_query
from helpers.store import a_child, a_visit

NASTY = [
    "' OR 1=1 --",
    '"',
    "NEAR(",
    "*",
    'a" OR "b',
    "NOT",
    "AND OR",
    "col:value",
    "^start",
    "()",
    "\\",
    "%",
    "''",
]


@pytest.fixture
def filled(store):
    case_id = new_id()
    child = a_child(case_id, given="José", family="Núñez")
    store.save(child)
    plain = a_visit(case_id, child.id, observations="Played football after school.")
    quoted = a_visit(
        case_id, child.id, observations="He wrote ' OR 1=1 -- on the whiteboard, NEAR( the door."
    )
    store.save(plain)
    store.save(quoted)
    return store, child, plain, quoted


@pytest.mark.parametrize("typed", NASTY)
def test_syntax_characters_never_raise(filled, typed):
    store, *_ = filled
    store.search(typed)  # must not raise


def test_injection_text_matches_only_literally(filled):
    store, _child, _plain, quoted = filled
    assert {h.record_id for h in store.search("' OR 1=1 --")} == {quoted.id}
    assert {h.record_id for h in store.search("NEAR(")} == {quoted.id}
    assert store.search("*") == []
    assert store.search('"') == []


def test_names_prefixes_and_accents(filled):
    store, child, plain, _quoted = filled
    assert {h.record_id for h in store.search("Jose")} == {child.id}
    assert {h.record_id for h in store.search("núñ")} == {child.id}
    assert {h.record_id for h in store.search("foot")} == {plain.id}
    assert store.search("foot ") == []  # a finished word matches whole words only
    assert {h.record_id for h in store.search("football scho")} == {plain.id}
    assert store.search("foot school") == []
    assert store.search("football whiteboard") == []


def test_filters_by_kind_and_case(filled):
    store, _child, plain, _quoted = filled
    assert {h.record_id for h in store.search("José", kinds=["home_visit"])} == set()
    assert {h.record_id for h in store.search("school", case_id=plain.case_id)} == {plain.id}
    assert store.search("school", case_id=new_id()) == []


def test_an_edit_reindexes_the_record(filled):
    import dataclasses

    store, _child, plain, _quoted = filled
    store.save(dataclasses.replace(plain, observations="Went swimming."))
    assert store.search("football") == []
    assert {h.record_id for h in store.search("swimming")} == {plain.id}


def test_literal_query_quotes_every_word():
    assert literal_query('say "hi" NOT') == '"say" """hi""" "NOT"*'
    assert literal_query('say "hi" NOT ') == '"say" """hi""" "NOT"'
    assert literal_query("  ") is None
