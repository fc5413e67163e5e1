"""Records to and from JSON-safe dicts: the one shape the store, the wire and the patches share.

Dates and datetimes are ISO 8601 (datetimes always with their UTC offset), enums by value, decimals
as strings (money and mileage must not pass through binary floats), tuples and frozensets as lists.
Reading is strict: an unknown or mistyped field is an error, never silently dropped, because a
dropped field would be lost data (sync.md P1).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .cases import Case
from .home_visits import HomeVisit
from .people import Person
from .placements import Placement
from .transport_trips import TransportTrip
from .visitation_entries import VisitationEntry
from .visitation_plans import VisitationPlan

KINDS: dict[str, type] = {
    "case": Case,
    "person": Person,
    "placement": Placement,
    "visitation_plan": VisitationPlan,
    "home_visit": HomeVisit,
    "visitation_entry": VisitationEntry,
    "transport_trip": TransportTrip,
}

_KIND_BY_TYPE = {cls: kind for kind, cls in KINDS.items()}


class MalformedRecord(ValueError):
    """Data that does not fit the record's shape. A bug or a version mismatch, not a user mistake;
    the message names kinds and fields only, never values (they may be personal data)."""


def kind_of(record: object) -> str:
    try:
        return _KIND_BY_TYPE[type(record)]
    except KeyError:
        raise TypeError(f"not a fieldcase record: {type(record).__name__}") from None


def to_dict(record: object) -> dict[str, Any]:
    """A JSON-safe dict of every field of a record (or of any nested domain dataclass)."""
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"not a record: {type(record).__name__}")
    return {f.name: _dump(getattr(record, f.name), f.name) for f in dataclasses.fields(record)}


def from_dict(kind: str, data: dict[str, Any]) -> Any:
    """The record of `kind` described by `data` (the output of `to_dict`)."""
    try:
        cls = KINDS[kind]
    except KeyError:
        raise MalformedRecord(f"unknown record kind {kind!r}; expected one of {sorted(KINDS)}") from None
    return _load_dataclass(cls, data, kind)


def _dump(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):  # before date: a datetime is a date
        if value.tzinfo is None or value.utcoffset() is None:
            raise MalformedRecord(f"{where}: a time without a time zone cannot be stored unambiguously")
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise MalformedRecord(f"{where}: not a finite number")
        return str(value)
    if isinstance(value, tuple):
        return [_dump(v, where) for v in value]
    if isinstance(value, frozenset):
        # Sorted so equal sets always serialise identically (stable hashes and diffs).
        return sorted((_dump(v, where) for v in value), key=str)
    if dataclasses.is_dataclass(value):
        return to_dict(value)
    raise MalformedRecord(f"{where}: cannot store a {type(value).__name__}")


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _load_dataclass(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise MalformedRecord(f"{where}: expected an object, got {type(data).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise MalformedRecord(f"{where}: unknown field(s) {unknown} for {cls.__name__}")
    hints = _hints(cls)
    values = {}
    for name, f in fields.items():
        if name in data:
            values[name] = _load(hints[name], data[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise MalformedRecord(f"{where}: missing required field {name!r}")
    return cls(**values)


def _load(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None:
            if type(None) in args:
                return None
            raise MalformedRecord(f"{where}: may not be empty")
        (inner,) = [a for a in args if a is not type(None)]  # only `X | None` is used in records
        return _load(inner, value, where)
    if value is None:
        raise MalformedRecord(f"{where}: may not be empty")
    if origin is tuple:
        inner = typing.get_args(tp)[0]
        return tuple(_load(inner, v, where) for v in _list(value, where))
    if origin is frozenset:
        inner = typing.get_args(tp)[0]
        return frozenset(_load(inner, v, where) for v in _list(value, where))
    if dataclasses.is_dataclass(tp):
        return _load_dataclass(tp, value, where)
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
        parsed = _parse(datetime.fromisoformat, value, where)
        if parsed.tzinfo is None:
            raise MalformedRecord(f"{where}: a time must carry its UTC offset")
        return parsed
    if tp is date:
        if not isinstance(value, str) or len(value) != 10:
            raise MalformedRecord(f"{where}: expected a date YYYY-MM-DD")
        return _parse(date.fromisoformat, value, where)
    raise TypeError(f"{where}: no loader for {tp!r}")  # a record declared a type this module lacks


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise MalformedRecord(f"{where}: expected a list")
    return value


def _parse(parse: Any, value: Any, where: str) -> Any:
    if not isinstance(value, str):
        raise MalformedRecord(f"{where}: expected ISO 8601 text")
    try:
        return parse(value)
    except ValueError:
        raise MalformedRecord(f"{where}: not a valid ISO 8601 value") from None
