"""The case plan on the laptop (a real SQLCipher store): version 1 pre-filled from the case, drafted
offline and submitted; once approved it is read-only (addenda only) and meets the case-plan clock;
the 6-month review starts version 2 from it; a meeting's proposed changes land in a draft."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fieldcase.domain.case_plans import PlanService, Progress
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.compliance import DeadlineKind
from fieldcase.domain.problems import InvalidRecord
from fieldcase.domain.visitation_plans import VisitFrequency
from fieldcase.domain.workflow import Status, WorkflowError
from fieldcase.services import case_plans, compliance, field_records
from helpers.services import seed_caseload
from helpers.store import USER

TODAY = date(2026, 5, 12)


def _complete(plan):
    return dataclasses.replace(
        plan,
        conditions="Synthetic: neglect, no food in the home.",
        concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        services=(
            PlanService(
                description="Parenting classes",
                provider="Family Center",
                responsible="Parent",
                ends_by=date(2026, 8, 1),
            ),
        ),
        parent_responsibilities="Attend classes.",
        behaviours_ending_services="Stable housing for 3 months.",
        needs_met="Same school.",
        least_restrictive=True,
        proximity_to_parents="10 miles.",
        evaluation_to=date(2026, 11, 12),
    )


def test_version_1_is_pre_filled_from_the_case(store):
    family = seed_caseload(store)[0]
    plan = case_plans.new_plan(store, case_id=family.case_id, user_id=USER, today=TODAY)
    assert (plan.version, plan.plan_date, plan.status) == (1, TODAY, Status.DRAFT)
    assert set(plan.child_ids) == set(family.child_ids) and plan.family_ids == (family.parent_id,)
    assert plan.permanency_goal is PermanencyGoal.REUNIFICATION
    [row] = plan.visiting  # drawn from the case's visitation plan
    assert (row.plan_id, row.frequency, row.duration_minutes, row.location) == (
        family.plan_id,
        VisitFrequency.WEEKLY,
        90,
        "Family room, North office",
    )
    assert "Agency aide" in row.arrangements
    assert {p.person_id for p in plan.participants} == {family.parent_id, family.resource_parent_id}


def test_draft_submit_approve_then_read_only_review_and_clock(store):
    family = seed_caseload(store)[0]
    plan = case_plans.new_plan(store, case_id=family.case_id, user_id=USER, today=TODAY)
    saved = field_records.save_draft(store, record=plan)  # incomplete: saved, problems listed
    assert saved.status is Status.DRAFT and saved.problems
    with pytest.raises(InvalidRecord):
        field_records.submit(store, record_id=plan.id)
    # starting "another" plan opens this one: one version is written at a time
    assert (
        case_plans.next_plan(store, case_id=family.case_id, user_id=USER, today=TODAY).id == plan.id
    )
    saved = field_records.save_draft(store, record=_complete(plan), expected_version=saved.version)
    assert saved.problems == ()
    field_records.submit(store, record_id=plan.id)
    store.command(plan.id, "approve")  # as the server's approval arrives by sync

    # approved: never changed again, addenda only
    with pytest.raises(WorkflowError):
        field_records.save_draft(
            store, record=dataclasses.replace(_complete(plan), conditions="changed")
        )
    field_records.add_addendum(
        store, record_id=plan.id, text="The therapist's name is corrected in the next version."
    )
    approved = store.get(plan.id).to_domain()
    assert (
        approved.conditions == "Synthetic: neglect, no food in the home."
        and len(approved.addenda) == 1
    )

    # the approved plan meets the case plan's clock: the caseload now waits for the review
    data = store.compliance_facts()
    assert [(p.id, p.status) for p in data.case_plans] == [(plan.id, Status.APPROVED)]
    found = compliance._caseload(data, TODAY, compliance.DEFAULT_RULES)
    deadline = found.cases[0].case_plan
    assert (deadline.kind, deadline.due) == (DeadlineKind.CASE_PLAN_REVIEW, date(2026, 11, 12))

    assert (
        case_plans.approved_plan(store, family.case_id).id == plan.id
    )  # the plan in force (a court report's services)
    from fieldcase.services import court_reports

    assert court_reports.case_plan_of(store, family.case_id).id == plan.id

    # the 6-month review: version 2 from version 1, a progress row per service and goal
    review_id = case_plans.start_review(
        store, family.case_id, user_id=USER, today=date(2026, 11, 2)
    )
    v2 = store.get(review_id).to_domain()
    assert (v2.version, v2.previous_version_id, v2.review_of, v2.status) == (
        2,
        plan.id,
        plan.id,
        Status.DRAFT,
    )
    assert [n.item for n in v2.progress] == ["Parenting classes", "Reunification", "Guardianship"]
    assert v2.services == approved.services and v2.addenda == ()
    assert (
        case_plans.start_review(store, family.case_id, user_id=USER, today=date(2026, 11, 3))
        == review_id
    )  # the same draft

    changed = dataclasses.replace(
        v2,
        permanency_goal=PermanencyGoal.ADOPTION,
        concurrent_goal=PermanencyGoal.REUNIFICATION,
        progress=tuple(
            dataclasses.replace(n, progress=Progress.SOME_PROGRESS) for n in v2.progress
        ),
    )
    field_records.save_draft(store, record=changed, expected_version=store.get(review_id).version)
    lines = case_plans.version_lines(store, family.case_id)
    assert [(line.version, line.is_review) for line in lines] == [(2, True), (1, False)]
    assert [c.field for c in lines[0].changes] == ["permanency_goal", "concurrent_goal"]
    assert lines[1].changes == ()
    assert (
        case_plans.approved_plan(store, family.case_id).id == plan.id
    )  # still version 1 until the review is approved


def test_a_meetings_changes_go_into_a_plan_draft(store):
    family = seed_caseload(store)[0]
    first = case_plans.start_draft(
        store,
        family.case_id,
        from_meeting_changes=["Add family therapy", " "],
        user_id=USER,
        today=TODAY,
    )
    plan = store.get(first).to_domain()
    assert (plan.version, plan.plan_changes) == (1, "- Add family therapy")
    # again: the same draft, the new change appended
    assert (
        case_plans.start_draft(
            store,
            family.case_id,
            from_meeting_changes=["Weekly visits become twice weekly"],
            today=TODAY,
        )
        == first
    )
    assert (
        store.get(first).to_domain().plan_changes
        == "- Add family therapy\n- Weekly visits become twice weekly"
    )

    # once it is approved, a meeting's changes start version 2 (not a review)
    field_records.save_draft(
        store,
        record=_complete(store.get(first).to_domain()),
        expected_version=store.get(first).version,
    )
    field_records.submit(store, record_id=first)
    store.command(first, "approve")
    second = case_plans.start_draft(
        store,
        family.case_id,
        from_meeting_changes=["Move to relative home"],
        today=date(2026, 7, 1),
    )
    v2 = store.get(second).to_domain()
    assert (v2.version, v2.previous_version_id, v2.review_of, v2.plan_changes) == (
        2,
        first,
        None,
        "- Move to relative home",
    )


def test_a_long_term_arrangement_for_a_child_under_16_is_not_submitted(store):
    family = seed_caseload(store)[0]  # children born 2016 and 2019
    plan = _complete(case_plans.new_plan(store, case_id=family.case_id, user_id=USER, today=TODAY))
    plan = dataclasses.replace(plan, permanency_goal=PermanencyGoal.APPLA)
    saved = field_records.save_draft(store, record=plan)
    assert [p.field for p in saved.problems] == ["permanency_goal"]
    with pytest.raises(InvalidRecord) as refused:
        field_records.submit(store, record_id=plan.id)
    assert "16" in refused.value.problems[0].message
