"""The transition plan of a youth in care aged 14 or older (domain.md "Assessments and transition
plans"; the age is the rule pack's `transition_plan_minimum_age`).

A youth in care who is 14 or older on the day needs an *approved* transition plan: it is due
`transition_plan_due_days` after the later of the 14th birthday and the day the current stay in care
began. Until one is approved the youth counts as "without an approved transition plan" (due, due
soon or overdue). Once one is, its review comes with the case plan's: on the plan's `review_on`, or
`case_plan_review_months` after it was written when it names no review day. A youth whose birthday
is not on the person record is not counted (the rule cannot tell), nor one not in care on the day.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ..rule_pack import DEFAULT_RULES, RulePack
from ..workflow import Status
from .assessments import birthday, current_stay
from .care import CarePeriod
from .deadlines import Deadline, DeadlineKind, _deadline
from .periods import add_months


def transition_plan_deadline(
    *,
    child_id: str,
    case_id: str,
    periods: Iterable[CarePeriod],
    born: date | None,
    plans: Iterable[Any],
    as_of: date,
    rules: RulePack = DEFAULT_RULES,
) -> Deadline | None:
    """TRANSITION_PLAN while no approved plan is on record, then TRANSITION_PLAN_REVIEW; None when
    the rule does not apply on `as_of`. `plans`: records (or facts) with child_id, status,
    written_on and review_on."""
    if born is None:
        return None
    turns = birthday(born, rules.transition_plan_minimum_age)
    stay = current_stay(periods, as_of)
    if stay is None or turns > as_of:
        return None
    approved = [
        p
        for p in plans
        if p.child_id == child_id and p.status is Status.APPROVED and p.written_on is not None
    ]
    if not approved:
        due = max(turns, stay.starts_on) + timedelta(days=rules.transition_plan_due_days)
        return _deadline(
            DeadlineKind.TRANSITION_PLAN, case_id, due, None, as_of, rules, child_id=child_id
        )
    latest = max(approved, key=lambda p: (p.written_on, p.id))
    review = latest.review_on or add_months(latest.written_on, rules.case_plan_review_months)
    return _deadline(
        DeadlineKind.TRANSITION_PLAN_REVIEW, case_id, review, None, as_of, rules, child_id=child_id
    )
