"""The transition (independent-living) plan of a youth in care aged 14 or older (domain.md
"Assessments and transition plans"; 42 USC 675(1)(D) and (5)(C)): goals in education, employment,
housing, health, life skills and permanent connections — each with its steps, who helps and by when
— the youth's own words and who took part. It is reviewed with the case plan (`review_on`).

A field record: drafted on the laptop, submitted, approved by the supervisor. The compliance line
"transition plan missing" (compliance/transition.py) counts a youth without an approved one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .field_record import FieldRecord
from .problems import Problem, blank
from .safe_repr import record_repr


class TransitionArea(enum.Enum):
    EDUCATION = "education"
    EMPLOYMENT = "employment"
    HOUSING = "housing"
    HEALTH = "health"
    LIFE_SKILLS = "life_skills"
    PERMANENT_CONNECTIONS = "permanent_connections"


class GoalStatus(enum.Enum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitionGoal:
    area: TransitionArea | None = None
    goal: str | None = None
    steps: str | None = None
    who_helps: str | None = None
    by_when: date | None = None
    status: GoalStatus | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanParticipant:
    """Someone who took part in writing the plan: a person in the case, or a name (a mentor)."""

    person_id: str | None = None
    name: str | None = None
    #: a `case_plans.ParticipantRole` value ("youth", "resource_parent"), or words typed before the list
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class TransitionPlan(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    child_id: str | None = None
    written_on: date | None = None
    #: reviewed with the case plan: the day of the next review
    review_on: date | None = None
    written_by: str | None = None
    goals: tuple[TransitionGoal, ...] = ()
    #: the youth's own words about the plan, quoted
    youth_words: str | None = None
    participants: tuple[PlanParticipant, ...] = ()


def transition_plan_problems(plan: TransitionPlan, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    if (
        plan.written_on is not None
        and plan.review_on is not None
        and plan.review_on <= plan.written_on
    ):
        found.append(Problem("review_on", "The review comes after the day the plan is written."))
    for i, goal in enumerate(plan.goals):
        if (
            goal.by_when is not None
            and plan.written_on is not None
            and goal.by_when < plan.written_on
        ):
            found.append(
                Problem.of(
                    f"goals[{i}].by_when",
                    'Goal {number}: "by when" is before the plan was written.',
                    number=i + 1,
                )
            )
    if for_submit:
        if blank(plan.child_id):
            found.append(Problem("child_id", "Choose the youth the plan is for."))
        if plan.written_on is None:
            found.append(Problem("written_on", "Give the day the plan was written."))
        if plan.review_on is None:
            found.append(
                Problem("review_on", "Give the day of the next review (with the case plan).")
            )
        if not plan.goals:
            found.append(Problem("goals", "Add at least one goal."))
        for i, goal in enumerate(plan.goals):
            if goal.area is None:
                found.append(
                    Problem.of(f"goals[{i}].area", "Goal {number}: choose its area.", number=i + 1)
                )
            if blank(goal.goal):
                found.append(
                    Problem.of(
                        f"goals[{i}].goal", "Goal {number}: say what the goal is.", number=i + 1
                    )
                )
            if blank(goal.who_helps):
                found.append(
                    Problem.of(
                        f"goals[{i}].who_helps", "Goal {number}: say who helps.", number=i + 1
                    )
                )
            if goal.by_when is None:
                found.append(
                    Problem.of(f"goals[{i}].by_when", "Goal {number}: say by when.", number=i + 1)
                )
        if blank(plan.youth_words):
            found.append(Problem("youth_words", "Write the youth's own words about the plan."))
        if not plan.participants:
            found.append(Problem("participants", "List who took part, the youth first."))
    return found
