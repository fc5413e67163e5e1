"""The federal monthly caseworker visit and the in-residence majority, on worked examples."""

from __future__ import annotations

import dataclasses
from datetime import date
from fractions import Fraction

import pytest

from fieldcase.domain.compliance import (
    FiscalYear,
    Month,
    MonthState,
    monthly_visit_status,
    residence_majority,
    residence_months_required,
)
from fieldcase.domain.home_visits import ChildSeen, ContactMethod, LocationType, VisitOutcome
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status

from .test_compliance_support import at_school, case, placement, visit

IN_CARE = [placement("a", date(2024, 10, 1))]


def status(visits, as_of, *, placements=IN_CARE, **kw):
    return monthly_visit_status("a", home_visits=visits, placements=placements, as_of=as_of, **kw)


def majority(visits, as_of, *, placements=IN_CARE, **kw):
    return residence_majority("a", home_visits=visits, placements=placements, as_of=as_of, **kw)


# --- one child, one month -------------------------------------------------------------------------


def test_seen_in_residence_and_privately():
    s = status([visit("a", date(2025, 3, 4))], date(2025, 3, 10))
    assert (s.in_care, s.seen, s.seen_in_residence, s.seen_privately, s.visits) == (
        True,
        True,
        True,
        True,
        1,
    )
    assert s.state is MonthState.SEEN and s.first_seen_on == date(2025, 3, 4)
    assert not s.at_risk and not s.missed


def test_seen_but_not_privately():
    s = status([visit("a", date(2025, 3, 4), privately=False)], date(2025, 3, 10))
    assert s.seen and not s.seen_privately


def test_seen_privately_in_one_visit_and_in_residence_in_another_counts_both():
    s = status(
        [
            at_school("a", date(2025, 3, 4), privately=True),
            visit("a", date(2025, 3, 20), privately=False),
        ],
        date(2025, 3, 25),
    )
    assert (s.seen, s.seen_in_residence, s.seen_privately, s.visits) == (True, True, True, 2)


@pytest.mark.parametrize(
    "changes",
    [
        dict(method=ContactMethod.VIDEO),
        dict(method=ContactMethod.PHONE),
        dict(method=ContactMethod.COLLATERAL),
        dict(method=ContactMethod.ATTEMPTED_UNSUCCESSFUL),
        dict(outcome=VisitOutcome.ATTEMPTED),
        dict(outcome=VisitOutcome.CANCELLED),
        dict(outcome=VisitOutcome.NO_SHOW),
        dict(status=Status.VOIDED),
    ],
    ids=lambda c: "-".join(f"{v}" for v in c.values()),
)
def test_only_completed_face_to_face_visits_count(changes):
    s = status([visit("a", date(2025, 3, 4), **changes)], date(2025, 3, 10))
    assert not s.seen and s.state is MonthState.DUE


def test_a_child_row_not_seen_or_another_childs_row_does_not_count():
    assert not status([visit("a", date(2025, 3, 4), seen=False)], date(2025, 3, 10)).seen
    assert not status([visit("b", date(2025, 3, 4))], date(2025, 3, 10)).seen


def test_a_visit_outside_the_residence_counts_as_seen_not_in_residence():
    s = status([at_school("a", date(2025, 3, 4))], date(2025, 3, 10))
    assert s.seen and not s.seen_in_residence and s.visits_elsewhere_without_reason == 0


def test_a_visit_outside_the_residence_without_a_reason_is_invalid_and_never_counts_as_residence():
    unjustified = at_school("a", date(2025, 3, 4), justified=False)
    # the validation rule refuses it for submission ...
    assert {p.field for p in problems(unjustified, for_submit=True)} == {"reason_not_in_residence"}
    # ... and the compliance engine does not count it toward the residence, and says so
    s = status([unjustified], date(2025, 3, 10))
    assert s.seen and not s.seen_in_residence and s.visits_elsewhere_without_reason == 1
    m = majority([unjustified], date(2025, 3, 10))
    assert m.months_with_residence_visit == 0


@pytest.mark.parametrize(
    "as_of,days_left,at_risk",
    [(date(2025, 3, 24), 8, False), (date(2025, 3, 25), 7, True), (date(2025, 3, 31), 1, True)],
)
def test_at_risk_with_seven_days_left_today_included(as_of, days_left, at_risk):
    s = status([], as_of)
    assert (s.days_left, s.at_risk) == (days_left, at_risk)
    assert s.state is (MonthState.AT_RISK if at_risk else MonthState.DUE)


def test_the_at_risk_window_comes_from_the_rule_pack():
    rules = dataclasses.replace(MISSOURI, monthly_visit_at_risk_days_left=10)
    assert status([], date(2025, 3, 24), rules=rules).at_risk


@pytest.mark.parametrize(
    "as_of,at_risk",
    [
        (date(2024, 2, 22), False),
        (date(2024, 2, 23), True),
        (date(2025, 2, 21), False),
        (date(2025, 2, 22), True),
    ],
)
def test_february_in_leap_and_common_years(as_of, at_risk):
    s = status([], as_of, placements=[placement("a", date(2023, 10, 1))])
    assert s.due_by == date(as_of.year, 2, 29 if as_of.year == 2024 else 28)
    assert s.at_risk is at_risk


def test_a_visit_on_the_29th_of_february_counts_for_february():
    s = status(
        [visit("a", date(2024, 2, 29))],
        date(2024, 3, 5),
        month=Month(2024, 2),
        placements=[placement("a", date(2024, 1, 1))],
    )
    assert s.seen and s.seen_in_residence


def test_a_past_month_without_a_visit_was_missed():
    s = status([visit("a", date(2025, 4, 1))], date(2025, 4, 2), month=Month(2025, 3))
    assert s.missed and s.state is MonthState.MISSED and s.days_left is None


def test_a_child_entering_care_on_the_31st_is_due_that_same_day():
    placed = [placement("a", date(2025, 8, 31))]
    s = status([], date(2025, 8, 31), placements=placed)
    assert (s.in_care, s.due_by, s.days_left, s.at_risk) == (True, date(2025, 8, 31), 1, True)
    assert status([], date(2025, 9, 1), placements=placed, month=Month(2025, 8)).missed
    assert not status([], date(2025, 7, 31), placements=placed).in_care
    assert status([visit("a", date(2025, 8, 31))], date(2025, 8, 31), placements=placed).seen


def test_a_child_placed_later_this_month_is_upcoming_not_due():
    s = status([], date(2025, 3, 1), placements=[placement("a", date(2025, 3, 20))])
    assert s.state is MonthState.UPCOMING and not s.at_risk and s.days_left == 12


def test_without_partial_months_a_short_stay_is_not_a_month_in_care():
    rules = dataclasses.replace(MISSOURI, partial_month_counts_as_in_care=False)
    placed = [placement("a", date(2025, 8, 31))]
    assert not status([], date(2025, 8, 31), placements=placed, rules=rules).in_care
    assert status([], date(2025, 9, 5), placements=placed, rules=rules).in_care


def test_leaving_care_mid_month_moves_the_due_date_and_later_visits_do_not_count():
    left = [placement("a", date(2025, 1, 1), date(2025, 3, 10))]
    assert (
        status([], date(2025, 3, 5), placements=left).due_by,
        status([], date(2025, 3, 5), placements=left).at_risk,
    ) == (date(2025, 3, 10), True)
    after = status([visit("a", date(2025, 3, 20))], date(2025, 3, 25), placements=left)
    assert not after.seen and after.missed


def test_a_visit_before_the_child_came_into_care_does_not_count():
    s = status(
        [visit("a", date(2025, 3, 2))],
        date(2025, 3, 10),
        placements=[placement("a", date(2025, 3, 5))],
    )
    assert not s.seen


def test_a_visit_on_a_day_out_of_care_between_two_stays_of_one_month_does_not_count():
    """Two stays in one month (out of care on the 11th-20th): the month's span in care is the 1st
    to the 31st, but a visit in the gap counts neither as seen nor for the residence majority (the
    engine checks every day against the stays only when there is more than one)."""
    back = [placement("a", date(2024, 10, 1), date(2025, 3, 10)), placement("a", date(2025, 3, 21))]
    gap, again = visit("a", date(2025, 3, 15)), visit("a", date(2025, 3, 25))
    assert not status([gap], date(2025, 3, 31), placements=back).seen
    assert status([gap, again], date(2025, 3, 31), placements=back).visits == 1
    assert (
        majority([gap], date(2025, 3, 31), placements=back).months_with_residence_visit,
        majority([again], date(2025, 3, 31), placements=back).months_with_residence_visit,
    ) == (0, 1)


def test_the_removal_date_stands_in_when_no_placement_is_recorded():
    s = monthly_visit_status(
        "a", home_visits=[], case=case(removal_date=date(2025, 3, 3)), as_of=date(2025, 3, 10)
    )
    assert s.in_care and s.state is MonthState.DUE
    assert not monthly_visit_status(
        "a", home_visits=[], case=case(), as_of=date(2025, 3, 10)
    ).in_care


def test_back_to_back_placements_are_one_stay():
    moved = [placement("a", date(2025, 1, 1), date(2025, 3, 14)), placement("a", date(2025, 3, 15))]
    s = status([visit("a", date(2025, 3, 20))], date(2025, 3, 25), placements=moved)
    assert s.seen and s.due_by == date(2025, 3, 31)


def test_two_children_in_one_visit_are_each_seen():
    both = visit("a", date(2025, 3, 4))
    both = dataclasses.replace(
        both,
        children=both.children
        + (
            ChildSeen(
                child_id="b",
                seen=True,
                seen_privately=False,
                reason_not_private="Infant.",
                present_danger=False,
            ),
        ),
    )
    b = monthly_visit_status(
        "b",
        home_visits=[both],
        placements=[placement("b", date(2025, 1, 1))],
        as_of=date(2025, 3, 10),
    )
    assert b.seen and b.seen_in_residence and not b.seen_privately


def test_a_visit_at_a_non_residence_location_type_other_is_not_residence():
    s = status([visit("a", date(2025, 3, 4), location=LocationType.OTHER)], date(2025, 3, 10))
    assert s.seen and not s.seen_in_residence


# --- the in-residence majority over the federal fiscal year ---------------------------------------


@pytest.mark.parametrize(
    "months,required", [(0, 0), (1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4), (7, 4), (12, 7)]
)
def test_residence_months_required_is_more_than_half(months, required):
    assert residence_months_required(months, MISSOURI) == required


def test_the_share_comes_from_the_rule_pack():
    two_thirds = dataclasses.replace(MISSOURI, residence_majority_more_than=Fraction(2, 3))
    assert residence_months_required(6, two_thirds) == 5


@pytest.mark.parametrize(
    "day,fiscal_year,starts_on,ends_on",
    [
        (date(2025, 9, 30), 2025, date(2024, 10, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), 2026, date(2025, 10, 1), date(2026, 9, 30)),
        (date(2025, 1, 1), 2025, date(2024, 10, 1), date(2025, 9, 30)),
        (date(2024, 12, 31), 2025, date(2024, 10, 1), date(2025, 9, 30)),
    ],
)
def test_fiscal_year_boundaries(day, fiscal_year, starts_on, ends_on):
    fy = FiscalYear.containing(day, MISSOURI)
    assert (fy.year, fy.starts_on, fy.ends_on, len(fy.months)) == (
        fiscal_year,
        starts_on,
        ends_on,
        12,
    )


SIX_MONTHS = [placement("a", date(2025, 4, 1), date(2025, 9, 30))]


def _six_months(residence_months: int):
    visits = []
    for i, month in enumerate(range(4, 10)):
        maker = visit if i < residence_months else at_school
        visits.append(maker("a", date(2025, month, 10)))
    return visits


def test_missouri_four_of_six_months_meets_the_majority():
    m = majority(_six_months(4), date(2025, 10, 15), fiscal_year=2025, placements=SIX_MONTHS)
    assert (m.months_in_care, m.required, m.months_with_residence_visit) == (6, 4, 4)
    assert m.met and m.final and not m.at_risk_of_missing_majority


def test_three_of_six_months_misses_the_majority():
    m = majority(_six_months(3), date(2025, 10, 15), fiscal_year=2025, placements=SIX_MONTHS)
    assert not m.met and not m.can_still_meet and m.at_risk_of_missing_majority and m.final


def test_missouri_two_of_two_when_only_two_months_in_care():
    placed = [placement("a", date(2025, 8, 15))]
    both = majority(
        [visit("a", date(2025, 8, 20)), visit("a", date(2025, 9, 3))],
        date(2025, 9, 5),
        placements=placed,
    )
    assert (both.months_in_care, both.required, both.met) == (2, 2, True)
    one = [visit("a", date(2025, 8, 20)), at_school("a", date(2025, 9, 3))]
    # September can still get a visit in the residence, and must
    early = majority(one, date(2025, 9, 5), placements=placed)
    assert not early.met and early.can_still_meet and early.at_risk_of_missing_majority
    over = majority(one, date(2025, 10, 1), fiscal_year=2025, placements=placed)
    assert not over.met and not over.can_still_meet and over.final


def test_a_child_entering_care_on_the_31st_counts_that_month():
    placed = [placement("a", date(2025, 8, 31))]
    m = majority([], date(2025, 8, 31), placements=placed)
    assert (
        m.fiscal_year,
        m.months_in_care,
        m.months_in_care_to_date,
        m.required,
        m.months_still_open,
    ) == (2025, 2, 1, 2, 2)
    # every month must now be in the residence: no spare month left
    assert m.can_still_meet and m.at_risk_of_missing_majority
    met = majority(
        [visit("a", date(2025, 8, 31)), visit("a", date(2025, 9, 2))],
        date(2025, 9, 2),
        placements=placed,
    )
    assert met.met and not met.at_risk_of_missing_majority
    late = majority([visit("a", date(2025, 9, 2))], date(2025, 9, 2), placements=placed)
    assert not late.can_still_meet


def test_an_open_stay_is_projected_to_the_end_of_the_fiscal_year():
    m = majority([visit("a", date(2024, 10, 5))], date(2024, 11, 15))
    assert (
        m.months_in_care,
        m.months_in_care_to_date,
        m.required,
        m.months_with_residence_visit,
        m.months_still_open,
    ) == (12, 2, 7, 1, 11)
    assert not m.at_risk_of_missing_majority and not m.final


def test_at_risk_of_missing_majority_when_the_open_months_leave_no_spare():
    away = [at_school("a", date(2024, month, 10)) for month in (10, 11, 12)] + [
        at_school("a", date(2025, month, 10)) for month in (1, 2)
    ]
    march = majority(away, date(2025, 3, 15))
    assert (march.required, march.months_with_residence_visit, march.months_still_open) == (7, 0, 7)
    assert march.can_still_meet and march.at_risk_of_missing_majority
    april = majority(away, date(2025, 4, 1))
    assert not april.can_still_meet and april.at_risk_of_missing_majority
    spare = dataclasses.replace(MISSOURI, residence_majority_at_risk_spare_months=-1)
    assert not majority(away, date(2025, 3, 15), rules=spare).at_risk_of_missing_majority


def test_residence_visits_early_in_the_year_keep_it_safe():
    home = [visit("a", date(2024, month, 10)) for month in (10, 11, 12)] + [
        at_school("a", date(2025, month, 10)) for month in (1, 2)
    ]
    m = majority(home, date(2025, 3, 15))
    assert m.months_with_residence_visit == 3 and not m.at_risk_of_missing_majority


def test_a_visit_on_the_last_day_of_the_fiscal_year_belongs_to_it():
    placed = [placement("a", date(2025, 9, 1))]
    sept30 = [visit("a", date(2025, 9, 30))]
    assert majority(sept30, date(2025, 10, 2), fiscal_year=2025, placements=placed).met
    nxt = majority(
        sept30 + [at_school("a", date(2025, 10, 1))], date(2025, 10, 2), placements=placed
    )
    assert (nxt.fiscal_year, nxt.months_with_residence_visit, nxt.months_in_care_to_date) == (
        2026,
        0,
        1,
    )


def test_a_stay_across_the_fiscal_year_boundary_counts_each_year_separately():
    placed = [placement("a", date(2025, 8, 1), date(2025, 11, 30))]
    visits = [
        visit("a", date(2025, 8, 5)),
        visit("a", date(2025, 9, 5)),
        visit("a", date(2025, 10, 5)),
        at_school("a", date(2025, 11, 5)),
    ]
    fy25 = majority(visits, date(2025, 12, 5), fiscal_year=2025, placements=placed)
    fy26 = majority(visits, date(2025, 12, 5), placements=placed)
    assert (fy25.months_in_care, fy25.met) == (2, True)
    assert (fy26.months_in_care, fy26.required, fy26.months_with_residence_visit, fy26.met) == (
        2,
        2,
        1,
        False,
    )


def test_leap_year_february_is_a_month_in_care_for_a_short_stay():
    placed = [placement("a", date(2024, 2, 29), date(2024, 2, 29))]
    m = majority([visit("a", date(2024, 2, 29))], date(2024, 3, 1), placements=placed)
    assert (m.fiscal_year, m.months_in_care, m.required, m.met) == (2024, 1, 1, True)


def test_a_child_never_in_care_this_year_has_nothing_to_meet():
    m = majority(
        [], date(2025, 3, 1), placements=[placement("a", date(2023, 1, 1), date(2023, 6, 1))]
    )
    assert (m.months_in_care, m.required, m.met, m.at_risk_of_missing_majority) == (
        0,
        0,
        False,
        False,
    )
