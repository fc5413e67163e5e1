"""The precomputed loaders and dumpers in `serialization` behave exactly like the straightforward
implementation they replaced, kept here (and only here) as the reference: same records, same
dicts, and for bad input the same exception with the same message."""

from __future__ import annotations

import copy
import dataclasses
import enum
import json
import re
import types
import typing
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain.serialization import KINDS, MalformedRecord, from_dict, kind_of, to_dict

from .builders import complete_home_visit, complete_trip
from .strategies import any_record

# --- The reference: serialization.py's to_dict/from_dict before the loaders were precomputed -------


def _ref_to_dict(record: object) -> dict[str, Any]:
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"not a record: {type(record).__name__}")
    return {f.name: _ref_dump(getattr(record, f.name), f.name) for f in dataclasses.fields(record)}


def _ref_from_dict(kind: str, data: dict[str, Any]) -> Any:
    try:
        cls = KINDS[kind]
    except KeyError:
        raise MalformedRecord(
            f"unknown record kind {kind!r}; expected one of {sorted(KINDS)}"
        ) from None
    return _ref_load_dataclass(cls, data, kind)


def _ref_dump(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise MalformedRecord(
                f"{where}: a time without a time zone cannot be stored unambiguously"
            )
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise MalformedRecord(f"{where}: not a finite number")
        return str(value)
    if isinstance(value, tuple):
        return [_ref_dump(v, where) for v in value]
    if isinstance(value, frozenset):
        return sorted((_ref_dump(v, where) for v in value), key=str)
    if dataclasses.is_dataclass(value):
        return _ref_to_dict(value)
    raise MalformedRecord(f"{where}: cannot store a {type(value).__name__}")


def _ref_load_dataclass(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise MalformedRecord(f"{where}: expected an object, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise MalformedRecord(f"{where}: unknown field(s) {unknown} for {cls.__name__}")
    hints = typing.get_type_hints(cls)
    values = {}
    for name, f in fields.items():
        if name in data:
            values[name] = _ref_load(hints[name], data[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise MalformedRecord(f"{where}: missing required field {name!r}")
    return cls(**values)


def _ref_load(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None:
            if type(None) in args:
                return None
            raise MalformedRecord(f"{where}: may not be empty")
        (inner,) = [a for a in args if a is not type(None)]
        return _ref_load(inner, value, where)
    if value is None:
        raise MalformedRecord(f"{where}: may not be empty")
    if origin is tuple:
        inner = typing.get_args(tp)[0]
        return tuple(_ref_load(inner, v, where) for v in _ref_list(value, where))
    if origin is frozenset:
        inner = typing.get_args(tp)[0]
        return frozenset(_ref_load(inner, v, where) for v in _ref_list(value, where))
    if dataclasses.is_dataclass(tp):
        return _ref_load_dataclass(tp, value, where)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(value)
        except ValueError:
            raise MalformedRecord(f"{where}: not a valid {tp.__name__}") from None
    if tp is bool:
        if not isinstance(value, bool):
            raise MalformedRecord(f"{where}: expected true or false")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise MalformedRecord(f"{where}: expected a whole number")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise MalformedRecord(f"{where}: expected text")
        return value
    if tp is Decimal:
        if not isinstance(value, str):
            raise MalformedRecord(f"{where}: expected a decimal number written as text")
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise MalformedRecord(f"{where}: not a decimal number") from None
        if not number.is_finite():
            raise MalformedRecord(f"{where}: not a finite number")
        return number
    if tp is datetime:
        parsed = _ref_parse(datetime.fromisoformat, value, where)
        if parsed.tzinfo is None:
            raise MalformedRecord(f"{where}: a time must carry its UTC offset")
        return parsed
    if tp is date:
        if not isinstance(value, str) or len(value) != 10:
            raise MalformedRecord(f"{where}: expected a date YYYY-MM-DD")
        return _ref_parse(date.fromisoformat, value, where)
    raise TypeError(f"{where}: no loader for {tp!r}")


def _ref_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise MalformedRecord(f"{where}: expected a list")
    return value


def _ref_parse(parse: Any, value: Any, where: str) -> Any:
    if not isinstance(value, str):
        raise MalformedRecord(f"{where}: expected ISO 8601 text")
    try:
        return parse(value)
    except ValueError:
        raise MalformedRecord(f"{where}: not a valid ISO 8601 value") from None


# --- Comparing outcomes ----------------------------------------------------------------------------


def _outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(*args)
    except Exception as e:  # noqa: BLE001 - the kind and message of any failure must match too
        return "raised", (type(e), str(e))


def _identical(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (== alone would let 1 == True, or two datetimes
    at the same instant with different offsets, pass)."""
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        return all(
            _identical(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_identical(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_identical(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, frozenset):
        return a == b and _identical(sorted(a, key=repr), sorted(b, key=repr))
    if isinstance(a, datetime):
        return a == b and a.utcoffset() == b.utcoffset() and a.isoformat() == b.isoformat()
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return a == b


def _assert_same(new: tuple[str, Any], ref: tuple[str, Any]) -> None:
    assert new[0] == ref[0], (new, ref)
    if new[0] == "raised":
        assert new[1] == ref[1]
    else:
        assert _identical(new[1], ref[1])


# --- Valid records -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(any_record)
def test_valid_records_load_and_dump_as_the_reference_does(record):
    data = to_dict(record)
    assert _identical(data, _ref_to_dict(record))
    wire = json.loads(json.dumps(data))
    kind = kind_of(record)
    _assert_same(_outcome(from_dict, kind, wire), _outcome(_ref_from_dict, kind, wire))


# --- Damaged bodies: the same refusal, word for word --------------------------------------------------


def _walk_types(cls: type, seen: set[type] | None = None) -> list[type]:
    seen = set() if seen is None else seen
    found = []
    for tp in typing.get_type_hints(cls).values():
        stack = [tp]
        while stack:
            t = stack.pop()
            stack.extend(typing.get_args(t))
            if isinstance(t, type) and issubclass(t, enum.Enum):
                found.append(t)
            elif dataclasses.is_dataclass(t) and t not in seen:
                seen.add(t)
                found.extend(_walk_types(t, seen))
    return found


_enum_values = sorted(
    {str(m.value) for kind in KINDS.values() for cls in _walk_types(kind) for m in cls}
)

_tricky_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "2025-03-04",
            "2025-3-4",
            "20250304",
            "2025-03-04T10:00:00",
            "2025-03-04T10:00:00+00:00",
            "2025-03-04T10:00:00-06:00",
            "2025-13-40",
            "NaN",
            "Infinity",
            "-0",
            "1.50",
            "1e3",
            "",
            " 1",
            *_enum_values,
        ]
    ),
)
_json_values = st.recursive(
    _tricky_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _containers(node: Any) -> list[Any]:
    """Every dict and list in a decoded JSON body, the body first."""
    out = [node]
    children = node.values() if isinstance(node, dict) else node
    for child in children:
        if isinstance(child, (dict, list)):
            out.extend(_containers(child))
    return out


@settings(max_examples=600, deadline=None)
@given(any_record, st.data())
def test_damaged_bodies_are_refused_as_the_reference_refuses_them(record, data):
    kind = kind_of(record)
    wire = json.loads(json.dumps(_ref_to_dict(record)))
    for _ in range(data.draw(st.integers(min_value=1, max_value=3), label="damages")):
        node = data.draw(st.sampled_from(_containers(wire)), label="where")
        if isinstance(node, list):
            if node:
                node[data.draw(st.integers(0, len(node) - 1), label="index")] = data.draw(
                    _json_values, label="element"
                )
            else:
                node.append(data.draw(_json_values, label="element"))
            continue
        field_names = sorted(node) or ["id"]
        action = data.draw(st.sampled_from(["set", "delete", "add unknown"]), label="action")
        if action == "set":
            node[data.draw(st.sampled_from(field_names), label="field")] = data.draw(
                _json_values, label="value"
            )
        elif action == "delete":
            node.pop(data.draw(st.sampled_from(field_names), label="field"), None)
        else:
            node[data.draw(st.text(min_size=1, max_size=6), label="unknown field")] = data.draw(
                _json_values, label="value"
            )
    _assert_same(
        _outcome(from_dict, kind, copy.deepcopy(wire)),
        _outcome(_ref_from_dict, kind, copy.deepcopy(wire)),
    )


@pytest.mark.parametrize(
    "kind,data",
    [
        ("court_report", {}),
        ("home_visit", []),
        ("home_visit", None),
        ("home_visit", {}),
        ("home_visit", {"id": "v"}),
        ("home_visit", {"id": "v", "case_id": "c", "children": [None]}),
        (
            "home_visit",
            {
                "id": "v",
                "case_id": "c",
                "children": [{"child_id": "k", "topics": ["safety", "nope"]}],
            },
        ),
        (
            "home_visit",
            {"id": "v", "case_id": "c", "children": [{"child_id": "k", "topics": "safety"}]},
        ),
        (
            "home_visit",
            {"id": "v", "case_id": "c", "children": [{"child_id": "k", "topics": [["safety"]]}]},
        ),
        ("home_visit", {"id": "v", "case_id": "c", "children": [{"topics": []}]}),
        ("home_visit", {"id": "v", "case_id": "c", "status": None}),
        ("home_visit", {"id": "v", "case_id": "c", "status": 1}),
        ("home_visit", {"id": "v", "case_id": "c", "rev": 1.0}),
        ("home_visit", {"id": "v", "case_id": "c", "rev": True}),
        ("home_visit", {"id": "v", "case_id": "c", "rev": False}),
        ("home_visit", {"id": "v", "case_id": "c", "rev": 2**64}),
        ("home_visit", {"id": "v", "case_id": "c", "participants": [{"present": 1}]}),
        ("home_visit", {"id": "v", "case_id": "c", "participants": [{"present": 0}]}),
        ("home_visit", {"id": "v", "case_id": "c", "participants": [{"present": None}]}),
        (
            "home_visit",
            {"id": "v", "case_id": "c", "participants": [{"present": False, "name": None}]},
        ),
        ("home_visit", {"id": "v", "case_id": "c", "children": [{"child_id": "k", "seen": 1}]}),
        (
            "home_visit",
            {"id": "v", "case_id": "c", "children": [{"child_id": "k", "seen": "true"}]},
        ),
        ("home_visit", {"id": "v", "case_id": "c", "address": 5}),
        ("home_visit", {"id": "v", "case_id": "c", "address": True}),
        ("home_visit", {"id": "v", "case_id": "c", "address": None}),
        ("home_visit", {"id": "v", "case_id": "c", "method": None}),
        ("home_visit", {"id": "v", "case_id": "c", "participants": None}),
        ("home_visit", {"id": "v", "case_id": "c", "rev": None}),
        ("home_visit", {"id": "v", "case_id": "c", "contact_start": "2025-03-04T10:00:00"}),
        ("home_visit", {"id": "v", "case_id": "c", "contact_start": "yesterday"}),
        ("home_visit", {"id": "v", "case_id": "c", "next_visit_planned": "2025-02-30"}),
        ("home_visit", {"id": 7, "case_id": "c", "zzz": 1, "aaa": 2}),
        ("transport_trip", {"id": "t", "case_id": "c", "odometer_end": "sNaN"}),
        ("transport_trip", {"id": "t", "case_id": "c", "odometer_end": "-Infinity"}),
        ("transport_trip", {"id": "t", "case_id": "c", "odometer_end": 5}),
        (
            "transport_trip",
            {
                "id": "t",
                "case_id": "c",
                "legs": [{"origin": "a", "depart_at": "2025-03-04T10:00+01:00"}],
            },
        ),
    ],
)
def test_chosen_bad_bodies_are_refused_as_the_reference_refuses_them(kind, data):
    new, ref = (
        _outcome(from_dict, kind, copy.deepcopy(data)),
        _outcome(_ref_from_dict, kind, copy.deepcopy(data)),
    )
    _assert_same(new, ref)


class _Strange:
    pass


def stable_id(value: object) -> str:
    """repr without memory addresses: pytest-xdist's workers must collect the same test ids."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


@pytest.mark.parametrize(
    "record",
    [
        complete_home_visit(contact_start=datetime(2025, 3, 4, 15)),
        complete_home_visit(
            recorded_at=datetime(2025, 3, 4, 15, tzinfo=timezone(timedelta(hours=2)))
        ),
        complete_home_visit(address=1.5),
        complete_home_visit(address=_Strange()),
        complete_home_visit(address=[1, 2]),
        complete_home_visit(address={"a": 1}),
        complete_home_visit(address=complete_home_visit),
        complete_home_visit(address=type(complete_home_visit())),
        complete_home_visit(participants=({"name": "x"},)),
        complete_home_visit(rev=True),
        complete_trip(odometer_end=Decimal("NaN")),
        complete_trip(odometer_end=Decimal("-Infinity")),
        complete_trip(odometer_end=Decimal("1E+3")),
        complete_trip(trip_date=datetime(2025, 3, 4, tzinfo=UTC)),
        object(),
        3,
        type(complete_home_visit()),
    ],
    ids=stable_id,
)
def test_odd_values_are_written_or_refused_as_the_reference_does(record):
    _assert_same(_outcome(to_dict, record), _outcome(_ref_to_dict, record))
