"""Worked examples: a youth in care of 14 or older needs an approved transition plan (compliance/transition.py)."""

from __future__ import annotations

from datetime import date

from fieldcase.domain.cases import Case
from fieldcase.domain.compliance import DeadlineKind, DeadlineState, caseload_compliance
from fieldcase.domain.compliance.care import CarePeriod
from fieldcase.domain.compliance.transition import transition_plan_deadline
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.transition_plans import TransitionPlan
from fieldcase.domain.workflow import Status

IN_CARE = (CarePeriod(date(2025, 6, 1), None),)


def plan(
    status: Status, written: date, review: date | None = None, child: str = "youth"
) -> TransitionPlan:
    return TransitionPlan(
        id=f"tp-{written}",
        case_id="c1",
        status=status,
        child_id=child,
        written_on=written,
        review_on=review,
    )


def rule(*, born, as_of, plans=(), periods=IN_CARE):
    return transition_plan_deadline(
        child_id="youth", case_id="c1", periods=periods, born=born, plans=plans, as_of=as_of
    )


def test_due_thirty_days_after_the_fourteenth_birthday_in_care():
    # in care since June 2025; 14 on 10 March 2026: a plan is due 9 April 2026
    assert MISSOURI.transition_plan_minimum_age == 14
    assert rule(born=date(2012, 3, 10), as_of=date(2026, 3, 9)) is None  # 13 the day before
    d = rule(born=date(2012, 3, 10), as_of=date(2026, 3, 10))
    assert (d.kind, d.due, d.state, d.child_id) == (
        DeadlineKind.TRANSITION_PLAN,
        date(2026, 4, 9),
        DeadlineState.PENDING,
        "youth",
    )
    assert rule(born=date(2012, 3, 10), as_of=date(2026, 4, 10)).state is DeadlineState.OVERDUE


def test_a_youth_entering_care_at_fifteen_has_thirty_days_from_entering():
    d = rule(born=date(2010, 1, 1), as_of=date(2025, 6, 5))
    assert d.due == date(2025, 7, 1)


def test_only_an_approved_plan_answers_it_and_then_its_review_comes_with_the_case_plan():
    draft, submitted = (
        plan(Status.DRAFT, date(2026, 3, 20)),
        plan(Status.SUBMITTED, date(2026, 3, 21)),
    )
    d = rule(born=date(2012, 3, 10), as_of=date(2026, 4, 1), plans=[draft, submitted])
    assert d.kind is DeadlineKind.TRANSITION_PLAN  # still without an approved plan
    approved = plan(Status.APPROVED, date(2026, 3, 25), review=date(2026, 9, 25))
    d = rule(born=date(2012, 3, 10), as_of=date(2026, 4, 1), plans=[draft, approved])
    assert (d.kind, d.due, d.state) == (
        DeadlineKind.TRANSITION_PLAN_REVIEW,
        date(2026, 9, 25),
        DeadlineState.PENDING,
    )
    # no review day written: six months after it was written (the case plan's review, rule pack)
    d = rule(
        born=date(2012, 3, 10),
        as_of=date(2026, 10, 1),
        plans=[plan(Status.APPROVED, date(2026, 3, 25))],
    )
    assert (d.due, d.state) == (date(2026, 9, 25), DeadlineState.OVERDUE)
    # another youth's plan does not count
    assert (
        rule(
            born=date(2012, 3, 10),
            as_of=date(2026, 4, 1),
            plans=[plan(Status.APPROVED, date(2026, 3, 25), child="sibling")],
        ).kind
        is DeadlineKind.TRANSITION_PLAN
    )


def test_no_birthday_on_record_or_not_in_care_is_not_counted():
    assert rule(born=None, as_of=date(2026, 4, 1)) is None
    assert (
        rule(
            born=date(2008, 1, 1),
            as_of=date(2026, 4, 1),
            periods=(CarePeriod(date(2025, 6, 1), date(2026, 1, 1)),),
        )
        is None
    )


def test_the_caseload_and_team_lines_count_youths_without_an_approved_plan():
    case = Case(id="c1", case_number="24-1", primary_worker_id="w1", removal_date=date(2025, 6, 1))
    youth = Person(
        id="youth",
        case_id="c1",
        role=PersonRole.CHILD,
        given_name="Ana",
        family_name="Test",
        date_of_birth=date(2011, 2, 1),
    )
    little = Person(
        id="little",
        case_id="c1",
        role=PersonRole.CHILD,
        given_name="Bo",
        family_name="Test",
        date_of_birth=date(2019, 2, 1),
    )
    placements = [
        Placement(id=f"p-{c}", case_id="c1", child_id=c, starts_on=date(2025, 6, 1))
        for c in ("youth", "little")
    ]
    found = caseload_compliance(
        cases=[case], as_of=date(2026, 3, 1), placements=placements, people=[youth, little]
    )
    assert found.counts.transition_plans_missing == 1
    assert "1 youth aged 14 or older without an approved transition plan" in found.lines
    by_child = {c.child_id: c.transition_plan for c in found.children}
    assert by_child["little"] is None and by_child["youth"].due == date(2025, 7, 1)
    approved = plan(Status.APPROVED, date(2026, 2, 1), review=date(2026, 8, 1))
    found = caseload_compliance(
        cases=[case],
        as_of=date(2026, 3, 1),
        placements=placements,
        people=[youth, little],
        transition_plans=[approved],
    )
    assert (
        found.counts.transition_plans_missing == 0
        and found.counts.transition_plan_reviews_overdue == 0
    )
    from fieldcase.domain.compliance import team_compliance

    team = team_compliance(
        cases=[case],
        as_of=date(2026, 9, 1),
        placements=placements,
        people=[youth, little],
        transition_plans=[approved],
    )
    assert team.totals.transition_plan_reviews_overdue == 1
    assert "1 transition plan review overdue" in team.lines
