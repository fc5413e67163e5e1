"""The caseworker's caseload summary and the supervisor's team roll-up, plus the properties every
rule keeps: adding a visit never lowers compliance, and input order never matters."""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain.compliance import (
    CaseloadCounts,
    DeadlineState,
    caseload_compliance,
    summary_lines,
    team_compliance,
)
from fieldcase.domain.home_visits import ContactMethod, LocationType
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.visitation_plans import VisitationPlan, VisitFrequency

from .test_compliance_support import at_school, case, placement, visit

AS_OF = date(2025, 8, 10)


def _team_of_four():
    placements = [placement(c, date(2025, 1, 1)) for c in "abc"] + [
        placement("d", date(2025, 7, 1))
    ]
    visits = [visit(c, date(2025, m, 5)) for c in "abc" for m in range(1, 8)]
    visits += [visit("a", date(2025, 8, 4)), at_school("d", date(2025, 7, 9))]
    people = [
        Person(
            id=c,
            case_id="c1",
            role=PersonRole.CHILD,
            given_name=f"Name{c.upper()}",
            family_name="Family",
        )
        for c in "abcd"
    ]
    return placements, visits, people


def test_the_caseworker_headline():
    placements, visits, people = _team_of_four()
    result = caseload_compliance(
        cases=[case(removal_date=date(2025, 1, 1))],
        placements=placements,
        people=people,
        home_visits=visits,
        as_of=AS_OF,
    )
    assert (
        result.headline
        == "3 children not yet seen this month, 1 at risk of missing in-residence majority"
    )
    c = result.counts
    assert (
        c.children_in_care,
        c.seen_this_month,
        c.not_yet_seen_this_month,
        c.at_risk_of_missing_majority,
    ) == (4, 1, 3, 1)
    assert [ch.child_id for ch in result.children] == ["a", "b", "c", "d"]
    d = result.children[3]
    assert (
        d.fiscal_year.months_in_care,
        d.fiscal_year.required,
        d.fiscal_year.months_with_residence_visit,
    ) == (3, 2, 0)
    assert "3 children not yet seen this month" in result.lines
    assert "1 child at risk of missing in-residence majority" in result.lines


def test_the_summary_names_no_one():
    placements, visits, people = _team_of_four()
    result = caseload_compliance(
        cases=[case(removal_date=date(2025, 1, 1))],
        placements=placements,
        people=people,
        home_visits=visits,
        as_of=AS_OF,
    )
    text = " ".join((result.headline, *result.lines))
    for person in people:
        assert person.given_name not in text and person.family_name not in text
    assert "c1" not in text


def test_all_seen_and_nothing_due():
    head, lines = summary_lines(CaseloadCounts(children_in_care=2, seen_this_month=2))
    assert (head, lines) == ("All children seen this month", ())
    assert summary_lines(CaseloadCounts())[0] == "No children in care"
    head, lines = summary_lines(
        CaseloadCounts(
            children_in_care=1,
            not_yet_seen_this_month=1,
            case_plans_overdue=2,
            documentation_late=1,
        )
    )
    assert head == "1 child not yet seen this month"
    assert lines == (
        "1 child not yet seen this month",
        "2 case plans or reviews overdue",
        "1 visit note recorded late or overdue (due within 48 hours)",
    )


def test_case_deadlines_placement_rules_visitation_documentation_and_mileage_in_the_caseload():
    the_case = case(removal_date=date(2025, 7, 1), family_support_team_meetings=(date(2025, 7, 2),))
    placements = [
        placement("a", date(2025, 8, 8), id="p1")
    ]  # a Friday: initial visit due Monday 11th
    late_note = dataclasses.replace(
        visit("b", date(2025, 8, 1), method=ContactMethod.PHONE, placement_id="px"),
        recorded_at=None,
    )
    plans = [
        VisitationPlan(
            id="vp1", case_id="c1", frequency=VisitFrequency.WEEKLY, effective_from=date(2025, 7, 1)
        )
    ]
    from .test_compliance_records import trip

    trips = [
        trip("t1", date(2025, 8, 1), "1000", "1040"),
        trip("t2", date(2025, 8, 2), "1500", "1510"),
    ]
    result = caseload_compliance(
        cases=[the_case],
        placements=placements,
        home_visits=[late_note],
        visitation_plans=plans,
        trips=trips,
        as_of=date(2025, 8, 12),
    )
    (child,) = result.children
    assert (
        child.initial_placement_visit.overdue
        and child.provider_contact.state is DeadlineState.PENDING
    )
    (case_result,) = result.cases
    assert case_result.case_plan.overdue and [d.state for d in case_result.family_support_team] == [
        DeadlineState.MET,
        DeadlineState.OVERDUE,
    ]
    c = result.counts
    assert (
        c.case_plans_overdue,
        c.family_support_team_overdue,
        c.initial_placement_visits_overdue,
        c.provider_contacts_outstanding,
    ) == (1, 1, 1, 1)
    assert (c.visitation_plans_behind, c.documentation_late, c.odometer_flags) == (1, 1, 1)
    assert result.fiscal_year == 2025 and len(result.lines) >= 7


def test_children_out_of_care_all_year_and_other_cases_are_left_out():
    placements = [
        placement("a", date(2023, 1, 1), date(2023, 5, 1)),
        placement("z", date(2025, 1, 1), case_id="c9"),
    ]
    result = caseload_compliance(cases=[case()], placements=placements, home_visits=[], as_of=AS_OF)
    assert result.children == () and result.counts.children_in_care == 0


def test_the_team_roll_up_per_caseworker():
    placements, visits, people = _team_of_four()
    other = [placement("e", date(2025, 1, 1), case_id="c2")]
    cases = [
        case(removal_date=date(2025, 1, 1)),
        case(id="c2", primary_worker_id="u2"),
        case(id="c3", primary_worker_id=None),
    ]
    team = team_compliance(
        cases=cases, placements=placements + other, people=people, home_visits=visits, as_of=AS_OF
    )
    assert [r.worker_id for r in team.caseworkers] == ["u1", "u2"]
    u1, u2 = (r.compliance.counts for r in team.caseworkers)
    assert (u1.not_yet_seen_this_month, u2.not_yet_seen_this_month) == (3, 1)
    assert team.totals == u1 + u2 and team.totals.children_in_care == 5
    # e was never visited: 0 of the 5 residence months needed, only August and September left
    assert (
        team.headline
        == "4 children not yet seen this month, 2 at risk of missing in-residence majority"
    )


# --- properties ------------------------------------------------------------------------------------

FIRST = date(2024, 9, 1)
day_in_range = st.integers(min_value=0, max_value=500).map(lambda n: FIRST + timedelta(days=n))
locations = st.sampled_from(
    [LocationType.CHILD_RESIDENCE, LocationType.SCHOOL, LocationType.OFFICE]
)
methods = st.sampled_from(
    [ContactMethod.FACE_TO_FACE, ContactMethod.FACE_TO_FACE, ContactMethod.PHONE]
)


@st.composite
def caseloads(draw):
    children = draw(st.lists(st.sampled_from("abcd"), min_size=1, max_size=4, unique=True))
    placements = []
    for child in children:
        start = draw(day_in_range)
        end = draw(
            st.none()
            | st.integers(min_value=0, max_value=200).map(lambda n, s=start: s + timedelta(days=n))
        )
        placements.append(placement(child, start, end))
    visits = [
        visit(
            draw(st.sampled_from(children)),
            draw(day_in_range),
            location=draw(locations),
            privately=draw(st.booleans()),
            justified=draw(st.booleans()),
            method=draw(methods),
            placement_id=draw(st.sampled_from([p.id for p in placements])),
        )
        for _ in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    return placements, visits, children


def _compliance(placements, visits, as_of):
    return caseload_compliance(
        cases=[case(removal_date=FIRST)], placements=placements, home_visits=visits, as_of=as_of
    )


_STATE_RANK = {
    DeadlineState.MET: 0,
    DeadlineState.MET_LATE: 1,
    DeadlineState.PENDING: 2,
    DeadlineState.DUE_SOON: 2,
    DeadlineState.OVERDUE: 3,
}


@settings(max_examples=60, deadline=None)
@given(caseloads(), st.data())
def test_adding_a_visit_never_lowers_compliance(caseload, data):
    placements, visits, children = caseload
    as_of = data.draw(day_in_range)
    extra = visit(
        data.draw(st.sampled_from(children)),
        data.draw(day_in_range),
        location=data.draw(locations),
        privately=data.draw(st.booleans()),
        method=data.draw(methods),
        placement_id=data.draw(st.sampled_from([p.id for p in placements])),
    )
    before, after = (
        _compliance(placements, visits, as_of),
        _compliance(placements, visits + [extra], as_of),
    )
    assert [c.child_id for c in before.children] == [c.child_id for c in after.children]
    for b, a in zip(before.children, after.children, strict=True):
        for flag in ("seen", "seen_in_residence", "seen_privately"):
            assert getattr(a.this_month, flag) >= getattr(b.this_month, flag)
        assert (
            a.this_month.at_risk <= b.this_month.at_risk
            and a.this_month.missed <= b.this_month.missed
        )
        fb, fa = b.fiscal_year, a.fiscal_year
        assert fa.months_with_residence_visit >= fb.months_with_residence_visit
        assert fa.met >= fb.met and fa.can_still_meet >= fb.can_still_meet
        assert fa.at_risk_of_missing_majority <= fb.at_risk_of_missing_majority
        for name in ("initial_placement_visit", "provider_contact"):
            db, da = getattr(b, name), getattr(a, name)
            if db is not None:
                assert _STATE_RANK[da.state] <= _STATE_RANK[db.state]
    cb, ca = before.counts, after.counts
    for worse in (
        "not_yet_seen_this_month",
        "at_risk_this_month",
        "missed_this_month",
        "at_risk_of_missing_majority",
        "initial_placement_visits_overdue",
        "provider_contacts_outstanding",
    ):
        assert getattr(ca, worse) <= getattr(cb, worse), worse
    assert ca.seen_this_month >= cb.seen_this_month


@settings(max_examples=40, deadline=None)
@given(caseloads(), day_in_range, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_input_order(caseload, as_of, rnd: random.Random):
    placements, visits, _ = caseload
    shuffled_p, shuffled_v = placements[:], visits[:]
    rnd.shuffle(shuffled_p)
    rnd.shuffle(shuffled_v)
    assert _compliance(shuffled_p, shuffled_v, as_of) == _compliance(placements, visits, as_of)


def test_siblings_placed_together_share_the_contact_with_their_provider():
    """A visit records one placement; the resource parent spoken to is the provider of every sibling
    placed in that home (same name and address, spacing and case aside), not of one placed elsewhere."""
    from fieldcase.domain.placements import ProviderKind

    def placed(child: str, name: str, address: str):
        return dataclasses.replace(
            placement(child, date(2025, 1, 1)),
            provider_kind=ProviderKind.RESOURCE_FAMILY,
            provider_name=name,
            address=address,
        )

    placements = [
        placed("a", "The Orbo family", "1 Imaginary Lane"),
        placed("b", "the orbo  family", "1 imaginary lane"),
        placed("c", "The Velt family", "9 Other Road"),
    ]
    people = [
        Person(id=c, case_id="c1", role=PersonRole.CHILD, given_name=c, family_name="Family")
        for c in "abc"
    ]
    seen_all = dataclasses.replace(visit("a", date(2025, 8, 4)), placement_id=placements[0].id)
    result = caseload_compliance(
        cases=[case(removal_date=date(2025, 1, 1))],
        placements=placements,
        people=people,
        home_visits=[seen_all],
        as_of=AS_OF,
    )
    states = {ch.child_id: ch.provider_contact.state for ch in result.children}
    assert states["a"] is DeadlineState.MET and states["b"] is DeadlineState.MET
    assert states["c"] is not DeadlineState.MET
    assert result.counts.provider_contacts_outstanding == 1
