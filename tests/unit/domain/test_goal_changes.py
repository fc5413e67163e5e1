"""A proposed goal change: APPLA only for a youth of 16 or older, a reason, goals that differ."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.goal_changes import GoalChange
from fieldcase.domain.metadata import (
    children_in_body,
    children_of,
    occurred_on,
    occurred_on_in_body,
)
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.validation import problems

ON = date(2026, 6, 1)


def _proposal(**changes) -> GoalChange:
    values = dict(
        id="g1",
        case_id="c1",
        current_permanency_goal=PermanencyGoal.REUNIFICATION,
        proposed_permanency_goal=PermanencyGoal.APPLA,
        proposed_concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        reason="Youth asks to stay in independent living; parents not engaged.",
        proposed_by="u1",
        proposed_at=datetime(2026, 6, 1, 9, 30, tzinfo=UTC),
    )
    return GoalChange(**{**values, **changes})


def _child(born: date, case_id: str = "c1") -> Person:
    return Person(id=f"k{born.year}", case_id=case_id, role=PersonRole.CHILD, date_of_birth=born)


@pytest.mark.parametrize("goal_field", ["proposed_permanency_goal", "proposed_concurrent_goal"])
def test_appla_is_refused_while_a_child_of_the_case_is_under_16(goal_field):
    other = (
        "proposed_concurrent_goal"
        if goal_field == "proposed_permanency_goal"
        else "proposed_permanency_goal"
    )
    change = _proposal(**{goal_field: PermanencyGoal.APPLA, other: PermanencyGoal.ADOPTION})
    found = problems(
        change, for_submit=True, people=[_child(date(2010, 6, 2))], on=ON
    )  # 16 tomorrow
    assert [p.field for p in found] == [goal_field]
    assert "16" in found[0].message


def test_appla_is_accepted_from_the_16th_birthday_and_other_cases_children_do_not_count():
    change = _proposal()
    assert problems(change, for_submit=True, people=[_child(date(2010, 6, 1))], on=ON) == []
    assert (
        problems(
            change,
            for_submit=True,
            people=[_child(date(2010, 6, 1)), _child(date(2020, 1, 1), "c2")],
            on=ON,
        )
        == []
    )
    # a child whose birth date is not known is not held against the goal
    assert (
        problems(
            change,
            for_submit=True,
            people=[Person(id="k", case_id="c1", role=PersonRole.CHILD)],
            on=ON,
        )
        == []
    )


def test_a_draft_may_lack_everything_but_a_submitted_proposal_needs_a_goal_a_reason_and_a_change():
    empty = GoalChange(id="g1", case_id="c1")
    assert problems(empty, for_submit=False, on=ON) == []
    assert {p.field for p in problems(empty, for_submit=True, on=ON)} == {
        "proposed_permanency_goal",
        "reason",
    }
    same = _proposal(
        current_permanency_goal=PermanencyGoal.ADOPTION,
        current_concurrent_goal=None,
        proposed_permanency_goal=PermanencyGoal.ADOPTION,
        proposed_concurrent_goal=None,
    )
    assert [p.field for p in problems(same, for_submit=True, on=ON)] == ["proposed_permanency_goal"]
    twice = _proposal(
        proposed_permanency_goal=PermanencyGoal.ADOPTION,
        proposed_concurrent_goal=PermanencyGoal.ADOPTION,
    )
    assert [p.field for p in problems(twice, for_submit=False, on=ON)] == [
        "proposed_concurrent_goal"
    ]


def test_a_goal_change_round_trips_and_is_about_the_whole_case():
    change = _proposal()
    body = to_dict(change)
    assert from_dict("goal_change", body) == change
    assert children_of(change) == () == children_in_body("goal_change", body)
    assert occurred_on(change) == date(2026, 6, 1) == occurred_on_in_body("goal_change", body)
