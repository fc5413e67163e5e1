"""The demo caseworker's written plans (server/demo_week.py): a case plan as written with the family, and
a youth's transition plan. Made up; the names in them are the caller's nonsense syllables."""

from __future__ import annotations

from datetime import date, timedelta

from fieldcase.domain.case_plans import (
    CasePlan,
    PlanParticipant,
    PlanService,
    ServiceFor,
    VisitingArrangement,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person
from fieldcase.domain.transition_plans import (
    GoalStatus,
    TransitionArea,
    TransitionGoal,
    TransitionPlan,
)
from fieldcase.domain.transition_plans import PlanParticipant as TransitionParticipant
from fieldcase.server.demo_cases import ShapedCase


def case_plan(c: ShapedCase, written: date, *, worker: str, guardian_ad_litem: str) -> CasePlan:
    """Version 1 as written with the family: its goals are the case's (the agency's record)."""
    parent = c.name(c.parent)
    ends = written + timedelta(days=180)
    services = (
        PlanService(
            description="Parenting classes, 10 evening sessions",
            provider="Synthetic Family Roots Parenting Center",
            responsible=c.parent.id,
            service_for=ServiceFor.PARENT,
            person_id=c.parent.id,
            starts_on=written + timedelta(days=14),
            ends_by=ends,
            court_ordered=True,
        ),
        PlanService(
            description="Substance-use assessment and the treatment it recommends",
            provider="Synthetic New Leaf Recovery",
            responsible=c.parent.id,
            service_for=ServiceFor.PARENT,
            person_id=c.parent.id,
            starts_on=written + timedelta(days=7),
            ends_by=written + timedelta(days=90),
            court_ordered=True,
        ),
        PlanService(
            description="Counseling for the children",
            provider="Synthetic Riverside Behavioral Health",
            responsible=worker,
            service_for=ServiceFor.CHILD,
            starts_on=written + timedelta(days=21),
            ends_by=ends,
            court_ordered=False,
        ),
        PlanService(
            description="Dental and well-child checks",
            provider="Synthetic Valley Clinic",
            responsible=c.resource.id,
            service_for=ServiceFor.RESOURCE_FAMILY,
            starts_on=written,
            ends_by=written + timedelta(days=60),
            court_ordered=False,
        ),
    )
    return CasePlan(
        id=new_id(),
        case_id=c.case.id,
        created_by=worker,
        version=1,
        plan_date=written,
        period_starts=written,
        period_ends=ends,
        written_by=worker,
        child_ids=tuple(k.id for k in c.children),
        family_ids=(c.parent.id,),
        family_notes="Synthetic demo note: a maternal aunt in the next county offers weekend respite.",
        conditions="Synthetic demo note: the children were left alone overnight twice; the parent's substance use was a factor.",
        judicial_determination="Synthetic demo note: the court found reasonable efforts were made to prevent removal.",
        psychological_needs="Synthetic demo note: the older child worries about the parent; counseling recommended.",
        efforts_prevent_removal="Synthetic demo note: in-home services and a safety plan were tried for six weeks.",
        efforts_reunify="Synthetic demo note: weekly supervised family time; referrals for parenting classes and an assessment.",
        efforts_permanency="Synthetic demo note: the aunt was assessed for the concurrent plan.",
        permanency_goal=c.case.permanency_goal,
        concurrent_goal=c.case.concurrent_goal,
        goal_rationale="Synthetic demo note: the parent is engaged in services and attends family time.",
        services=services,
        court_order_requirements="Synthetic demo note: complete a substance-use assessment and follow its recommendations.",
        parent_responsibilities=f"Synthetic demo note: {parent} attends the classes, the assessment and every family visit, and keeps the worker informed of address changes.",
        behaviours_ending_services="Synthetic demo note: three months of clean tests, completed classes and unsupervised visits going well.",
        least_restrictive=True,
        placement_appropriateness="Synthetic demo note: a licensed resource family; the siblings are placed together.",
        proximity_to_parents="Synthetic demo note: twenty minutes by bus from the parent's home.",
        needs_met="Synthetic demo note: the children stay in their school; the resource family takes them to counseling.",
        visiting=(
            VisitingArrangement(
                plan_id=c.plan.id,
                who=f"{parent} with the children",
                frequency=c.plan.frequency,
                duration_minutes=c.plan.duration_minutes,
                location="Family room, Demo Office",
                supervision=c.plan.supervision_level,
                arrangements="The worker drives the children; the aide supervises.",
                documented_by="Family visit entries by the family-time aide",
            ),
        ),
        evaluation="Synthetic demo note: to be evaluated with the family, the resource family and the therapist at the review.",
        evaluation_from=written,
        evaluation_to=ends,
        participants=(
            PlanParticipant(person_id=c.parent.id, role="parent", signed=True, signed_on=written),
            PlanParticipant(
                person_id=c.resource.id, role="resource_parent", signed=True, signed_on=written
            ),
            PlanParticipant(name=guardian_ad_litem, role="guardian_ad_litem", signed=False),
        ),
    )


def transition_plan(
    c: ShapedCase, youth: Person, written: date, *, worker: str, mentor: str
) -> TransitionPlan:
    """The youth's approved transition plan: three goals, one not started."""
    goals = (
        TransitionGoal(
            area=TransitionArea.EDUCATION,
            goal="Finish ninth grade with passing grades",
            steps="Tutoring twice a week",
            who_helps="Synthetic Tutoring Collective",
            by_when=written + timedelta(days=200),
            status=GoalStatus.IN_PROGRESS,
        ),
        TransitionGoal(
            area=TransitionArea.LIFE_SKILLS,
            goal="Open a savings account and keep a monthly budget",
            steps="Life-skills class on money; practise with the allowance",
            who_helps="Resource parent",
            by_when=written + timedelta(days=120),
            status=GoalStatus.NOT_STARTED,
        ),
        TransitionGoal(
            area=TransitionArea.PERMANENT_CONNECTIONS,
            goal="Keep in touch with the aunt",
            steps="A call every Sunday",
            who_helps="The worker",
            by_when=written + timedelta(days=180),
            status=GoalStatus.IN_PROGRESS,
        ),
    )
    return TransitionPlan(
        id=new_id(),
        case_id=c.case.id,
        created_by=worker,
        child_id=youth.id,
        written_on=written,
        review_on=written + timedelta(days=182),
        written_by=worker,
        goals=goals,
        youth_words='Synthetic demo note: "I want to learn to drive and have my own money."',
        participants=(
            TransitionParticipant(person_id=youth.id, role="youth"),
            TransitionParticipant(person_id=c.resource.id, role="resource_parent"),
            TransitionParticipant(name=mentor, role="Mentor"),
        ),
    )
