"""Worked examples: the week ahead lists a youth of 14+ whose transition plan is due or overdue,
and an approved plan's review coming due (domain/agenda.py `transition_plans`)."""

from __future__ import annotations

from datetime import date

from fieldcase.domain.agenda import AgendaKind, AgendaSources, week_ahead
from fieldcase.domain.cases import Case
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.transition_plans import TransitionPlan
from fieldcase.domain.workflow import Status

CASE = Case(id="c1", case_number="24-1", removal_date=date(2025, 6, 1))
YOUTH = Person(
    id="y",
    case_id="c1",
    role=PersonRole.CHILD,
    given_name="Ana",
    family_name="Test",
    date_of_birth=date(2012, 3, 10),
)
LITTLE = Person(
    id="l",
    case_id="c1",
    role=PersonRole.CHILD,
    given_name="Bo",
    family_name="Test",
    date_of_birth=date(2019, 1, 1),
)
PLACED = [
    Placement(id=f"p{c}", case_id="c1", child_id=c, starts_on=date(2025, 6, 1)) for c in ("y", "l")
]


def plans_in_week(today: date, plans=()):
    sources = AgendaSources(
        today,
        {
            "case": [CASE],
            "person": [YOUTH, LITTLE],
            "placement": PLACED,
            "transition_plan": list(plans),
        },
    )
    return [
        (i.title, i.due, i.overdue, i.record_kind, i.record_id, i.child_ids)
        for i in week_ahead(sources)
        if i.kind is AgendaKind.PLAN and "Transition" in i.title
    ]


def test_a_plan_due_this_week_then_overdue_opens_the_case():
    # 14 on 10 March 2026: due 9 April; the week from 3 April shows it, from 10 April as overdue
    assert plans_in_week(date(2026, 3, 20)) == []
    assert plans_in_week(date(2026, 4, 3)) == [
        ("Transition plan due (14 and older)", date(2026, 4, 9), False, "case", "c1", ("y",))
    ]
    assert plans_in_week(date(2026, 5, 1))[0][2] is True


def test_an_approved_plan_shows_its_review_when_it_comes_due_and_opens_the_plan():
    plan = TransitionPlan(
        id="tp",
        case_id="c1",
        status=Status.APPROVED,
        child_id="y",
        written_on=date(2026, 4, 1),
        review_on=date(2026, 10, 1),
    )
    assert plans_in_week(date(2026, 5, 1), [plan]) == []
    assert plans_in_week(date(2026, 9, 28), [plan]) == [
        ("Transition plan review due", date(2026, 10, 1), False, "transition_plan", "tp", ("y",))
    ]
