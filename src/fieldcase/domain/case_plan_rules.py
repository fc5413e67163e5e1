"""When a case plan is believable (always) and complete enough to submit (13 CSR 40-30.010's list of
contents), the 16+ rule for a long-term arrangement with the care provider, and what changed from one
version of a plan to the next."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .case_plans import CasePlan, PlanParticipant, PlanService, ProgressNote, VisitingArrangement
from .cases import PermanencyGoal
from .people import Person, PersonRole, age_in_years
from .problems import Problem, blank
from .rule_pack import DEFAULT_RULES, RulePack
from .workflow import Status


def too_young_for_long_term_arrangement(
    plan: CasePlan, people: Iterable[Person], *, on: date, rules: RulePack = DEFAULT_RULES
) -> bool:
    """True when a child the plan is for is younger than APPLA allows (16 in Missouri) on the plan's
    date. The plan's children when it names them, else every child of the case; a child without a
    known date of birth is not held against the goal (as the case's rule: case_rules.py)."""
    day = plan.plan_date or on
    children = [p for p in people if p.role is PersonRole.CHILD and p.case_id == plan.case_id]
    if plan.child_ids:
        children = [c for c in children if c.id in plan.child_ids]
    return any(
        c.date_of_birth is not None and age_in_years(c.date_of_birth, day) < rules.appla_minimum_age
        for c in children
    )


def case_plan_problems(
    plan: CasePlan,
    *,
    for_submit: bool,
    people: Iterable[Person] = (),
    on: date | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> list[Problem]:
    found: list[Problem] = []
    add = lambda field, message, **values: found.append(Problem.of(field, message, **values))  # noqa: E731

    # --- never true, draft or not
    if plan.version < 1:
        add("version", "The version number must be 1 or more.")
    if plan.review_of is not None and plan.version < 2:
        add("version", "A 6-month review is version 2 or later of the plan.")
    if plan.period_starts and plan.period_ends and plan.period_ends < plan.period_starts:
        add("period_ends", "The plan period ends before it starts; check the dates.")
    if plan.evaluation_from and plan.evaluation_to and plan.evaluation_to < plan.evaluation_from:
        add("evaluation_to", "The evaluation period ends before it starts; check the dates.")
    if plan.permanency_goal is not None and plan.permanency_goal is plan.concurrent_goal:
        add("concurrent_goal", "The concurrent goal must differ from the permanency goal.")
    for i, service in enumerate(plan.services):
        if service.starts_on and service.ends_by and service.ends_by < service.starts_on:
            add(
                f"services[{i}].ends_by",
                "Service {number} ends before it starts; check the dates.",
                number=i + 1,
            )
    for i, row in enumerate(plan.visiting):
        if row.duration_minutes is not None and row.duration_minutes <= 0:
            add(
                f"visiting[{i}].duration_minutes",
                "Visiting arrangement {number}: the visit length must be more than zero minutes.",
                number=i + 1,
            )
    for i, who in enumerate(plan.participants):
        if who.signed is False and who.signed_on is not None:
            add(
                f"participants[{i}].signed_on",
                "Participant {number} did not sign, but a signing date is entered.",
                number=i + 1,
            )

    if not for_submit:
        return found

    # --- the regulation's contents, complete
    # The long-term arrangement with the care provider (APPLA) is a goal only for a youth of 16 or
    # older on the plan's date (Preventing Sex Trafficking and Strengthening Families Act 2014).
    if too_young_for_long_term_arrangement(plan, people, on=on or date.today(), rules=rules):
        for name in ("permanency_goal", "concurrent_goal"):
            if getattr(plan, name) is PermanencyGoal.APPLA:
                add(
                    name,
                    "A long-term arrangement with the care provider (APPLA) is only a goal for youth aged {age} or older on the plan's date; choose another goal.",
                    age=rules.appla_minimum_age,
                )
    for name, message in (
        ("plan_date", "Enter the date the plan was written with the family."),
        ("child_ids", "Choose the children the plan is for."),
        ("conditions", "Describe the conditions that made services or care necessary."),
        ("permanency_goal", "Choose the permanency goal."),
        ("concurrent_goal", "Choose the concurrent goal."),
        ("services", "Add the services of the plan."),
        ("parent_responsibilities", "Describe the parents' responsibilities."),
        (
            "behaviours_ending_services",
            "Describe the parents' behaviours that will show services are no longer needed.",
        ),
        ("needs_met", "Say how the placement meets the child's needs."),
        ("evaluation_from", "Enter the period the evaluation of achievement covers."),
        ("evaluation_to", "Enter the period the evaluation of achievement covers."),
        ("participants", "Add who took part in writing the plan."),
    ):
        if blank(getattr(plan, name)):
            add(name, message)
    if plan.permanency_goal is not PermanencyGoal.MAINTAIN_WITH_PARENTS:
        # a child in care: where the child lives and how the parents visit are part of the plan
        if plan.least_restrictive is None:
            add("least_restrictive", "Say whether the placement is the least restrictive setting.")
        if blank(plan.proximity_to_parents):
            add("proximity_to_parents", "Say how near the placement is to the parents' home.")
        if not plan.visiting:
            add("visiting", "Add the parental visiting schedule.")
    for i, service in enumerate(plan.services):
        if blank(service.description):
            add(
                f"services[{i}].description",
                "Service {number}: say what the service is.",
                number=i + 1,
            )
        if blank(service.responsible):
            add(
                f"services[{i}].responsible",
                "Service {number}: say who is responsible for it.",
                number=i + 1,
            )
        if service.ends_by is None:
            add(
                f"services[{i}].ends_by",
                "Service {number}: enter by when it should be done.",
                number=i + 1,
            )
    for i, who in enumerate(plan.participants):
        if blank(who.person_id) and blank(who.name):
            add(
                f"participants[{i}].name",
                "Participant {number}: choose a person or type a name.",
                number=i + 1,
            )
    if plan.is_review:
        if not plan.progress:
            add("progress", "Record the progress on each service and goal of the previous plan.")
        for i, note in enumerate(plan.progress):
            if note.progress is None:
                add(
                    f"progress[{i}].progress",
                    "Progress {number}: choose how far it got.",
                    number=i + 1,
                )
    return found


def approved_plan_days(plans: Iterable[CasePlan]) -> tuple[date, ...]:
    """The days approved case plans were written on, in order: what meets the case-plan clocks
    (compliance/deadlines.py). A draft, a returned or a voided plan meets nothing."""
    return tuple(
        sorted(
            p.plan_date for p in plans if p.status is Status.APPROVED and p.plan_date is not None
        )
    )


# --------------------------------------------------------------------------- versions


def latest_version(plans: Iterable[CasePlan]) -> CasePlan | None:
    """The case's newest plan that is not voided (the highest version; a later record on a tie)."""
    live = [p for p in plans if p.status is not Status.VOIDED]
    return max(live, key=lambda p: (p.version, p.plan_date or date.min), default=None)


def latest_approved(plans: Iterable[CasePlan]) -> CasePlan | None:
    return latest_version(p for p in plans if p.status is Status.APPROVED)


#: what a review copies from the version it reviews: the plan's content, not its workflow, its
#: signatures, its dates or its review notes (a new version is signed and dated anew)
_NOT_CARRIED = frozenset(
    {
        "id",
        "rev",
        "status",
        "created_by",
        "approved_by",
        "approved_at",
        "returned_reason",
        "voided_reason",
        "addenda",
        "version",
        "previous_version_id",
        "review_of",
        "plan_date",
        "period_starts",
        "period_ends",
        "written_by",
        "progress",
        "plan_changes",
        "participants",
        "attachments",
        "evaluation",
        "evaluation_from",
        "evaluation_to",
    }
)


def next_version(
    previous: CasePlan, *, new_id: str, on: date, review: bool, author: str | None = None
) -> CasePlan:
    """Version N+1 pre-filled from version N: the same content, a progress row for every service and
    goal of N to rate (a review), the participants to sign again (unsigned)."""
    carried = {
        f.name: getattr(previous, f.name)
        for f in dataclasses.fields(CasePlan)
        if f.name not in _NOT_CARRIED
    }
    progress: tuple[ProgressNote, ...] = ()
    if review:
        goals = [g for g in (previous.permanency_goal, previous.concurrent_goal) if g is not None]
        progress = tuple(
            ProgressNote(item=s.description) for s in previous.services if not blank(s.description)
        ) + tuple(ProgressNote(item=goal_words(g), is_goal=True) for g in goals)
    participants = tuple(
        PlanParticipant(person_id=p.person_id, name=p.name, role=p.role)
        for p in previous.participants
    )
    return CasePlan(
        **carried,
        id=new_id,
        version=previous.version + 1,
        previous_version_id=previous.id,
        review_of=previous.id if review else None,
        plan_date=on,
        period_starts=on,
        progress=progress,
        participants=participants,
        evaluation_from=previous.evaluation_to,
        created_by=author,
        written_by=author,
    )


def goal_words(goal: PermanencyGoal) -> str:
    """A goal as the plan's rows say it (the same words as the choice lists: "Maintain with parents")."""
    return goal.value.replace("_", " ").capitalize()


# --------------------------------------------------------------------------- what changed


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs between two versions. A value field: its text before and after. A list
    of rows: the rows added and removed, each said by its main words ("Parenting classes")."""

    field: str
    before: str = ""
    after: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


#: fields each version has anew (dates, signatures, evaluation, progress): not "changes" a reader wants listed
_NOT_COMPARED = _NOT_CARRIED


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return value.value.replace("_", " ").capitalize()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _row_words(row: object) -> str:
    if isinstance(row, PlanService):
        parts = [
            row.description,
            row.provider or "",
            f"by {row.ends_by.isoformat()}" if row.ends_by else "",
        ]
        return " — ".join(p for p in parts if p)
    if isinstance(row, VisitingArrangement):
        parts = [row.who or "", _text(row.frequency), row.location or ""]
        return " — ".join(p for p in parts if p)
    return _text(
        tuple(
            _text(getattr(row, f.name))
            for f in dataclasses.fields(row)  # type: ignore[arg-type]  # every other row of a plan is a dataclass
            if getattr(row, f.name) not in (None, "")
        )
    )


def changes_between(before: CasePlan, after: CasePlan) -> tuple[FieldChange, ...]:
    """What changed from one version to the next, field by field, in the plan's order."""
    found: list[FieldChange] = []
    for f in dataclasses.fields(CasePlan):
        if f.name in _NOT_COMPARED or f.name in ("case_id",):
            continue
        old, new = getattr(before, f.name), getattr(after, f.name)
        if old == new:
            continue
        if f.name in ("services", "visiting"):
            old_rows, new_rows = [_row_words(r) for r in old], [_row_words(r) for r in new]
            found.append(
                FieldChange(
                    f.name,
                    added=tuple(r for r in new_rows if r not in old_rows),
                    removed=tuple(r for r in old_rows if r not in new_rows),
                )
            )
        else:
            found.append(FieldChange(f.name, before=_text(old), after=_text(new)))
    return tuple(found)
