import dataclasses
from datetime import date

import pytest

from fieldcase.domain.cases import Case, CoveringWorker, PermanencyGoal
from fieldcase.domain.people import Person, PersonRole, age_in_years
from fieldcase.domain.placements import Placement, ProviderKind
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency

ON = date(2025, 3, 4)


def fields(found):
    return [p.field for p in found]


def child(born, case_id="c1", pid="k"):
    return Person(id=pid, case_id=case_id, role=PersonRole.CHILD, date_of_birth=born)


@pytest.mark.parametrize("goal_field", ["permanency_goal", "concurrent_goal"])
def test_appla_is_refused_for_a_child_under_16(goal_field):
    case = Case(id="c1", **{goal_field: PermanencyGoal.APPLA})
    found = problems(
        case, for_submit=False, people=[child(date(2009, 3, 5))], on=ON
    )  # 15 until tomorrow
    assert fields(found) == [goal_field]
    assert "16" in found[0].message


def test_appla_is_accepted_from_the_16th_birthday():
    case = Case(
        id="c1", permanency_goal=PermanencyGoal.APPLA, concurrent_goal=PermanencyGoal.GUARDIANSHIP
    )
    assert problems(case, for_submit=False, people=[child(date(2009, 3, 4))], on=ON) == []


def test_appla_looks_only_at_this_cases_children():
    case = Case(id="c1", permanency_goal=PermanencyGoal.APPLA)
    others = [
        child(date(2020, 1, 1), case_id="other"),
        Person(id="p", case_id="c1", role=PersonRole.PARENT, date_of_birth=date(2010, 1, 1)),
    ]
    assert problems(case, for_submit=False, people=others, on=ON) == []


def test_goals_must_differ_and_coverage_must_not_end_before_it_starts():
    case = Case(
        id="c1",
        permanency_goal=PermanencyGoal.ADOPTION,
        concurrent_goal=PermanencyGoal.ADOPTION,
        covering_workers=(CoveringWorker(worker_id="u", starts_on=ON, ends_on=date(2025, 3, 1)),),
    )
    assert fields(problems(case, for_submit=False, on=ON)) == [
        "concurrent_goal",
        "covering_workers[0].ends_on",
    ]


def test_workers_on_a_day():
    case = Case(
        id="c1",
        primary_worker_id="p",
        covering_workers=(CoveringWorker(worker_id="u", starts_on=ON, ends_on=ON),),
    )
    assert case.workers_on(ON) == ("p", "u")
    assert case.workers_on(date(2025, 3, 5)) == ("p",)


def test_age_in_years_counts_completed_years():
    assert age_in_years(date(2009, 3, 5), ON) == 15
    assert age_in_years(date(2009, 3, 4), ON) == 16
    assert age_in_years(date(2008, 2, 29), date(2025, 2, 28)) == 16


def test_a_placement_cannot_end_before_it_starts_and_an_ended_one_needs_a_reason():
    placement = Placement(
        id="p",
        case_id="c",
        child_id="k",
        provider_kind=ProviderKind.RELATIVE,
        provider_name="Aunt",
        starts_on=ON,
        ends_on=date(2025, 3, 1),
    )
    assert fields(problems(placement, for_submit=False)) == ["ends_on"]
    ended = dataclasses.replace(placement, ends_on=date(2025, 4, 1))
    assert fields(problems(ended, for_submit=True)) == ["reason_for_change"]


def test_a_visitation_plan_cannot_include_someone_under_a_no_contact_order():
    plan = VisitationPlan(
        id="vp", case_id="c", participants=("mother", "father"), excluded_persons=("father",)
    )
    assert fields(problems(plan, for_submit=False)) == ["excluded_persons"]


def test_a_supervised_plan_needs_a_supervisor():
    plan = VisitationPlan(
        id="vp",
        case_id="c",
        participants=("mother",),
        frequency=VisitFrequency.WEEKLY,
        supervision_level=SupervisionLevel.SUPERVISED,
        effective_from=ON,
    )
    assert fields(problems(plan, for_submit=True)) == ["supervisor"]
    assert problems(dataclasses.replace(plan, supervisor="u2"), for_submit=True) == []


def test_a_birth_date_in_the_future_is_refused():
    assert fields(
        problems(
            Person(id="p", case_id="c", date_of_birth=date(2026, 1, 1)), for_submit=False, on=ON
        )
    ) == ["date_of_birth"]
