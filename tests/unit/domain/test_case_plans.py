"""The case plan (13 CSR 40-30.010): what a draft and a submitted plan need, the 16+ rule for a
long-term arrangement with the care provider, the 30/14-day and 6-month clocks met or missed by
approved plans, a review that starts version 2 from version 1, and what changed between them."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from fieldcase.domain import kinds
from fieldcase.domain.case_plan_rules import (
    FieldChange,
    approved_plan_days,
    changes_between,
    latest_approved,
    latest_version,
    next_version,
    too_young_for_long_term_arrangement,
)
from fieldcase.domain.case_plans import (
    CasePlan,
    PlanParticipant,
    PlanService,
    Progress,
    ProgressNote,
    ServiceFor,
    VisitingArrangement,
)
from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.compliance import (
    DeadlineKind,
    DeadlineState,
    case_plan_deadline,
    case_plan_deadlines,
    caseload_compliance,
)
from fieldcase.domain.metadata import children_of, field_record_kinds, occurred_on, search_text
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitFrequency
from fieldcase.domain.workflow import Status

ON = date(2026, 3, 2)


def complete_plan(**changes) -> CasePlan:
    values = dict(
        id="p1",
        case_id="c1",
        plan_date=date(2026, 3, 2),
        period_starts=date(2026, 3, 2),
        period_ends=date(2026, 9, 1),
        child_ids=("k1",),
        family_ids=("m1",),
        family_notes="Maternal grandmother in Joplin, in contact weekly.",
        conditions="Neglect: no food in the home, child missed 30 days of school.",
        psychological_needs="Anxiety; needs therapy.",
        efforts_prevent_removal="Intensive in-home services for 6 weeks.",
        efforts_reunify="Weekly visits, parenting classes.",
        permanency_goal=PermanencyGoal.REUNIFICATION,
        concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        services=(
            PlanService(
                description="Parenting classes",
                provider="Family Center",
                responsible="m1",
                service_for=ServiceFor.PARENT,
                person_id="m1",
                starts_on=date(2026, 3, 9),
                ends_by=date(2026, 6, 1),
                court_ordered=True,
            ),
            PlanService(
                description="Trauma therapy",
                provider="Dr. Lee",
                responsible="Caseworker",
                service_for=ServiceFor.CHILD,
                person_id="k1",
                starts_on=date(2026, 3, 16),
                ends_by=date(2026, 9, 1),
                court_ordered=False,
            ),
        ),
        court_order_requirements="Mother completes a substance-use assessment.",
        parent_responsibilities="Attend classes; keep housing; attend visits.",
        behaviours_ending_services="Stable housing for 3 months; clean tests.",
        least_restrictive=True,
        placement_appropriateness="Relative home.",
        proximity_to_parents="12 miles from the mother's home.",
        needs_met="Same school; therapy nearby.",
        visiting=(
            VisitingArrangement(
                plan_id="vp1",
                who="Mother with the child",
                frequency=VisitFrequency.WEEKLY,
                duration_minutes=120,
                location="Agency visit room",
                supervision=SupervisionLevel.SUPERVISED,
            ),
        ),
        evaluation="Mother attended 3 of 4 classes.",
        evaluation_from=date(2026, 3, 2),
        evaluation_to=date(2026, 9, 1),
        participants=(
            PlanParticipant(person_id="m1", role="Mother", signed=True, signed_on=date(2026, 3, 2)),
            PlanParticipant(name="A. Guardian", role="Guardian ad litem", signed=False),
        ),
    )
    return CasePlan(**{**values, **changes})


def _child(born: date, case_id: str = "c1", id: str = "k1") -> Person:
    return Person(id=id, case_id=case_id, role=PersonRole.CHILD, date_of_birth=born)


# --- the record -----------------------------------------------------------------------------------


def test_the_case_plan_is_a_field_record_listed_once_and_round_trips():
    assert "case_plan" in field_record_kinds
    assert kinds.noun("case_plan") == "case plan"
    plan = complete_plan()
    assert from_dict("case_plan", to_dict(plan)) == plan
    assert children_of(plan) == ("k1",)
    assert occurred_on(plan) == date(2026, 3, 2)
    assert "Parenting classes" in search_text(plan)
    assert "missed 30 days" in search_text(plan)  # a narrative
    assert "Neglect" not in repr(plan)  # no personal data in logs


def test_a_draft_may_lack_everything_a_submitted_plan_needs_the_regulations_contents():
    empty = CasePlan(id="p1", case_id="c1")
    assert problems(empty, for_submit=False, on=ON) == []
    fields = {p.field for p in problems(empty, for_submit=True, on=ON)}
    assert {
        "plan_date",
        "child_ids",
        "conditions",
        "permanency_goal",
        "concurrent_goal",
        "services",
        "parent_responsibilities",
        "behaviours_ending_services",
        "needs_met",
        "evaluation_from",
        "evaluation_to",
        "participants",
        "least_restrictive",
        "proximity_to_parents",
        "visiting",
    } <= fields
    assert (
        problems(complete_plan(), for_submit=True, on=ON, people=[_child(date(2015, 1, 1))]) == []
    )


def test_a_child_kept_at_home_needs_no_placement_or_visiting_schedule():
    home = complete_plan(
        permanency_goal=PermanencyGoal.MAINTAIN_WITH_PARENTS,
        least_restrictive=None,
        proximity_to_parents=None,
        visiting=(),
    )
    assert problems(home, for_submit=True, on=ON) == []


def test_impossible_values_are_refused_even_in_a_draft():
    plan = complete_plan(
        period_ends=date(2026, 1, 1),
        evaluation_to=date(2026, 1, 1),
        concurrent_goal=PermanencyGoal.REUNIFICATION,
        services=(
            PlanService(
                description="Classes", starts_on=date(2026, 5, 1), ends_by=date(2026, 4, 1)
            ),
        ),
        participants=(PlanParticipant(name="X", signed=False, signed_on=date(2026, 3, 2)),),
    )
    assert [p.field for p in problems(plan, for_submit=False, on=ON)] == [
        "period_ends",
        "evaluation_to",
        "concurrent_goal",
        "services[0].ends_by",
        "participants[0].signed_on",
    ]


def test_each_service_says_what_who_is_responsible_and_by_when():
    plan = complete_plan(services=(PlanService(description=" ", provider="Center"),))
    assert [p.field for p in problems(plan, for_submit=True, on=ON)] == [
        "services[0].description",
        "services[0].responsible",
        "services[0].ends_by",
    ]
    assert (
        problems(plan, for_submit=True, on=ON)[0].message == "Service 1: say what the service is."
    )


# --- the 16+ rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize("goal_field", ["permanency_goal", "concurrent_goal"])
def test_a_long_term_arrangement_is_refused_on_submit_for_a_child_under_16_on_the_plans_date(
    goal_field,
):
    other = "concurrent_goal" if goal_field == "permanency_goal" else "permanency_goal"
    plan = complete_plan(**{goal_field: PermanencyGoal.APPLA, other: PermanencyGoal.ADOPTION})
    youth = _child(date(2010, 3, 3))  # 16 the day after the plan's date
    found = problems(
        plan, for_submit=True, people=[youth], on=date(2026, 4, 1)
    )  # the plan's date counts, not today
    assert [p.field for p in found] == [goal_field]
    assert "16" in found[0].message
    # a draft keeps what was typed during the meeting
    assert problems(plan, for_submit=False, people=[youth], on=ON) == []


def test_a_long_term_arrangement_is_accepted_from_the_16th_birthday():
    plan = complete_plan(
        permanency_goal=PermanencyGoal.APPLA, concurrent_goal=PermanencyGoal.GUARDIANSHIP
    )
    assert problems(plan, for_submit=True, people=[_child(date(2010, 3, 2))], on=ON) == []
    # only the plan's children count: a younger sibling not in this plan does not block it
    sibling = _child(date(2018, 1, 1), id="k2")
    assert not too_young_for_long_term_arrangement(plan, [_child(date(2010, 3, 2)), sibling], on=ON)
    # a plan naming no child is judged on every child of the case; another case's children never count
    unnamed = dataclasses.replace(plan, child_ids=())
    assert too_young_for_long_term_arrangement(unnamed, [_child(date(2010, 3, 2)), sibling], on=ON)
    assert not too_young_for_long_term_arrangement(
        unnamed, [_child(date(2010, 3, 2)), _child(date(2018, 1, 1), "c2", "k9")], on=ON
    )
    # a child whose birth date is not known is not held against the goal
    assert not too_young_for_long_term_arrangement(
        plan, [Person(id="k1", case_id="c1", role=PersonRole.CHILD)], on=ON
    )


# --- the clocks --------------------------------------------------------------------------------------


CUSTODY = Case(
    id="c1",
    removal_date=date(2026, 1, 5),
    custody_date=date(2026, 1, 6),
    referral_date=date(2026, 1, 8),
)


def test_the_initial_plan_is_due_30_days_after_custody_and_met_by_an_approved_plan():
    # no plan: due 5 February (custody 6 January + 30), overdue on the 6th
    open_ = case_plan_deadline(CUSTODY, as_of=date(2026, 2, 6))
    assert (open_.kind, open_.due, open_.state) == (
        DeadlineKind.CASE_PLAN,
        date(2026, 2, 5),
        DeadlineState.OVERDUE,
    )
    # approved on 2 February: the initial plan met on time; the next deadline is the review on 2 August
    series = case_plan_deadlines(CUSTODY, as_of=date(2026, 2, 6), approved_plans=[date(2026, 2, 2)])
    assert [(d.kind, d.due, d.state, d.met_on) for d in series] == [
        (DeadlineKind.CASE_PLAN, date(2026, 2, 5), DeadlineState.MET, date(2026, 2, 2)),
        (DeadlineKind.CASE_PLAN_REVIEW, date(2026, 8, 2), DeadlineState.PENDING, None),
    ]
    assert case_plan_deadline(
        CUSTODY, as_of=date(2026, 2, 6), approved_plans=[date(2026, 2, 2)]
    ).due == date(2026, 8, 2)


def test_a_late_plan_meets_the_initial_deadline_late():
    series = case_plan_deadlines(
        CUSTODY, as_of=date(2026, 3, 1), approved_plans=[date(2026, 2, 20)]
    )
    assert series[0].state is DeadlineState.MET_LATE and series[0].met_on == date(2026, 2, 20)


def test_contracted_case_management_has_14_days_from_referral():
    found = case_plan_deadline(CUSTODY, as_of=date(2026, 1, 23), contracted=True)
    assert (found.due, found.state) == (date(2026, 1, 22), DeadlineState.OVERDUE)
    met = case_plan_deadlines(
        CUSTODY, as_of=date(2026, 1, 23), contracted=True, approved_plans=[date(2026, 1, 21)]
    )
    assert met[0].state is DeadlineState.MET


def test_reviews_every_6_months_met_or_missed():
    plans = [
        date(2026, 2, 2),
        date(2026, 8, 1),
        date(2027, 3, 1),
    ]  # second on time, third a month late
    series = case_plan_deadlines(CUSTODY, as_of=date(2027, 3, 5), approved_plans=plans)
    assert [(d.kind, d.due, d.state) for d in series] == [
        (DeadlineKind.CASE_PLAN, date(2026, 2, 5), DeadlineState.MET),
        (DeadlineKind.CASE_PLAN_REVIEW, date(2026, 8, 2), DeadlineState.MET),
        (DeadlineKind.CASE_PLAN_REVIEW, date(2027, 2, 1), DeadlineState.MET_LATE),
        (DeadlineKind.CASE_PLAN_REVIEW, date(2027, 9, 1), DeadlineState.PENDING),
    ]
    # without the third, the review due 1 February 2027 is overdue
    assert (
        case_plan_deadline(CUSTODY, as_of=date(2027, 3, 5), approved_plans=plans[:2]).state
        is DeadlineState.OVERDUE
    )


def test_only_approved_plans_meet_the_clock_in_the_caseload():
    draft = complete_plan(case_id="c1", plan_date=date(2026, 2, 2))
    returned = dataclasses.replace(draft, id="p2", status=Status.RETURNED)
    approved = dataclasses.replace(draft, id="p3", status=Status.APPROVED)
    other_case = dataclasses.replace(draft, id="p4", case_id="c2", status=Status.APPROVED)
    assert approved_plan_days([draft, returned, approved, other_case]) == (
        date(2026, 2, 2),
        date(2026, 2, 2),
    )

    def line(plans):
        found = caseload_compliance(cases=[CUSTODY], as_of=date(2026, 2, 10), case_plans=plans)
        return found.cases[0].case_plan, found.counts.case_plans_overdue

    plan, overdue = line([draft, returned, other_case])
    assert (plan.kind, plan.state, overdue) == (DeadlineKind.CASE_PLAN, DeadlineState.OVERDUE, 1)
    plan, overdue = line([draft, returned, approved])
    assert (plan.kind, plan.due, plan.state, overdue) == (
        DeadlineKind.CASE_PLAN_REVIEW,
        date(2026, 8, 2),
        DeadlineState.PENDING,
        0,
    )


def test_the_agencys_last_review_still_counts_as_a_plan_on_record():
    case = dataclasses.replace(CUSTODY, last_case_plan_review=date(2026, 2, 1))
    assert case_plan_deadline(case, as_of=date(2026, 3, 1)).due == date(2026, 8, 1)
    assert case_plan_deadline(
        case, as_of=date(2026, 3, 1), approved_plans=[date(2026, 7, 20)]
    ).due == date(2027, 1, 20)


# --- versions ----------------------------------------------------------------------------------------


def test_a_review_starts_version_2_from_version_1():
    v1 = complete_plan(status=Status.APPROVED)
    v2 = next_version(v1, new_id="p2", on=date(2026, 8, 20), review=True, author="u1")
    assert (v2.version, v2.previous_version_id, v2.review_of, v2.status) == (
        2,
        "p1",
        "p1",
        Status.DRAFT,
    )
    assert (v2.plan_date, v2.period_starts, v2.period_ends, v2.evaluation_from) == (
        date(2026, 8, 20),
        date(2026, 8, 20),
        None,
        date(2026, 9, 1),
    )
    # the content carries over; the workflow, the signatures and the evaluation do not
    assert (v2.services, v2.conditions, v2.permanency_goal, v2.visiting) == (
        v1.services,
        v1.conditions,
        v1.permanency_goal,
        v1.visiting,
    )
    assert v2.approved_by is None and v2.evaluation is None and v2.addenda == ()
    assert [(p.person_id, p.name, p.signed) for p in v2.participants] == [
        ("m1", None, None),
        (None, "A. Guardian", None),
    ]
    # one progress row per service and per goal of version 1, to rate
    assert [(n.item, n.is_goal, n.progress) for n in v2.progress] == [
        ("Parenting classes", False, None),
        ("Trauma therapy", False, None),
        ("Reunification", True, None),
        ("Guardianship", True, None),
    ]
    fields = [p.field for p in problems(v2, for_submit=True, on=date(2026, 8, 20))]
    assert (
        "evaluation_to" in fields
        and "progress[0].progress" in fields
        and "progress[3].progress" in fields
    )
    rated = dataclasses.replace(
        v2,
        progress=tuple(
            dataclasses.replace(n, progress=Progress.SOME_PROGRESS) for n in v2.progress
        ),
        evaluation_to=date(2027, 2, 20),
        participants=v1.participants,
    )
    assert problems(rated, for_submit=True, on=date(2026, 8, 20)) == []
    assert [
        p.field
        for p in problems(
            dataclasses.replace(rated, progress=()), for_submit=True, on=date(2026, 8, 20)
        )
    ] == ["progress"]


def test_a_review_is_version_2_or_later():
    assert [
        p.field for p in problems(complete_plan(review_of="p0", version=1), for_submit=False, on=ON)
    ] == ["version"]


def test_the_latest_version_and_the_latest_approved():
    v1 = complete_plan(status=Status.APPROVED)
    v2 = dataclasses.replace(v1, id="p2", version=2, status=Status.DRAFT)
    v3 = dataclasses.replace(v1, id="p3", version=3, status=Status.VOIDED)
    assert latest_version([v1, v2, v3]).id == "p2"
    assert latest_approved([v1, v2, v3]).id == "p1"
    assert latest_version([]) is None


def test_what_changed_between_versions_in_the_caseworkers_words():
    v1 = complete_plan(status=Status.APPROVED)
    v2 = dataclasses.replace(
        next_version(v1, new_id="p2", on=date(2026, 8, 20), review=True),
        permanency_goal=PermanencyGoal.ADOPTION,
        concurrent_goal=PermanencyGoal.REUNIFICATION,
        services=(
            v1.services[1],
            PlanService(description="Drug testing", provider="Lab", ends_by=date(2026, 12, 1)),
        ),
        least_restrictive=False,
    )
    assert changes_between(v1, v2) == (
        FieldChange("permanency_goal", before="Reunification", after="Adoption"),
        FieldChange("concurrent_goal", before="Guardianship", after="Reunification"),
        FieldChange(
            "services",
            added=("Drug testing — Lab — by 2026-12-01",),
            removed=("Parenting classes — Family Center — by 2026-06-01",),
        ),
        FieldChange("least_restrictive", before="Yes", after="No"),
    )
    assert (
        changes_between(v1, next_version(v1, new_id="p2", on=date(2026, 8, 20), review=True)) == ()
    )


def test_progress_notes_round_trip():
    plan = complete_plan(
        version=2,
        review_of="p0",
        progress=(
            ProgressNote(item="Parenting classes", progress=Progress.ACHIEVED, notes="Done"),
        ),
    )
    assert from_dict("case_plan", to_dict(plan)) == plan


def test_the_court_report_reads_the_approved_plans_services_with_the_reviews_progress():
    from fieldcase.domain.court_report_composition import services_of_plan

    v1 = complete_plan(status=Status.APPROVED)
    services, goals = services_of_plan(v1)
    assert [
        (s.service, s.provider, s.responsible, s.starts_on, s.ends_by, s.progress) for s in services
    ] == [
        ("Parenting classes", "Family Center", "m1", date(2026, 3, 9), date(2026, 6, 1), None),
        ("Trauma therapy", "Dr. Lee", "Caseworker", date(2026, 3, 16), date(2026, 9, 1), None),
    ]
    assert goals == ()
    v2 = next_version(v1, new_id="p2", on=date(2026, 8, 20), review=True)
    v2 = dataclasses.replace(
        v2,
        progress=(
            ProgressNote(
                item="Parenting classes", progress=Progress.ACHIEVED, notes="Certificate."
            ),
            ProgressNote(item="Reunification", is_goal=True, progress=Progress.SOME_PROGRESS),
        ),
    )
    services, goals = services_of_plan(v2)
    assert [(s.progress, s.progress_notes) for s in services] == [
        (Progress.ACHIEVED, "Certificate."),
        (None, None),
    ]
    assert [(g.goal, g.progress) for g in goals] == [("Reunification", Progress.SOME_PROGRESS)]


def test_the_week_ahead_shows_the_plan_due_until_an_approved_plan_meets_it():
    from fieldcase.domain.agenda import AgendaSources, case_deadlines

    today = date(2026, 2, 2)  # custody 6 January: the plan is due 5 February, within the week

    def titles(plans):
        return [
            (i.title, i.due)
            for i in case_deadlines(
                AgendaSources(today=today, records={"case": [CUSTODY], "case_plan": plans})
            )
            if i.title.startswith("Case plan")
        ]

    draft = complete_plan(plan_date=date(2026, 1, 30))
    assert titles([draft]) == [("Case plan due", date(2026, 2, 5))]
    assert (
        titles([dataclasses.replace(draft, status=Status.APPROVED)]) == []
    )  # the review is due in July, beyond the week
