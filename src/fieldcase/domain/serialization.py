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
import importlib
import operator
import threading
import types
import typing
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .kinds import KIND_TABLE

#: every record kind: the module and class that define it (domain/kinds.py lists them)
_KIND_CLASSES = {k.kind: (k.module, k.class_name) for k in KIND_TABLE.values()}

_KIND_BY_TYPE: dict[type, str] = {}
_loading = threading.Lock()


class _Kinds(Mapping[str, type]):
    """Record kind -> class, each class's module imported when its kind is first asked for: the
    caseload at unlock reads cases, people, placements and home visits, and does not wait for the
    modules of trips and family-visit entries (issue 5's start-up)."""

    def __init__(self) -> None:
        self._classes: dict[str, type] = {}

    def __getitem__(self, kind: str) -> type:
        cls = self._classes.get(kind)
        if cls is None:
            module, name = _KIND_CLASSES[kind]  # KeyError for an unknown kind, as a dict
            with _loading:
                cls = getattr(importlib.import_module(f".{module}", __package__), name)
                _KIND_BY_TYPE[cls] = kind
                self._classes[kind] = cls
        return cls

    def __iter__(self) -> Iterator[str]:
        return iter(_KIND_CLASSES)

    def __len__(self) -> int:
        return len(_KIND_CLASSES)

    def __contains__(self, kind: object) -> bool:
        return kind in _KIND_CLASSES


KINDS: Mapping[str, type] = _Kinds()


class MalformedRecord(ValueError):
    """Data that does not fit the record's shape. A bug or a version mismatch, not a user mistake;
    the message names kinds and fields only, never values (they may be personal data)."""


def kind_of(record: object) -> str:
    cls = type(record)
    kind = _KIND_BY_TYPE.get(cls)
    if kind is None:  # a record of a kind not asked for by name yet: its module is loaded already
        kind = next(
            (
                k
                for k, (module, name) in _KIND_CLASSES.items()
                if cls.__module__ == f"{__package__}.{module}" and cls.__qualname__ == name
            ),
            None,
        )
        if kind is None or KINDS[kind] is not cls:
            raise TypeError(f"not a fieldcase record: {cls.__name__}")
    return kind


def to_dict(record: object) -> dict[str, Any]:
    """A JSON-safe dict of every field of a record (or of any nested domain dataclass)."""
    cls = type(record)
    shape = _SHAPES.get(cls)
    if shape is None:
        if not dataclasses.is_dataclass(record) or isinstance(record, type):
            raise TypeError(f"not a record: {cls.__name__}")
        shape = _shape(cls, record)
    names, values_of = shape
    dumpers = _DUMPERS
    out = {}
    for name, value in zip(names, values_of(record), strict=True):
        vtype = type(value)
        if vtype is str or value is None:
            out[name] = value
        else:
            out[name] = (dumpers.get(vtype) or _dumper_for(vtype))(value, name)
    return out


def to_sorted_dict(record: object) -> dict[str, Any]:
    """`to_dict(record)`, equal to it, with the keys of every object (nested ones too) in sorted
    order: a JSON writer that keeps the order of a dict (pydantic_core's `to_json`, three times as
    fast as the json module) writes the canonical text `json.dumps(to_dict(record), sort_keys=True)`
    writes (the store's record bodies: store/sync_apply.py). The same checks and errors as `to_dict`."""
    names, values_of = _SORTED_SHAPES.get(type(record)) or _sorted_shape(record)
    values = zip(names, values_of(record), strict=True)
    return {
        name: value if value is None or type(value) in _AS_IS else _sorted_value(value, name)
        for name, value in values
    }


def from_dict(kind: str, data: dict[str, Any]) -> Any:
    """The record of `kind` described by `data` (the output of `to_dict`)."""
    try:
        cls = KINDS[kind]
    except KeyError:
        raise MalformedRecord(
            f"unknown record kind {kind!r}; expected one of {sorted(KINDS)}"
        ) from None
    return _dataclass_loader(cls)(data, kind)


# --- Writing --------------------------------------------------------------------------------------
# Which way a value is written depends only on its type (the isinstance chain it replaced asked
# nothing else), so the decision is made once per type and kept in `_DUMPERS`; each dumper takes
# (value, where), `where` naming the field for error messages. `_SHAPES` keeps each dataclass's
# field names once it has passed the is-a-record check.

_SHAPES: dict[type, tuple[tuple[str, ...], Any]] = {}


def _shape(cls: type, record: object) -> tuple[tuple[str, ...], Any]:
    """A dataclass's field names, and a function giving a record's field values in that order."""
    names = tuple(f.name for f in dataclasses.fields(record))  # type: ignore[arg-type]  # callers pass a dataclass instance (to_dict checks)
    values_of: Any = (
        operator.attrgetter(*names) if len(names) > 1 else _few_values(names)
    )  # one C call: a tuple
    shape = _SHAPES[cls] = (names, values_of)
    return shape


def _few_values(names: tuple[str, ...]) -> Any:
    """For 0 or 1 fields, where attrgetter would not give a tuple."""
    return lambda record: tuple(getattr(record, name) for name in names)


_DUMPERS: dict[type, Any] = {}
_SORTED_SHAPES: dict[type, tuple[tuple[str, ...], Any]] = {}
#: values `to_dict` writes as they are (exactly these classes; a subclass goes through its dumper)
_AS_IS = frozenset({str, bool, int})


def _sorted_shape(record: object) -> tuple[tuple[str, ...], Any]:
    """`_shape` with the field names in sorted order (for `to_sorted_dict`)."""
    cls = type(record)
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        raise TypeError(f"not a record: {cls.__name__}")
    names = tuple(sorted(f.name for f in dataclasses.fields(record)))
    values_of: Any = operator.attrgetter(*names) if len(names) > 1 else _few_values(names)
    shape = _SORTED_SHAPES[cls] = (names, values_of)
    return shape


def _sorted_value(value: Any, where: str) -> Any:
    """`_dump`, with nested records and the records inside lists written by `to_sorted_dict`."""
    dumper = _DUMPERS.get(type(value)) or _dumper_for(type(value))
    if dumper is _dump_dataclass:
        return to_sorted_dict(value)
    if dumper is _dump_tuple:
        return [v if v is None or type(v) in _AS_IS else _sorted_value(v, where) for v in value]
    if (
        dumper is _dump_frozenset
    ):  # the elements in to_dict's order (sorted by their text), their keys sorted
        return [_keys_sorted(v) for v in dumper(value, where)]
    return dumper(value, where)


def _keys_sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _keys_sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_keys_sorted(v) for v in value]
    return value


def _dump(value: Any, where: str) -> Any:
    vtype = type(value)
    return (_DUMPERS.get(vtype) or _dumper_for(vtype))(value, where)


def _dumper_for(vtype: type) -> Any:
    if vtype is type(None) or issubclass(vtype, (bool, int, str)):
        dumper = _dump_as_is
    elif issubclass(vtype, type):  # a class object itself, never a record
        dumper = _dump_class_object
    elif issubclass(vtype, enum.Enum):
        dumper = _dump_enum
    elif issubclass(vtype, datetime):  # before date: a datetime is a date
        dumper = _dump_datetime
    elif issubclass(vtype, date):
        dumper = _dump_date
    elif issubclass(vtype, Decimal):
        dumper = _dump_decimal
    elif issubclass(vtype, tuple):
        dumper = _dump_tuple
    elif issubclass(vtype, frozenset):
        dumper = _dump_frozenset
    elif dataclasses.is_dataclass(vtype):
        dumper = _dump_dataclass
    else:
        dumper = _dump_unstorable
    _DUMPERS[vtype] = dumper
    return dumper


def _dump_as_is(value: Any, where: str) -> Any:
    return value


def _dump_enum(value: Any, where: str) -> Any:
    return value._value_  # what `.value` gives, without the property lookup (a fifth of this call)


def _dump_datetime(value: Any, where: str) -> Any:
    if value.tzinfo is None or value.utcoffset() is None:
        raise MalformedRecord(f"{where}: a time without a time zone cannot be stored unambiguously")
    return value.isoformat()


def _dump_date(value: Any, where: str) -> Any:
    return value.isoformat()


def _dump_decimal(value: Any, where: str) -> Any:
    if not value.is_finite():
        raise MalformedRecord(f"{where}: not a finite number")
    return str(value)


def _dump_tuple(value: Any, where: str) -> Any:
    return [_dump(v, where) for v in value]


def _dump_frozenset(value: Any, where: str) -> Any:
    # Sorted so equal sets always serialise identically (stable hashes and diffs).
    return sorted((_dump(v, where) for v in value), key=str)


def _dump_dataclass(value: Any, where: str) -> Any:
    return to_dict(value)


def _dump_class_object(value: Any, where: str) -> Any:
    if dataclasses.is_dataclass(value):
        return to_dict(value)  # refuses it: a class is not a record
    return _dump_unstorable(value, where)


def _dump_unstorable(value: Any, where: str) -> Any:
    raise MalformedRecord(f"{where}: cannot store a {type(value).__name__}")


# --- Reading --------------------------------------------------------------------------------------
# Each dataclass gets, once, a loader and (on its first use) a plan: per field its name, whether it
# is required, whether None is allowed, and a loader built from the resolved type hint. A field
# loader takes (value, where, name) and names the field as f"{where}.{name}" only when it refuses
# the value or descends into a nested record, so the common path builds no strings. Checks and
# messages, and the order they are made in, are those of the one-function-per-value loader this
# replaced (tests/unit/domain/test_serialization_parity.py keeps it as the reference).


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@functools.cache
def _dataclass_loader(cls: type) -> Any:
    """A function (data, where) -> instance of `cls`, checking `data` the strict way."""
    fields = dataclasses.fields(cls)
    known = frozenset(f.name for f in fields)
    plan: list[tuple[str, bool, bool, type, Any]] | None = None
    cls_name = cls.__name__

    def load(data: Any, where: str) -> Any:
        nonlocal plan
        if not isinstance(data, dict):
            raise MalformedRecord(f"{where}: expected an object, got {type(data).__name__}")
        if not known.issuperset(data):
            unknown = sorted(set(data) - known)
            raise MalformedRecord(f"{where}: unknown field(s) {unknown} for {cls_name}")
        if plan is None:
            plan = _plan(cls, fields)
        values = {}
        for name, required, nullable, exact, loader in plan:
            value = data.get(name, _ABSENT)
            if value.__class__ is exact or (value is None and nullable):
                values[name] = value  # what the loader would return, without the call
            elif value is _ABSENT:
                if required:
                    raise MalformedRecord(f"{where}: missing required field {name!r}")
            else:
                values[name] = loader(value, where, name)
        return cls(**values)

    return load


_ABSENT: Any = object()


class _NoShortcut:
    """No value is of this class: a field whose loader must always be called."""


def _plan(
    cls: type, fields: tuple[dataclasses.Field[Any], ...]
) -> list[tuple[str, bool, bool, type, Any]]:
    """Per field: name, required, nullable (`X | None`: None is taken as is), the class whose
    instances are taken as they are (str, bool or int exactly), and the loader for everything else."""
    hints = _hints(cls)
    plan = []
    for f in fields:
        tp = hints[f.name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        inner = _optional_inner(tp)
        nullable = inner is not None
        loader = _loader(inner if nullable else tp)
        exact = _EXACT_SHORTCUT.get(loader, _NoShortcut)
        plan.append((f.name, required, nullable, exact, loader))
    return plan


def _optional_inner(tp: Any) -> Any:
    """X for `X | None`, else None."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        inner = [a for a in args if a is not type(None)]
        if type(None) in args and len(inner) == 1:
            return inner[0]
    return None


def _loader(tp: Any) -> Any:
    """A function (value, where, name) -> the value of type `tp`, or MalformedRecord."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        inner = _optional_inner(tp)
        if inner is not None:  # only `X | None` is used in records
            return _optional(_loader(inner))
        return _unloadable_union(tp)
    if origin is tuple or origin is frozenset:
        args = typing.get_args(tp)
        if not args:
            return _unloadable(tp)
        return _sequence(origin, _loader(args[0]))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _nested(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum(tp)
    for simple, loader in _SIMPLE_LOADERS:
        if tp is simple:
            return loader
    return _unloadable(tp)


def _empty(where: str, name: str) -> MalformedRecord:
    return MalformedRecord(f"{where}.{name}: may not be empty")


def _optional(load: Any) -> Any:
    def load_optional(value: Any, where: str, name: str) -> Any:
        if value is None:
            return None
        return load(value, where, name)

    return load_optional


def _sequence(make: type, load: Any) -> Any:
    def load_sequence(value: Any, where: str, name: str) -> Any:
        if value is None:
            raise _empty(where, name)
        if not isinstance(value, list):
            raise MalformedRecord(f"{where}.{name}: expected a list")
        return make([load(v, where, name) for v in value])

    return load_sequence


def _nested(cls: type) -> Any:
    load = _dataclass_loader(cls)  # cheap: its plan is built on first use, so recursion is fine

    def load_nested(value: Any, where: str, name: str) -> Any:
        if value is None:
            raise _empty(where, name)
        return load(value, f"{where}.{name}")

    return load_nested


def _enum(cls: type[enum.Enum]) -> Any:
    by_value = cls._value2member_map_  # what `cls(value)` consults first

    def load_enum(value: Any, where: str, name: str) -> Any:
        if value is None:
            raise _empty(where, name)
        try:
            return by_value[value]
        except (KeyError, TypeError):
            pass
        try:
            return cls(value)
        except ValueError:
            raise MalformedRecord(f"{where}.{name}: not a valid {cls.__name__}") from None

    return load_enum


def _unloadable(tp: Any) -> Any:
    def load_unloadable(value: Any, where: str, name: str) -> Any:
        if value is None:
            raise _empty(where, name)
        raise TypeError(
            f"{where}.{name}: no loader for {tp!r}"
        )  # a record declared a type this module lacks

    return load_unloadable


def _unloadable_union(tp: Any) -> Any:
    args = typing.get_args(tp)

    def load_unloadable_union(value: Any, where: str, name: str) -> Any:
        if value is None:
            if type(None) in args:
                return None
            raise _empty(where, name)
        (inner,) = [
            a for a in args if a is not type(None)
        ]  # fails: only `X | None` is used in records
        return _loader(inner)(value, where, name)

    return load_unloadable_union


def _load_bool(value: Any, where: str, name: str) -> Any:
    if value.__class__ is bool:
        return value
    if value is None:
        raise _empty(where, name)
    if not isinstance(value, bool):
        raise MalformedRecord(f"{where}.{name}: expected true or false")
    return value


def _load_int(value: Any, where: str, name: str) -> Any:
    if value.__class__ is int:
        return value
    if value is None:
        raise _empty(where, name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise MalformedRecord(f"{where}.{name}: expected a whole number")
    return value


def _load_str(value: Any, where: str, name: str) -> Any:
    if value.__class__ is str:
        return value
    if value is None:
        raise _empty(where, name)
    if not isinstance(value, str):
        raise MalformedRecord(f"{where}.{name}: expected text")
    return value


def _load_decimal(value: Any, where: str, name: str) -> Any:
    if value is None:
        raise _empty(where, name)
    if not isinstance(value, str):
        raise MalformedRecord(f"{where}.{name}: expected a decimal number written as text")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise MalformedRecord(f"{where}.{name}: not a decimal number") from None
    if not number.is_finite():
        raise MalformedRecord(f"{where}.{name}: not a finite number")
    return number


def _load_datetime(value: Any, where: str, name: str) -> Any:
    if value is None:
        raise _empty(where, name)
    parsed = _parse(datetime.fromisoformat, value, where, name)
    if parsed.tzinfo is None:
        raise MalformedRecord(f"{where}.{name}: a time must carry its UTC offset")
    return parsed


def _load_date(value: Any, where: str, name: str) -> Any:
    if value is None:
        raise _empty(where, name)
    if not isinstance(value, str) or len(value) != 10:
        raise MalformedRecord(f"{where}.{name}: expected a date YYYY-MM-DD")
    return _parse(date.fromisoformat, value, where, name)


def _parse(parse: Any, value: Any, where: str, name: str) -> Any:
    if not isinstance(value, str):
        raise MalformedRecord(f"{where}.{name}: expected ISO 8601 text")
    try:
        return parse(value)
    except ValueError:
        raise MalformedRecord(f"{where}.{name}: not a valid ISO 8601 value") from None


_SIMPLE_LOADERS: tuple[tuple[type, Any], ...] = (
    (bool, _load_bool),
    (int, _load_int),
    (str, _load_str),
    (Decimal, _load_decimal),
    (datetime, _load_datetime),
    (date, _load_date),
)
# Values of exactly these classes pass their loaders unchanged, so a record's loop takes them as is.
_EXACT_SHORTCUT: dict[Any, type] = {_load_bool: bool, _load_int: int, _load_str: str}
