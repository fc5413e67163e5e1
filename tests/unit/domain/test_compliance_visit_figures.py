"""The federal caseworker-visit figures (42 USC 624(f)) on worked examples (docs/visit-figures.md)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from fieldcase.domain.cases import Case
from fieldcase.domain.compliance.facts import (
    ChildSeenFacts,
    HomeVisitFacts,
    PersonFacts,
    PlacementFacts,
)
from fieldcase.domain.compliance.periods import Month
from fieldcase.domain.compliance.visit_figures import Tally, visit_figures
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType
from fieldcase.domain.rule_pack import DEFAULT_RULES, MISSOURI
from fieldcase.domain.workflow import Status

FY = 2026  # 1 October 2025 - 30 September 2026


def child(cid: str, case_id: str, exit_date: date | None = None) -> Person:
    return Person(
        id=cid, case_id=case_id, role=PersonRole.CHILD, given_name="Zarvo", exit_date=exit_date
    )


def stay(
    cid: str,
    case_id: str,
    start: date,
    end: date | None = None,
    kind: PlacementType = PlacementType.FOSTER_FAMILY,
) -> Placement:
    return Placement(
        id=f"p-{cid}-{start}",
        case_id=case_id,
        child_id=cid,
        starts_on=start,
        ends_on=end,
        placement_type=kind,
    )


def visit(
    cid: str,
    case_id: str,
    day: date,
    *,
    where: LocationType = LocationType.CHILD_RESIDENCE,
    **changes,
) -> HomeVisit:
    start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
    made = HomeVisit(
        id=f"v-{cid}-{day}-{where.value}",
        case_id=case_id,
        status=Status.APPROVED,
        method=ContactMethod.FACE_TO_FACE,
        outcome=VisitOutcome.COMPLETED,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        location_type=where,
        contact_start=start,
        children=(ChildSeen(child_id=cid, seen=True, seen_privately=True),),
    )
    return dataclasses.replace(made, **changes)


def figures(children, placements, visits, cases=None, rules=DEFAULT_RULES, teams=None):
    cases = cases or [
        Case(id="c1", primary_worker_id="w1"),
        Case(id="c2", primary_worker_id="w2"),
        Case(id="c3", primary_worker_id="w3"),
    ]
    return visit_figures(
        fiscal_year=FY,
        children=children,
        cases=cases,
        placements=placements,
        home_visits=visits,
        worker_teams=teams or {"w1": "north", "w2": "north", "w3": "south"},
        rules=rules,
    )


def test_the_federal_reading_is_the_default_and_missouri_says_so():
    assert DEFAULT_RULES.visit_figures_count_partial_months is False
    assert MISSOURI.visit_figures_count_partial_months is False
    # the state's own monthly rule still counts short stays: the two readings are separate
    assert MISSOURI.partial_month_counts_as_in_care is True


# Worked example 1: a child removed on 15 October 2025, in care for the rest of the year.
#   Full calendar months in care in FFY 2026: November .. September = 11 expected visits.
#   Visits: 20 Oct in the residence (a partial month: not counted), 5 and 20 Nov in the residence
#   (one month: counted once), 10 Dec at school (made, not in the residence), 14 Jan at the
#   parent's home without a trial home visit (made, not in the residence).
#   Made 3 of 11 = 27.3%; in the residence 1 of 3 = 33.3%.
EXAMPLE_1 = (
    [child("a", "c1")],
    [stay("a", "c1", date(2025, 10, 15))],
    [
        visit("a", "c1", date(2025, 10, 20)),
        visit("a", "c1", date(2025, 11, 5)),
        visit("a", "c1", date(2025, 11, 20)),
        visit("a", "c1", date(2025, 12, 10), where=LocationType.SCHOOL),
        visit("a", "c1", date(2026, 1, 14), where=LocationType.PARENT_HOME),
    ],
)


def test_worked_example_1_full_calendar_months_at_most_one_visit_a_month():
    result = figures(*EXAMPLE_1)
    assert result.month_reading == "full_calendar_months"
    assert (result.starts_on, result.ends_on) == (date(2025, 10, 1), date(2026, 9, 30))
    assert result.agency == Tally(children=1, expected=11, made=3, in_residence=1)
    assert result.agency.percent_made == Decimal(
        "27.3"
    ) and result.agency.percent_in_residence == Decimal("33.3")
    [months] = result.children
    assert months.made == (
        Month(2025, 11),
        Month(2025, 12),
        Month(2026, 1),
    ) and months.in_residence == (Month(2025, 11),)


def test_worked_example_1_when_the_rule_pack_counts_partial_months_too():
    rules = dataclasses.replace(MISSOURI, visit_figures_count_partial_months=True)
    result = figures(*EXAMPLE_1, rules=rules)
    assert result.month_reading == "partial_months_too"
    assert result.agency == Tally(
        children=1, expected=12, made=4, in_residence=2
    )  # October counts now


# Worked example 2: a trial home visit. In foster care since 1 September 2025, home to the parent
#   on a trial home visit from 1 March 2026, out of care (reunified) on 15 May 2026.
#   Full months in care: October .. April = 7 expected (May is partial: the exit is on the 15th).
#   10 Feb at the parent's home before the trial home visit: made, not in the residence.
#   10 Apr at the parent's home during the trial home visit: made, IN the residence.
#   10 May: after the last full month, not counted. Made 2 of 7; in the residence 1 of 2.
def test_worked_example_2_a_trial_home_visit_makes_the_parents_home_the_childs_residence():
    result = figures(
        [child("b", "c2", exit_date=date(2026, 5, 15))],
        [
            stay("b", "c2", date(2025, 9, 1), date(2026, 2, 28)),
            stay("b", "c2", date(2026, 3, 1), kind=PlacementType.TRIAL_HOME_VISIT),
        ],
        [
            visit("b", "c2", date(2026, 2, 10), where=LocationType.PARENT_HOME),
            visit("b", "c2", date(2026, 4, 10), where=LocationType.PARENT_HOME),
            visit("b", "c2", date(2026, 5, 10), where=LocationType.PARENT_HOME),
        ],
    )
    assert result.agency == Tally(children=1, expected=7, made=2, in_residence=1)
    assert result.agency.percent_in_residence == Decimal("50.0")


def test_a_visit_recorded_as_a_trial_home_visit_at_the_parents_home_counts_in_the_residence():
    result = figures(
        [child("b", "c2")],
        [stay("b", "c2", date(2025, 9, 1))],
        [
            visit(
                "b",
                "c2",
                date(2026, 4, 10),
                where=LocationType.PARENT_HOME,
                purpose=VisitPurpose.TRIAL_HOME_VISIT,
            )
        ],
    )
    assert (result.agency.made, result.agency.in_residence) == (1, 1)


@pytest.mark.parametrize(
    "changes",
    [
        dict(status=Status.SUBMITTED),
        dict(status=Status.DRAFT),
        dict(status=Status.RETURNED),
        dict(status=Status.VOIDED),
        dict(method=ContactMethod.VIDEO),
        dict(method=ContactMethod.PHONE),
        dict(outcome=VisitOutcome.ATTEMPTED),
        dict(outcome=VisitOutcome.NO_SHOW),
        dict(children=(ChildSeen(child_id="a", seen=False),)),
        dict(children=(ChildSeen(child_id="someone-else", seen=True),)),
    ],
)
def test_only_approved_face_to_face_completed_visits_where_the_child_was_seen_count(changes):
    result = figures(
        [child("a", "c1")],
        [stay("a", "c1", date(2025, 1, 1))],
        [visit("a", "c1", date(2026, 3, 3), **changes)],
    )
    assert result.agency == Tally(children=1, expected=12, made=0, in_residence=0)


def test_by_caseworker_team_and_agency():
    # w1: example 1 (11 expected, 3 made, 1 in residence); w2: a child in care all year seen
    # every month at home (12, 12, 12); w3 (another team): a child in care all year never seen.
    every_month = [
        visit("b", "c2", date(2025 if m >= 10 else 2026, m, 8))
        for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
    ]
    kids, stays, visits = EXAMPLE_1
    result = figures(
        [*kids, child("b", "c2"), child("c", "c3")],
        [*stays, stay("b", "c2", date(2024, 5, 1)), stay("c", "c3", date(2024, 5, 1))],
        [*visits, *every_month],
    )
    assert result.caseworkers == {
        "w1": Tally(1, 11, 3, 1),
        "w2": Tally(1, 12, 12, 12),
        "w3": Tally(1, 12, 0, 0),
    }
    assert result.teams == {"north": Tally(2, 23, 15, 13), "south": Tally(1, 12, 0, 0)}
    assert result.agency == Tally(3, 35, 15, 13)
    assert result.agency.percent_made == Decimal(
        "42.9"
    ) and result.agency.percent_in_residence == Decimal("86.7")


def test_no_months_in_care_gives_no_percentages_not_a_division_by_zero():
    result = figures([child("a", "c1")], [stay("a", "c1", date(2026, 9, 20))], [])
    assert (
        result.agency == Tally()
        and result.agency.percent_made is None
        and result.agency.percent_in_residence is None
    )


def test_the_removal_date_stands_in_when_no_placement_is_recorded_and_a_case_without_worker_is_counted_apart():
    result = figures(
        [child("a", "c9")], [], [], cases=[Case(id="c9", removal_date=date(2026, 6, 1))]
    )
    assert result.caseworkers == {"": Tally(1, 4, 0, 0)}  # June .. September


def test_the_compliance_facts_count_like_the_records():
    kids, stays, visits = EXAMPLE_1
    facts = figures(
        [PersonFacts(id=k.id, case_id=k.case_id, role=k.role, exit_date=k.exit_date) for k in kids],
        [
            PlacementFacts(
                id=p.id,
                case_id=p.case_id,
                child_id=p.child_id,
                starts_on=p.starts_on,
                ends_on=p.ends_on,
                placement_type=p.placement_type,
            )
            for p in stays
        ],
        [
            HomeVisitFacts(
                id=v.id,
                case_id=v.case_id,
                status=v.status,
                method=v.method,
                outcome=v.outcome,
                location_type=v.location_type,
                contact_start=v.contact_start,
                purpose=v.purpose,
                children=tuple(
                    ChildSeenFacts(c.child_id, c.seen, c.seen_privately) for c in v.children
                ),
            )
            for v in visits
        ],
    )
    assert facts.agency == figures(*EXAMPLE_1).agency


def test_the_year_so_far_counts_only_the_months_that_have_ended():
    kids, stays, visits = EXAMPLE_1
    result = visit_figures(
        fiscal_year=FY,
        children=kids,
        cases=[Case(id="c1", primary_worker_id="w1")],
        placements=stays,
        home_visits=visits,
        through=date(2026, 1, 20),
    )
    # November and December have ended (October is partial); January is under way
    assert result.agency == Tally(children=1, expected=2, made=2, in_residence=1)
    assert result.counted_through == date(2025, 12, 31)
