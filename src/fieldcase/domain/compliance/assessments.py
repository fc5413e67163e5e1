"""Assessments due by their instrument's interval (domain.md "Assessments and transition plans").

A child in care is assessed with every instrument the agency loaded that applies to the child's age:
the first time within N days of entering care (the instrument's `first_due_days`, else the rule
pack's `assessment_first_due_days`) — or of reaching the instrument's minimum age while in care —
and then every `interval_days` after the last one. An assessment counts once it happened (submitted,
returned or approved; not a draft, not voided) and only within the current stay in care: a child
who comes back into care is assessed anew. A child whose birthday is not known is not counted for
an instrument with a minimum age (the rule cannot tell), nor is a child not in care on the day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ..instruments import Instrument, version_key
from ..rule_pack import DEFAULT_RULES, RulePack
from ..workflow import Status
from .care import CarePeriod
from .deadlines import Deadline, DeadlineKind, _deadline

_COUNTED = frozenset({Status.SUBMITTED, Status.RETURNED, Status.APPROVED})


def birthday(born: date, age: int) -> date:
    """The day a child born on `born` turns `age` (29 February: 1 March in a common year, as
    people.age_in_years counts)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def current_stay(periods: Iterable[CarePeriod], as_of: date) -> CarePeriod | None:
    return next((p for p in periods if p.contains(as_of)), None)


def assessment_deadline(
    instrument: Instrument,
    *,
    child_id: str,
    case_id: str,
    periods: Iterable[CarePeriod],
    born: date | None,
    assessments: Iterable[Any],
    as_of: date,
    rules: RulePack = DEFAULT_RULES,
) -> Deadline | None:
    """The child's next assessment with `instrument`, or None when it does not apply on `as_of`.
    `assessments`: records (or facts) with child_id, instrument_id, status and assessed_on."""
    stay = current_stay(periods, as_of)
    if stay is None:
        return None
    start = stay.starts_on
    if instrument.minimum_age is not None:
        if born is None:
            return None
        reaches = birthday(born, instrument.minimum_age)
        if reaches > as_of:
            return None
        start = max(start, reaches)
    done = [
        a.assessed_on
        for a in assessments
        if a.child_id == child_id
        and a.instrument_id == instrument.id
        and a.status in _COUNTED
        and a.assessed_on is not None
        and a.assessed_on >= stay.starts_on
    ]
    first = (
        instrument.first_due_days
        if instrument.first_due_days is not None
        else rules.assessment_first_due_days
    )
    due = (
        max(done) + timedelta(days=instrument.interval_days)
        if done
        else start + timedelta(days=first)
    )
    return _deadline(
        DeadlineKind.ASSESSMENT,
        case_id,
        due,
        None,
        as_of,
        rules,
        child_id=child_id,
        instrument_id=instrument.id,
    )


def assessment_deadlines(
    instruments: Iterable[Instrument],
    *,
    child_id: str,
    case_id: str,
    periods: Iterable[CarePeriod],
    born: date | None,
    assessments: Iterable[Any],
    as_of: date,
    rules: RulePack = DEFAULT_RULES,
) -> tuple[Deadline, ...]:
    """One deadline per instrument id that applies (the latest version loaded speaks for its id)."""
    latest: dict[str, Instrument] = {}
    for instrument in instruments:
        held = latest.get(instrument.id)
        if held is None or version_key(instrument.version) > version_key(held.version):
            latest[instrument.id] = instrument
    mine = [a for a in assessments if a.child_id == child_id]
    periods = tuple(periods)
    found = (
        assessment_deadline(
            i,
            child_id=child_id,
            case_id=case_id,
            periods=periods,
            born=born,
            assessments=mine,
            as_of=as_of,
            rules=rules,
        )
        for _id, i in sorted(latest.items())
    )
    return tuple(d for d in found if d is not None)
