"""A new transition (independent-living) plan for a youth of 14 or older (domain/transition_plans.py):
started from the youth's last approved plan when there is one (a review starts the next version from
the last), otherwise with a row for each of the six areas."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from fieldcase.domain.case_plans import ParticipantRole
from fieldcase.domain.compliance.periods import add_months
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole, age_in_years
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.domain.transition_plans import (
    PlanParticipant,
    TransitionArea,
    TransitionGoal,
    TransitionPlan,
)
from fieldcase.domain.workflow import Status

if TYPE_CHECKING:
    from fieldcase.store.store import Store


def new_transition_plan(
    store: Store,
    *,
    case_id: str,
    user_id: str,
    today: date,
    child_id: str | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> TransitionPlan:
    if child_id is None:
        youths = sorted(
            (
                p
                for p in store.repository("person").list(case_id=case_id)
                if p.role is PersonRole.CHILD
                and p.date_of_birth is not None
                and age_in_years(p.date_of_birth, today) >= rules.transition_plan_minimum_age
            ),
            key=lambda p: p.date_of_birth,
        )
        child_id = youths[0].id if youths else None
    last = None
    if child_id is not None:
        approved = [
            p
            for p in store.repository("transition_plan").list(case_id=case_id)
            if p.child_id == child_id and p.status is Status.APPROVED and p.written_on is not None
        ]
        last = max(approved, key=lambda p: (p.written_on, p.id), default=None)
    base: dict[str, Any] = dict(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        written_by=user_id,
        child_id=child_id,
        written_on=today,
        review_on=add_months(today, rules.case_plan_review_months),
    )
    if last is not None:
        return TransitionPlan(**base, goals=last.goals, participants=last.participants)
    participants = (
        (PlanParticipant(person_id=child_id, role=ParticipantRole.YOUTH.value),) if child_id else ()
    )
    return TransitionPlan(
        **base,
        goals=tuple(TransitionGoal(area=area) for area in TransitionArea),
        participants=participants,
    )
