"""A proposed change of a case's permanency goal and concurrent goal (domain.md "Case data in and
out"). The goals are the case's plan for the child's future, so a caseworker never edits them
directly: they propose a change with a reason, on the laptop and offline, and the supervisor
approves it (the server then changes the case's goals in the same transaction) or returns it with a
reason (the goals stay as they are). It travels like a field record: draft → submitted → approved
or returned (workflow.py).

The goals the case had when the change was proposed are kept beside the proposal, so the supervisor
reads "from … to …" even after the office changed the case meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .case_rules import too_young_for_appla
from .cases import PermanencyGoal
from .field_record import FieldRecord
from .people import Person
from .problems import Problem, blank
from .rule_pack import DEFAULT_RULES, RulePack


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class GoalChange(FieldRecord):
    #: the case's goals when the change was proposed (read from the case, never typed)
    current_permanency_goal: PermanencyGoal | None = None
    current_concurrent_goal: PermanencyGoal | None = None
    proposed_permanency_goal: PermanencyGoal | None = None
    #: None: the case has no concurrent goal after the change
    proposed_concurrent_goal: PermanencyGoal | None = None
    #: why the goal should change (the caseworker's words; the supervisor reads them)
    reason: str = ""
    proposed_by: str | None = None
    proposed_at: datetime | None = None


def goal_change_problems(
    change: GoalChange,
    *,
    for_submit: bool,
    people: Iterable[Person] = (),
    on: date | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> list[Problem]:
    found: list[Problem] = []
    children = [p for p in people if p.case_id == change.case_id]
    if too_young_for_appla(children, on=on or date.today(), rules=rules):
        for name in ("proposed_permanency_goal", "proposed_concurrent_goal"):
            if getattr(change, name) is PermanencyGoal.APPLA:
                found.append(
                    Problem(
                        name,
                        f"Another planned permanent living arrangement (APPLA) is only a goal for youth aged {rules.appla_minimum_age} or older; choose another goal.",
                    )
                )
    if (
        change.proposed_permanency_goal is not None
        and change.proposed_permanency_goal is change.proposed_concurrent_goal
    ):
        found.append(
            Problem(
                "proposed_concurrent_goal",
                "The concurrent goal must differ from the permanency goal.",
            )
        )
    if for_submit:
        if change.proposed_permanency_goal is None:
            found.append(
                Problem("proposed_permanency_goal", "Choose the proposed permanency goal.")
            )
        elif (change.proposed_permanency_goal, change.proposed_concurrent_goal) == (
            change.current_permanency_goal,
            change.current_concurrent_goal,
        ):
            found.append(
                Problem(
                    "proposed_permanency_goal",
                    "The proposed goals are the case's goals already; change at least one.",
                )
            )
        if blank(change.reason):
            found.append(Problem("reason", "Say why the goal should change."))
    return found
