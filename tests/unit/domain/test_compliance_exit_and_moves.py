"""A child's exit from care stops the monthly-visit rule (and the deadlines of the last placement);
a placement change starts the initial-placement-visit clock from the new placement's start."""

from __future__ import annotations

from datetime import date

from fieldcase.domain.compliance import (
    DeadlineState,
    MonthState,
    care_periods,
    caseload_compliance,
    monthly_visit_status,
    residence_majority,
)
from fieldcase.domain.people import ExitReason, Person, PersonRole

from .test_compliance_support import case, placement, visit

AS_OF = date(2025, 8, 20)


def _child(**changes) -> Person:
    return Person(
        id="a",
        case_id="c1",
        role=PersonRole.CHILD,
        given_name="Test",
        family_name="Child",
        **changes,
    )


def test_the_exit_day_is_the_last_day_in_care_even_with_a_placement_still_open():
    periods = care_periods(
        "a", placements=[placement("a", date(2025, 1, 1))], exit_date=date(2025, 6, 15)
    )
    assert [(p.starts_on, p.ends_on) for p in periods] == [(date(2025, 1, 1), date(2025, 6, 15))]
    # an exit before the child ever came into care leaves nothing to count
    assert (
        care_periods(
            "a", placements=[placement("a", date(2025, 7, 1))], exit_date=date(2025, 6, 15)
        )
        == ()
    )
    # no placements: the case's removal date, still ended by the exit
    periods = care_periods(
        "a", placements=[], case=case(removal_date=date(2025, 2, 1)), exit_date=date(2025, 3, 31)
    )
    assert [(p.starts_on, p.ends_on) for p in periods] == [(date(2025, 2, 1), date(2025, 3, 31))]


def test_after_the_exit_the_monthly_visit_is_no_longer_due():
    placements = [placement("a", date(2025, 1, 1))]  # the office has not closed the placement yet
    before = monthly_visit_status("a", home_visits=[], placements=placements, as_of=AS_OF)
    assert before.state is not MonthState.NOT_IN_CARE
    after = monthly_visit_status(
        "a", home_visits=[], placements=placements, as_of=AS_OF, exit_date=date(2025, 7, 10)
    )
    assert after.state is MonthState.NOT_IN_CARE and not after.at_risk and not after.missed
    # the months in care end with the exit: August no longer counts towards the majority
    year_before = residence_majority("a", home_visits=[], placements=placements, as_of=AS_OF)
    year_after = residence_majority(
        "a", home_visits=[], placements=placements, as_of=AS_OF, exit_date=date(2025, 7, 10)
    )
    assert year_after.months_in_care < year_before.months_in_care


def test_the_caseload_stops_counting_a_child_who_left_care():
    placements = [placement("a", date(2025, 1, 1))]
    visits = [visit("a", date(2025, m, 5)) for m in range(1, 7)]
    staying = caseload_compliance(
        cases=[case()], placements=placements, people=[_child()], home_visits=visits, as_of=AS_OF
    )
    assert staying.counts.children_in_care == 1 and staying.counts.not_yet_seen_this_month == 1
    left = _child(exit_date=date(2025, 7, 10), exit_reason=ExitReason.REUNIFICATION)
    gone = caseload_compliance(
        cases=[case()], placements=placements, people=[left], home_visits=visits, as_of=AS_OF
    )
    assert gone.counts.children_in_care == 0 and gone.counts.not_yet_seen_this_month == 0
    assert all(
        c.initial_placement_visit is None and c.provider_contact is None for c in gone.children
    )


def test_a_placement_change_starts_the_initial_visit_clock_from_the_new_home():
    # a move on Friday 15 August: the old home ends that day, the new one starts it
    old = placement("a", date(2025, 1, 1), date(2025, 8, 15), id="old")
    new = placement("a", date(2025, 8, 15), id="new")
    visits = [visit("a", date(2025, 8, 5))]  # seen in the old home earlier in the month
    result = caseload_compliance(
        cases=[case()], placements=[old, new], people=[_child()], home_visits=visits, as_of=AS_OF
    )
    deadline = result.children[0].initial_placement_visit
    assert deadline is not None and deadline.placement_id == "new"
    assert deadline.due == date(
        2025, 8, 18
    )  # the next business day after the move, not after 1 January
    assert deadline.state is DeadlineState.OVERDUE  # the visit in the old home does not count
    seen = caseload_compliance(
        cases=[case()],
        placements=[old, new],
        people=[_child()],
        home_visits=[*visits, visit("a", date(2025, 8, 18))],
        as_of=AS_OF,
    )
    assert seen.children[0].initial_placement_visit.state is DeadlineState.MET
