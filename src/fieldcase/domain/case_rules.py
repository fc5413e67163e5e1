"""Rules for the case-level records: case, person, placement, visitation plan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .cases import Case, PermanencyGoal
from .people import Person, PersonRole, age_in_years
from .placements import Placement
from .problems import Problem, blank
from .rule_pack import DEFAULT_RULES, RulePack
from .visitation_plans import SupervisionLevel, VisitationPlan


def too_young_for_appla(
    children: Iterable[Person], *, on: date, rules: RulePack = DEFAULT_RULES
) -> bool:
    """True when a child among `children` is younger than APPLA allows (16 in Missouri). Children
    without a known date of birth are not held against the goal. Shared by the case's rules and a
    proposed goal change's (goal_changes.py)."""
    return any(
        c.role is PersonRole.CHILD
        and c.date_of_birth is not None
        and age_in_years(c.date_of_birth, on) < rules.appla_minimum_age
        for c in children
    )


def appla_problems(
    case: Case, children: Iterable[Person], *, on: date, rules: RulePack = DEFAULT_RULES
) -> list[Problem]:
    """APPLA may be a goal only when every child of the case is old enough (16 in Missouri).
    Children without a known date of birth are not held against the goal."""
    found = []
    if too_young_for_appla(children, on=on, rules=rules):
        for name in ("permanency_goal", "concurrent_goal"):
            if getattr(case, name) is PermanencyGoal.APPLA:
                found.append(
                    Problem.of(
                        name,
                        "Another planned permanent living arrangement (APPLA) is only a goal for youth aged {age} or older; choose another goal.",
                        age=rules.appla_minimum_age,
                    )
                )
    return found


def case_problems(
    case: Case,
    *,
    for_submit: bool,
    people: Iterable[Person] = (),
    on: date | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> list[Problem]:
    found: list[Problem] = []
    children = [p for p in people if p.role is PersonRole.CHILD and p.case_id == case.id]
    # Without a reference day, the case is judged as of today (reading the clock is not I/O).
    found += appla_problems(case, children, on=on or date.today(), rules=rules)
    if case.permanency_goal is not None and case.permanency_goal is case.concurrent_goal:
        found.append(
            Problem("concurrent_goal", "The concurrent goal must differ from the permanency goal.")
        )
    for i, cover in enumerate(case.covering_workers):
        if cover.ends_on is not None and cover.ends_on < cover.starts_on:
            found.append(
                Problem.of(
                    f"covering_workers[{i}].ends_on",
                    "Covering worker {number}: coverage ends before it starts.",
                    number=i + 1,
                )
            )
    if for_submit:
        for name, message in (
            ("case_number", "Enter the agency case number."),
            ("county", "Enter the county."),
            ("opened_on", "Enter the date the case was opened."),
            ("primary_worker_id", "Assign a primary worker."),
        ):
            if blank(getattr(case, name)):
                found.append(Problem(name, message))
    return found


def person_problems(person: Person, *, for_submit: bool, on: date | None = None) -> list[Problem]:
    found: list[Problem] = []
    if person.date_of_birth is not None and person.date_of_birth > (on or date.today()):
        found.append(Problem("date_of_birth", "The date of birth is in the future."))
    if for_submit and blank(person.given_name) and blank(person.family_name):
        found.append(Problem("given_name", "Enter the person's name."))
    return found


def placement_problems(placement: Placement, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    if placement.starts_on and placement.ends_on and placement.ends_on < placement.starts_on:
        found.append(Problem("ends_on", "The placement ends before it starts; check the dates."))
    if for_submit:
        for name, message in (
            ("child_id", "Choose the child placed."),
            ("provider_kind", "Choose the kind of provider."),
            ("provider_name", "Enter the provider's name."),
            ("starts_on", "Enter the placement start date."),
        ):
            if blank(getattr(placement, name)):
                found.append(Problem(name, message))
        if placement.ends_on is not None and blank(placement.reason_for_change):
            found.append(Problem("reason_for_change", "Say why the placement ended."))
    return found


def visitation_plan_problems(plan: VisitationPlan, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    if plan.effective_from and plan.effective_until and plan.effective_until < plan.effective_from:
        found.append(
            Problem("effective_until", "The plan ends before it takes effect; check the dates.")
        )
    if set(plan.participants) & set(plan.excluded_persons):
        # A court no-contact order wins over the plan: someone cannot be both invited and excluded.
        found.append(
            Problem(
                "excluded_persons",
                "Someone is both a participant and excluded by a no-contact order; remove them from one list.",
            )
        )
    if plan.duration_minutes is not None and plan.duration_minutes <= 0:
        found.append(
            Problem("duration_minutes", "The visit length must be more than zero minutes.")
        )
    if for_submit:
        for name, message in (
            ("participants", "Add the people who take part in the visits."),
            ("frequency", "Choose how often visits happen."),
            ("supervision_level", "Choose the level of supervision."),
            ("effective_from", "Enter the date the plan takes effect."),
        ):
            if blank(getattr(plan, name)):
                found.append(Problem(name, message))
        if plan.supervision_level in (
            SupervisionLevel.SUPERVISED,
            SupervisionLevel.THERAPEUTIC,
        ) and blank(plan.supervisor):
            found.append(Problem("supervisor", "Say who supervises the visits."))
    return found
