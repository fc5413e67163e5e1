"""`to_sorted_dict` is `to_dict` with every object's keys in sorted order: equal to it, with the same
types and the same refusals, and written by pydantic_core's `to_json` it is the canonical text the
store keeps as a record's body (`json.dumps(to_dict(record), sort_keys=True, ...)`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic_core import to_json

from fieldcase.domain.serialization import to_dict, to_sorted_dict

from . import test_serialization_parity as parity
from .builders import complete_home_visit
from .strategies import any_record
from .test_serialization_parity import _assert_same, _outcome


def _keys_in_order(value: Any) -> bool:
    if isinstance(value, dict):
        return list(value) == sorted(value) and all(_keys_in_order(v) for v in value.values())
    if isinstance(value, list):
        return all(_keys_in_order(v) for v in value)
    return True


@settings(max_examples=300, deadline=None)
@given(any_record)
def test_sorted_dict_is_to_dict_with_its_keys_sorted(record):
    _assert_same(_outcome(to_sorted_dict, record), _outcome(to_dict, record))
    written = to_sorted_dict(record)
    assert _keys_in_order(written)
    assert (
        to_json(written)
        == json.dumps(
            to_dict(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    )


def test_nested_records_and_lists_of_them_are_sorted_too():
    visit = complete_home_visit()
    written = to_sorted_dict(visit)
    assert written["children"] and _keys_in_order(written)
    assert written == to_dict(visit)


# the odd values the serialization parity test writes with the reference to_dict
_ODD = next(
    m
    for m in parity.test_odd_values_are_written_or_refused_as_the_reference_does.pytestmark
    if m.name == "parametrize"
).args[1]


@pytest.mark.parametrize("record", _ODD, ids=parity.stable_id)
def test_odd_values_are_written_or_refused_as_to_dict_does(record):
    _assert_same(_outcome(to_sorted_dict, record), _outcome(to_dict, record))
