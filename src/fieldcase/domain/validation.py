"""One entry point for every record's rules: `problems(record, for_submit=...)`.

Drafts accept incomplete data — nothing typed is ever lost — and are refused only for values that
cannot be true (an end before its start, a reason the agency never accepts). Submitting requires
the record to be complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .assessments import Assessment, assessment_problems
from .case_plan_rules import case_plan_problems
from .case_plans import CasePlan
from .case_rules import case_problems, person_problems, placement_problems, visitation_plan_problems
from .cases import Case
from .collateral_contacts import CollateralContact, collateral_contact_problems
from .court_reports import CourtReport, court_report_problems
from .field_record import FieldRecord
from .goal_changes import GoalChange, goal_change_problems
from .home_visit_rules import home_visit_problems
from .home_visits import HomeVisit
from .instruments import Instrument
from .people import Person
from .placements import Placement
from .problems import InvalidRecord, Problem
from .record_dates import future_date_problems
from .referrals import Referral, referral_problems
from .rule_pack import DEFAULT_RULES, RulePack
from .tasks import Task, task_problems
from .team_meeting_rules import team_meeting_problems
from .team_meetings import TeamMeeting
from .transition_plans import TransitionPlan, transition_plan_problems
from .transport_trip_rules import transport_trip_problems
from .transport_trips import TransportTrip
from .visitation_entries import VisitationEntry
from .visitation_plans import VisitationPlan
from .visitation_rules import visitation_entry_problems

__all__ = ["InvalidRecord", "Problem", "check", "problems"]


def problems(
    record: object,
    *,
    for_submit: bool,
    people: Iterable[Person] = (),
    on: date | None = None,
    plan: VisitationPlan | None = None,
    instrument: Instrument | None = None,
    rater_role: str | None = None,
    rules: RulePack = DEFAULT_RULES,
) -> list[Problem]:
    """Everything wrong with `record`; empty when it may be saved (or submitted, if `for_submit`).

    Context some rules need: `people` and `on` for the case (children's ages for APPLA), `on` (the
    caseworker's day) for a field record's date, `plan` for a visitation entry (no-contact orders,
    planned supervision level), `instrument` for an assessment (its items and scale; without it,
    only what the record itself shows is checked) and the role of the user rating it.
    """
    found: list[Problem]
    if isinstance(record, HomeVisit):
        found = home_visit_problems(record, for_submit=for_submit)
    elif isinstance(record, VisitationEntry):
        found = visitation_entry_problems(record, for_submit=for_submit, plan=plan, rules=rules)
    elif isinstance(record, TransportTrip):
        found = transport_trip_problems(record, for_submit=for_submit)
    elif isinstance(record, Assessment):
        found = assessment_problems(
            record, for_submit=for_submit, instrument=instrument, rater_role=rater_role
        )
    elif isinstance(record, TransitionPlan):
        found = transition_plan_problems(record, for_submit=for_submit)
    elif isinstance(record, TeamMeeting):
        found = team_meeting_problems(record, for_submit=for_submit)
    elif isinstance(record, CollateralContact):
        found = collateral_contact_problems(record, for_submit=for_submit)
    elif isinstance(record, Referral):
        found = referral_problems(record, for_submit=for_submit)
    elif isinstance(record, Case):
        found = case_problems(record, for_submit=for_submit, people=people, on=on, rules=rules)
    elif isinstance(record, Person):
        found = person_problems(record, for_submit=for_submit, on=on)
    elif isinstance(record, Placement):
        found = placement_problems(record, for_submit=for_submit)
    elif isinstance(record, VisitationPlan):
        found = visitation_plan_problems(record, for_submit=for_submit)
    elif isinstance(record, CasePlan):
        found = case_plan_problems(record, for_submit=for_submit, people=people, on=on, rules=rules)
    elif isinstance(record, Task):
        found = task_problems(record, for_submit=for_submit)
    elif isinstance(record, CourtReport):
        found = court_report_problems(record, for_submit=for_submit)
    elif isinstance(record, GoalChange):
        found = goal_change_problems(
            record, for_submit=for_submit, people=people, on=on, rules=rules
        )
    else:
        raise TypeError(f"no rules for {type(record).__name__}")
    if isinstance(record, FieldRecord) and for_submit and on is not None:
        found += future_date_problems(record, today=on)
    if isinstance(record, FieldRecord):
        for i, addendum in enumerate(record.addenda):
            if not addendum.text.strip():
                found.append(
                    Problem.of(f"addenda[{i}].text", "Addendum {number} is empty.", number=i + 1)
                )
    return found


def check(
    record: object, *, for_submit: bool, **context: Any
) -> None:  # context: problems()' keywords
    """Raise `InvalidRecord` listing every problem, if there are any."""
    found = problems(record, for_submit=for_submit, **context)
    if found:
        raise InvalidRecord(found)
