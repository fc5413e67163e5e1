"""Case plan, family support team, initial placement visit and placement-provider contact deadlines."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fieldcase.domain.compliance import (
    DeadlineKind,
    DeadlineState,
    Month,
    add_business_days,
    add_months,
    case_plan_deadline,
    family_support_team_deadlines,
    initial_placement_visit_deadline,
    provider_contact_deadline,
)
from fieldcase.domain.home_visits import ContactMethod, VisitOutcome
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.workflow import Status

from .test_compliance_support import at_school, case, placement, visit

REMOVED = case(removal_date=date(2025, 1, 10))


@pytest.mark.parametrize(
    "as_of,state,days_left",
    [
        (date(2025, 1, 20), DeadlineState.PENDING, 20),
        (date(2025, 2, 1), DeadlineState.PENDING, 8),
        (date(2025, 2, 2), DeadlineState.DUE_SOON, 7),
        (date(2025, 2, 9), DeadlineState.DUE_SOON, 0),
        (date(2025, 2, 10), DeadlineState.OVERDUE, -1),
    ],
)
def test_case_plan_due_thirty_days_after_custody(as_of, state, days_left):
    d = case_plan_deadline(REMOVED, as_of=as_of)
    assert (d.kind, d.due, d.state, d.days_left) == (
        DeadlineKind.CASE_PLAN,
        date(2025, 2, 9),
        state,
        days_left,
    )


def test_contracted_case_management_plan_due_fourteen_days_after_referral():
    contracted = dataclasses.replace(REMOVED, referral_date=date(2025, 1, 3))
    assert case_plan_deadline(contracted, as_of=date(2025, 1, 5), contracted=True).due == date(
        2025, 1, 17
    )
    assert case_plan_deadline(contracted, as_of=date(2025, 1, 5)).due == date(2025, 2, 9)


def test_an_entered_due_date_can_bring_the_plan_forward_but_not_push_it_back():
    assert case_plan_deadline(
        dataclasses.replace(REMOVED, case_plan_due=date(2025, 2, 1)), as_of=date(2025, 1, 12)
    ).due == date(2025, 2, 1)
    assert case_plan_deadline(
        dataclasses.replace(REMOVED, case_plan_due=date(2025, 3, 1)), as_of=date(2025, 1, 12)
    ).due == date(2025, 2, 9)
    assert case_plan_deadline(case(), as_of=date(2025, 1, 12)) is None


def test_the_rule_pack_sets_the_days():
    rules = dataclasses.replace(MISSOURI, case_plan_due_days_after_custody=60)
    assert case_plan_deadline(REMOVED, as_of=date(2025, 1, 12), rules=rules).due == date(
        2025, 3, 11
    )


@pytest.mark.parametrize(
    "reviewed,due",
    [
        (date(2025, 1, 15), date(2025, 7, 15)),
        (date(2023, 8, 31), date(2024, 2, 29)),  # leap year
        (date(2024, 8, 31), date(2025, 2, 28)),
        (date(2024, 12, 31), date(2025, 6, 30)),
    ],
)
def test_case_plan_reviewed_every_six_months(reviewed, due):
    d = case_plan_deadline(
        dataclasses.replace(REMOVED, last_case_plan_review=reviewed), as_of=reviewed
    )
    assert (d.kind, d.due, d.state) == (DeadlineKind.CASE_PLAN_REVIEW, due, DeadlineState.PENDING)
    assert add_months(reviewed, 6) == due


def test_an_overdue_review():
    d = case_plan_deadline(
        dataclasses.replace(REMOVED, last_case_plan_review=date(2024, 6, 1)), as_of=date(2025, 1, 2)
    )
    assert d.overdue and d.due == date(2024, 12, 1) and d.days_left == -32


FRIDAY = date(2025, 3, 7)


def fst(meetings, as_of):
    return family_support_team_deadlines(
        case(removal_date=FRIDAY, family_support_team_meetings=tuple(meetings)), as_of=as_of
    )


def test_family_support_team_at_72_hours_and_30_days():
    first, second = fst([date(2025, 3, 9), date(2025, 3, 30)], date(2025, 4, 10))
    assert (first.due, first.state, first.sequence) == (date(2025, 3, 10), DeadlineState.MET, 0)
    assert (second.due, second.state, second.sequence) == (date(2025, 4, 6), DeadlineState.MET, 1)


def test_one_meeting_does_not_answer_both_deadlines():
    first, second = fst([date(2025, 3, 9)], date(2025, 4, 10))
    assert first.state is DeadlineState.MET and second.state is DeadlineState.OVERDUE


def test_a_late_first_meeting_is_met_late_and_the_30_day_meeting_still_needed():
    first, second = fst([date(2025, 3, 12)], date(2025, 3, 20))
    assert first.state is DeadlineState.MET_LATE and second.state is DeadlineState.PENDING


def test_no_meeting_after_72_hours_is_overdue_and_meetings_before_custody_do_not_count():
    first, second = fst([date(2025, 3, 1)], date(2025, 3, 11))
    assert first.overdue and not second.overdue
    assert family_support_team_deadlines(case(), as_of=date(2025, 3, 11)) == ()


@pytest.mark.parametrize(
    "starts_on,due",
    [
        (date(2025, 3, 4), date(2025, 3, 5)),  # Tuesday → Wednesday
        (FRIDAY, date(2025, 3, 10)),  # Friday → Monday
        (date(2025, 3, 8), date(2025, 3, 10)),  # Saturday → Monday
        (date(2025, 3, 9), date(2025, 3, 10)),  # Sunday → Monday
    ],
)
def test_initial_placement_visit_by_the_next_business_day(starts_on, due):
    d = initial_placement_visit_deadline(placement("a", starts_on), home_visits=[], as_of=starts_on)
    assert (d.kind, d.due, d.child_id) == (DeadlineKind.INITIAL_PLACEMENT_VISIT, due, "a")


def test_a_holiday_in_the_rule_pack_is_skipped():
    rules = dataclasses.replace(MISSOURI, holidays=frozenset({date(2025, 3, 10)}))
    assert initial_placement_visit_deadline(
        placement("a", FRIDAY), home_visits=[], as_of=FRIDAY, rules=rules
    ).due == date(2025, 3, 11)
    assert add_business_days(
        date(2024, 12, 31), 1, dataclasses.replace(MISSOURI, holidays=frozenset({date(2025, 1, 1)}))
    ) == date(2025, 1, 2)


def test_initial_placement_visit_met_met_late_and_overdue():
    new_home = placement("a", FRIDAY)
    assert (
        initial_placement_visit_deadline(
            new_home, home_visits=[visit("a", date(2025, 3, 10))], as_of=date(2025, 3, 12)
        ).state
        is DeadlineState.MET
    )
    assert (
        initial_placement_visit_deadline(
            new_home, home_visits=[visit("a", date(2025, 3, 12))], as_of=date(2025, 3, 12)
        ).state
        is DeadlineState.MET_LATE
    )
    # a visit at school is not a visit in the new placement
    assert initial_placement_visit_deadline(
        new_home, home_visits=[at_school("a", date(2025, 3, 10))], as_of=date(2025, 3, 11)
    ).overdue
    # a visit before the move was in the old home
    assert initial_placement_visit_deadline(
        new_home, home_visits=[visit("a", date(2025, 3, 6))], as_of=date(2025, 3, 11)
    ).overdue


def contact(day, placement_id="p1", **changes):
    return visit("a", day, placement_id=placement_id, **changes)


HOME = placement("a", date(2025, 1, 1), id="p1")


@pytest.mark.parametrize(
    "method", [ContactMethod.FACE_TO_FACE, ContactMethod.VIDEO, ContactMethod.PHONE]
)
def test_monthly_contact_with_the_provider(method):
    d = provider_contact_deadline(
        HOME, home_visits=[contact(date(2025, 3, 3), method=method)], as_of=date(2025, 3, 5)
    )
    assert (d.kind, d.state, d.met_on, d.due) == (
        DeadlineKind.PROVIDER_CONTACT,
        DeadlineState.MET,
        date(2025, 3, 3),
        date(2025, 3, 31),
    )


@pytest.mark.parametrize(
    "changes",
    [
        dict(method=ContactMethod.COLLATERAL),
        dict(outcome=VisitOutcome.CANCELLED),
        dict(placement_id="p2"),
        dict(status=Status.VOIDED),
    ],
    ids=str,
)
def test_what_is_not_a_provider_contact(changes):
    d = provider_contact_deadline(
        HOME, home_visits=[contact(date(2025, 3, 3), **changes)], as_of=date(2025, 3, 26)
    )
    assert d.met_on is None and d.state is DeadlineState.DUE_SOON


def test_a_month_without_provider_contact_is_overdue_and_a_month_not_placed_has_no_deadline():
    last_month = provider_contact_deadline(
        HOME, home_visits=[contact(date(2025, 2, 3))], as_of=date(2025, 4, 2), month=Month(2025, 3)
    )
    assert last_month.overdue
    assert provider_contact_deadline(HOME, home_visits=[], as_of=date(2024, 12, 2)) is None
    ended = placement("a", date(2025, 1, 1), date(2025, 3, 12), id="p1")
    assert provider_contact_deadline(ended, home_visits=[], as_of=date(2025, 3, 2)).due == date(
        2025, 3, 12
    )
