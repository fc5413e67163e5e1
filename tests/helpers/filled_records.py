"""A synthetic record of any kind with every field filled, without hypothesis: the same record each
run, its texts marked ("Zq …") so a test can tell what a person wrote from the app's own words.
`variant` n picks each choice list's n-th value (wrapping), so a few variants show every value."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime, timezone
from decimal import Decimal

from fieldcase.domain.serialization import KINDS


def _value(tp: typing.Any, name: str, variant: int) -> typing.Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _value(inner, name, variant)
    if origin is tuple:
        return (_value(typing.get_args(tp)[0], name, variant),)
    if origin is frozenset:
        inner = typing.get_args(tp)[0]
        if isinstance(inner, type) and issubclass(inner, enum.Enum):
            return frozenset(inner)
        return frozenset({_value(inner, name, variant)})
    if dataclasses.is_dataclass(tp):
        return filled(tp, variant)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        members = list(tp)
        return members[variant % len(members)]
    return {
        str: f"Zq {name}",
        bool: True,
        int: 3,
        Decimal: Decimal("2.50"),
        datetime: datetime(2026, 5, 4, 10, 30, tzinfo=timezone.utc),
        date: date(2026, 5, 4),
    }[tp]


def filled(cls: type, variant: int = 0) -> typing.Any:
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _value(hints[f.name], f.name, variant) for f in dataclasses.fields(cls)})


def filled_record(kind: str, variant: int = 0) -> typing.Any:
    return filled(KINDS[kind], variant)


def variants(kind: str) -> int:
    """How many variants show every value of every choice list of the kind (nested rows too)."""
    most = 1
    seen: set[type] = set()

    def walk(tp: typing.Any) -> None:
        nonlocal most
        for arg in typing.get_args(tp) or ():
            walk(arg)
        if dataclasses.is_dataclass(tp) and tp not in seen:
            seen.add(tp)
            for hint in typing.get_type_hints(tp).values():
                walk(hint)
        elif isinstance(tp, type) and issubclass(tp, enum.Enum):
            most = max(most, len(tp))

    walk(KINDS[kind])
    return most
