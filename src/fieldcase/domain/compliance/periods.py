"""Calendar arithmetic the rules count in: calendar months, federal fiscal years, business days."""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ..rule_pack import RulePack


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month; the monthly caseworker visit is counted per calendar month."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return _last_day(self.year, self.month)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@functools.lru_cache(maxsize=1024)
def _last_day(year: int, month: int) -> date:
    # asked for every month of every child's fiscal year and of every visitation plan
    return date(year, month, calendar.monthrange(year, month)[1])


def months_between(first: date, last: date) -> Iterator[Month]:
    """Every calendar month touching the days first..last (inclusive)."""
    month, end = Month.of(first), Month.of(last)
    while month <= end:
        yield month
        month = month.next()


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Aug + 6 months
    = 28 Feb, or 29 Feb in a leap year)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True, slots=True)
class FiscalYear:
    """A federal fiscal year, named by the calendar year it ends in (FFY 2025: 1 Oct 2024 – 30 Sep 2025)."""

    year: int
    starts_on: date
    ends_on: date

    @classmethod
    def containing(cls, day: date, rules: RulePack) -> FiscalYear:
        start_month = rules.fiscal_year_start_month
        year = day.year + 1 if start_month > 1 and day.month >= start_month else day.year
        return cls.named(year, rules)

    @classmethod
    def named(cls, year: int, rules: RulePack) -> FiscalYear:
        start_month = rules.fiscal_year_start_month
        starts_on = date(year - 1 if start_month > 1 else year, start_month, 1)
        return cls(year, starts_on, add_months(starts_on, 12) - timedelta(days=1))

    @property
    def months(self) -> tuple[Month, ...]:
        return _months(self.starts_on, self.ends_on)


@functools.lru_cache(maxsize=64)
def _months(first: date, last: date) -> tuple[Month, ...]:
    return tuple(months_between(first, last))


def is_business_day(day: date, rules: RulePack) -> bool:
    return day.weekday() < 5 and day not in rules.holidays


def add_business_days(day: date, count: int, rules: RulePack) -> date:
    """The `count`-th business day after `day` (a Friday plus one is the Monday, or the Tuesday when
    that Monday is a holiday in the rule pack)."""
    while count > 0:
        day += timedelta(days=1)
        if is_business_day(day, rules):
            count -= 1
    return day
