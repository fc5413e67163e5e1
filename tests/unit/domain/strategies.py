"""Hypothesis strategies that fill every field of every record, nested rows included."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

from fieldcase.domain.serialization import KINDS

# Fixed offsets as the laptop records them (local time with its offset), from UTC-12 to UTC+14.
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
aware_datetimes = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=offsets
)
texts = st.text(max_size=12)
decimals = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-(10**6), max_value=10**6
)


def strategy_for(tp: typing.Any) -> st.SearchStrategy[typing.Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return st.none() | strategy_for(inner)
    if origin is tuple:
        return st.lists(strategy_for(typing.get_args(tp)[0]), max_size=2).map(tuple)
    if origin is frozenset:
        return st.frozensets(strategy_for(typing.get_args(tp)[0]), max_size=3)
    if dataclasses.is_dataclass(tp):
        return every_field(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return st.sampled_from(list(tp))
    return {
        str: texts,
        bool: st.booleans(),
        int: st.integers(min_value=-(2**53), max_value=2**53),
        Decimal: decimals,
        datetime: aware_datetimes,
        date: st.dates(),
    }[tp]


def every_field(cls: type) -> st.SearchStrategy[typing.Any]:
    hints = typing.get_type_hints(cls)
    return st.builds(cls, **{f.name: strategy_for(hints[f.name]) for f in dataclasses.fields(cls)})


any_kind = st.sampled_from(sorted(KINDS))
any_record = any_kind.flatmap(lambda kind: every_field(KINDS[kind]))
