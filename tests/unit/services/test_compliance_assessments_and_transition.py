"""From the laptop's store: a youth of 14+ without an approved transition plan and an overdue
assessment reach the caseworker's header lines, the team dashboard and the child's drill-down."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from fieldcase.domain.assessments import Assessment, Rating
from fieldcase.domain.ids import new_id
from fieldcase.domain.transition_plans import TransitionPlan
from fieldcase.domain.workflow import Status
from fieldcase.services import compliance
from helpers.services import seed_caseload

TODAY = date(2026, 5, 25)
NOW = datetime(2026, 5, 25, 12, 0, tzinfo=UTC)


def test_a_youth_of_fourteen_without_a_plan_or_an_assessment_is_counted_everywhere(store):
    [family] = seed_caseload(store, families=1)
    youth = store.repository("person").get(family.child_ids[0])
    # 15 on the day; in care since January 2025 (turned 14 in care on 1 March 2025)
    store.save(dataclasses.replace(youth, date_of_birth=date(2011, 3, 1)))
    summary = compliance.caseload_summary(store, today=TODAY)
    assert "1 youth aged 14 or older without an approved transition plan" in summary.lines
    assert "1 assessment overdue" in summary.lines  # the checklist: due 31 March 2025
    board = compliance.team_dashboard(store, today=TODAY, now=NOW)
    assert "1 youth aged 14 or older without an approved transition plan" in board.lines
    drill = compliance.child_drill_down(store, child_id=youth.id, today=TODAY)
    shown = {(line.what, line.words) for line in drill.deadlines}
    assert ("Transition plan (14 and older)", "Overdue") in shown and (
        "Assessment",
        "Overdue",
    ) in shown
    # an approved plan and a submitted assessment answer both
    store.save(
        TransitionPlan(
            id=new_id(),
            case_id=family.case_id,
            status=Status.APPROVED,
            child_id=youth.id,
            written_on=date(2026, 5, 1),
            review_on=date(2026, 11, 1),
        )
    )
    store.save(
        Assessment(
            id=new_id(),
            case_id=family.case_id,
            status=Status.SUBMITTED,
            instrument_id="independent_living_skills",
            instrument_version="1.0",
            child_id=youth.id,
            assessed_on=date(2026, 5, 2),
            ratings=(Rating(item_id="money_budget", rating=1),),
        )
    )
    summary = compliance.caseload_summary(store, today=TODAY)
    assert not any("transition plan" in line or "assessment" in line for line in summary.lines)
    drill = compliance.child_drill_down(store, child_id=youth.id, today=TODAY)
    assert {(line.what, line.due) for line in drill.deadlines} >= {
        ("Transition plan review", date(2026, 11, 1)),
        ("Assessment", date(2026, 10, 29)),
    }


def test_the_case_plan_form_starts_with_the_assessed_needs_of_its_children(store):
    """What the case view's "New case plan" opens (services.case_plans.next_plan): version 1 offered
    the needs once (a later version carries the rows over and is not offered them again)."""
    from fieldcase.services import case_plans

    [family] = seed_caseload(store, families=1)
    child = family.child_ids[0]
    store.save(
        Assessment(
            id=new_id(),
            case_id=family.case_id,
            status=Status.APPROVED,
            instrument_id="independent_living_skills",
            instrument_version="1.0",
            child_id=child,
            assessed_on=date(2026, 5, 2),
            ratings=(
                Rating(item_id="money_budget", rating=3),
                Rating(item_id="money_bank", rating=1),
            ),
        )
    )
    first = case_plans.next_plan(store, case_id=family.case_id, user_id="u1", today=TODAY)
    offered = [s for s in first.services if s.description.startswith("Assessed need:")]
    assert [(s.description, s.person_id) for s in offered] == [
        (
            "Assessed need: Money management — Plans a month's spending against the money coming in (3: Not yet learned)",
            child,
        )
    ]
    # a version carried over from the last one names the need already: it is not offered twice
    again = case_plans.with_assessed_needs(store, first)
    assert again.services == first.services
