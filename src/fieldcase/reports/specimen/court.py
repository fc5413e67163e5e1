"""Specimen papers for the court and the family team: the case plan and its review, the hearings, the
court report and the family support team meeting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.domain.case_plans import (
    CasePlan,
    PlanParticipant,
    PlanService,
    Progress,
    ProgressNote,
    ServiceFor,
    VisitingArrangement,
)
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.team_meetings import TeamMeeting
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitFrequency
from fieldcase.domain.workflow import Status

from ..home_visit_summary import Signature
from .family import (
    ABUELA,
    ANA,
    CASE_ID,
    FOSTER,
    FOSTER_ADDRESS,
    JOSE,
    LUCIA,
    MATEO,
    PEOPLE,
    PLACEMENT,
    PLAN,
    TZ,
    WORKERS,
)
from .visits import home_visit, month_of_visits, signature_png


def case_plan(*, status: Status = Status.APPROVED, review: bool = False) -> CasePlan:
    """Lucía's case plan (version 1), or its 6-month review (version 2) when `review`. The foster
    address is typed into a narrative on purpose: court and family copies must scrub it."""

    services = (
        PlanService(
            description="Parenting classes (10 sessions)",
            provider="Test Family Center",
            responsible=ANA.id,
            service_for=ServiceFor.PARENT,
            person_id=ANA.id,
            starts_on=date(2025, 1, 13),
            ends_by=date(2025, 4, 30),
            court_ordered=True,
        ),
        PlanService(
            description="Substance-use assessment and treatment",
            provider="Test Recovery Clinic",
            responsible=ANA.id,
            service_for=ServiceFor.PARENT,
            person_id=ANA.id,
            starts_on=date(2025, 1, 20),
            ends_by=date(2025, 7, 1),
            court_ordered=True,
        ),
        PlanService(
            description="Trauma-focused therapy",
            provider="Dr. Test Therapist",
            responsible="u-worker",
            service_for=ServiceFor.CHILD,
            person_id=LUCIA.id,
            starts_on=date(2025, 1, 27),
            ends_by=date(2025, 12, 31),
            court_ordered=False,
        ),
    )
    plan = CasePlan(
        id="cp-1",
        case_id=CASE_ID,
        status=status,
        rev=3,
        created_by="u-worker",
        written_by="u-worker",
        approved_by="u-super" if status is Status.APPROVED else None,
        approved_at=datetime(2025, 1, 10, 15, 0, tzinfo=TZ) if status is Status.APPROVED else None,
        version=1,
        plan_date=date(2025, 1, 8),
        period_starts=date(2025, 1, 8),
        period_ends=date(2025, 7, 8),
        child_ids=(LUCIA.id,),
        family_ids=(ANA.id, JOSE.id, MATEO.id, ABUELA.id),
        family_notes="Maternal aunt in Test City (not in the case) calls Lucía on Sundays.",
        conditions=f"Lucía was found alone at home for two days; the home had no food. Lucía now lives at {FOSTER_ADDRESS}.",
        judicial_determination="Jurisdiction taken on 2024-12-20 (JV-0000-FAKE-17).",
        psychological_needs="Anxiety at bedtime; nightmares since the removal.",
        efforts_prevent_removal="Intensive in-home services were offered in November; the mother declined.",
        efforts_reunify="Weekly supervised visits; referral to parenting classes and treatment.",
        efforts_permanency="Grandmother assessed as a relative placement resource.",
        permanency_goal=PermanencyGoal.REUNIFICATION,
        concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        goal_rationale="The mother is engaged in services; the grandmother is willing to be a guardian.",
        services=services,
        court_order_requirements="The mother completes a substance-use assessment and follows its recommendations.",
        parent_responsibilities="Attend every class and visit; keep stable housing; random drug screens.",
        behaviours_ending_services="Three months of clean screens, stable housing and safe visits moving to unsupervised.",
        least_restrictive=True,
        placement_appropriateness="A licensed resource home; Lucía keeps her school.",
        proximity_to_parents="About 12 miles from the mother's home; a bus line connects them.",
        needs_met="Same school; therapy nearby; the resource mother speaks Spanish.",
        visiting=(
            VisitingArrangement(
                plan_id=PLAN.id,
                who="Ana Pérez-Núñez with Lucía and Mateo",
                frequency=VisitFrequency.WEEKLY,
                duration_minutes=120,
                location="Agency family-time room B",
                supervision=SupervisionLevel.SUPERVISED,
                arrangements="Pat Aide-Test · Renée Caseworker-Test",
                documented_by="Family visit entries",
            ),
        ),
        evaluation="All parties agree the plan is realistic; the mother asked for evening classes.",
        evaluation_from=date(2025, 1, 8),
        evaluation_to=date(2025, 7, 8),
        participants=(
            PlanParticipant(
                person_id=ANA.id, role="Mother", signed=True, signed_on=date(2025, 1, 8)
            ),
            PlanParticipant(
                person_id=FOSTER.id, role="resource_parent", signed=True, signed_on=date(2025, 1, 8)
            ),
            PlanParticipant(name="Test Guardian ad litem", role="guardian_ad_litem", signed=False),
        ),  # chosen from the list; "Mother" was typed before it
    )
    if not review:
        return plan
    from dataclasses import replace

    return replace(
        plan,
        id="cp-2",
        version=2,
        previous_version_id="cp-1",
        review_of="cp-1",
        plan_date=date(2025, 7, 2),
        period_starts=date(2025, 7, 2),
        period_ends=date(2026, 1, 2),
        approved_at=datetime(2025, 7, 7, 11, 0, tzinfo=TZ) if status is Status.APPROVED else None,
        evaluation_from=date(2025, 1, 8),
        evaluation_to=date(2025, 7, 2),
        progress=(
            ProgressNote(
                item=services[0].description,
                progress=Progress.ACHIEVED,
                notes="Certificate received 2025-04-28.",
            ),
            ProgressNote(
                item=services[1].description,
                progress=Progress.SOME_PROGRESS,
                notes="Two missed screens in May.",
            ),
            ProgressNote(
                item=services[2].description,
                progress=Progress.SUBSTANTIAL_PROGRESS,
                notes="Nightmares are rarer.",
            ),
            ProgressNote(
                item="Reunification",
                is_goal=True,
                progress=Progress.SOME_PROGRESS,
                notes="Visits move to monitored.",
            ),
            ProgressNote(item="Guardianship", is_goal=True, progress=Progress.NOT_STARTED),
        ),
        plan_changes="Visits move from supervised to monitored; treatment extended to 2025-10-01.",
    )


HEARING = Hearing(
    id="hr-2",
    case_id=CASE_ID,
    child_ids=(LUCIA.id,),
    scheduled_at=datetime(2025, 4, 10, 9, 0, tzinfo=TZ),
    court="Boone County Juvenile Court (specimen)",
    hearing_type=HearingType.REVIEW,
)
LAST_HEARING = Hearing(
    id="hr-1",
    case_id=CASE_ID,
    child_ids=(LUCIA.id,),
    scheduled_at=datetime(2025, 1, 9, 9, 0, tzinfo=TZ),
    court=HEARING.court,
    hearing_type=HearingType.DISPOSITION,
    outcome="Disposition entered; review in 90 days.",
)


def court_report(
    *,
    status: Status = Status.APPROVED,
    case_plan: CasePlan | None = None,
    today: date = date(2025, 4, 3),
) -> CourtReport:
    """A court report for the review hearing, composed from the specimen visits; the assessment names
    the resource family's address on purpose: a court copy must withhold it."""
    from fieldcase.domain.court_report_composition import compose_court_report

    visits = (
        home_visit(),
        home_visit(visit_id="hv-2", start=datetime(2025, 2, 5, 15, 0, tzinfo=TZ)),
        home_visit(visit_id="hv-3", start=datetime(2025, 1, 22, 15, 0, tzinfo=TZ)),
    )
    found = compose_court_report(
        HEARING,
        today=today,
        hearings=(LAST_HEARING, HEARING),
        people=PEOPLE.values(),
        placements=(PLACEMENT,),
        plans=(PLAN,),
        home_visits=visits,
        visitation_entries=month_of_visits(),
        case_plan=case_plan,
    )
    approved = status is Status.APPROVED
    assert HEARING.scheduled_at is not None  # the specimen hearing is dated
    return CourtReport(
        id="cr-1",
        case_id=CASE_ID,
        status=status,
        rev=2,
        created_by="u-worker",
        written_by="u-worker",
        approved_by="u-super" if approved else None,
        approved_at=datetime(2025, 4, 4, 10, 0, tzinfo=TZ) if approved else None,
        hearing_id=HEARING.id,
        hearing_on=HEARING.scheduled_at.date(),
        child_ids=found.child_ids,
        period_start=found.period_start,
        period_end=found.period_end,
        composed_at=datetime(2025, 4, 3, 17, 0, tzinfo=TZ),
        sections=found.sections,
        assessment=(
            f"Lucía is stable and thriving in the resource home at {FOSTER_ADDRESS}. She sees her mother weekly; "
            "one visit was cancelled by the family and one ended early.\n\nMateo visits her at the home."
        ),
        recommendations="Continue the placement and supervised weekly family time; review in 90 days.",
    )


def team_meeting(*, status: Status = Status.APPROVED) -> TeamMeeting:
    """The 72-hour family support team meeting, held in the resource home: its place (the family's
    address) is restricted, and the decisions mention it on purpose — court and family copies withhold it."""
    from fieldcase.domain.team_meetings import Attendee, MeetingPurpose, PlanChange, ServiceAgreed

    held = datetime(2024, 9, 3, 16, 0, tzinfo=TZ)
    approved = status is Status.APPROVED
    return TeamMeeting(
        id="tm-1",
        case_id=CASE_ID,
        status=status,
        rev=2,
        created_by="u-worker",
        recorded_by="u-worker",
        approved_by="u-super" if approved else None,
        approved_at=datetime(2024, 9, 4, 9, 30, tzinfo=TZ) if approved else None,
        held_at=held,
        ended_at=held + timedelta(minutes=75),
        place=FOSTER_ADDRESS,
        facilitator="Dana Facilitator-Test",
        purpose=MeetingPurpose.WITHIN_72_HOURS,
        child_ids=(LUCIA.id,),
        attendees=(
            Attendee(person_id=ANA.id, invited=True, present=True, signed=True),
            Attendee(person_id=JOSE.id, invited=True, present=False),
            Attendee(person_id=FOSTER.id, invited=True, present=True, signed=True),
            Attendee(person_id=ABUELA.id, invited=True, present=True, signed=False),
            Attendee(
                name="Sam Advocate-Test",
                organisation="Office of the guardian ad litem (specimen)",
                role="Guardian ad litem",
                invited=True,
                present=True,
                signed=True,
            ),
            Attendee(
                name="Dr. Imaginary Therapist",
                organisation="Riverside Counseling (specimen)",
                role="therapist",
                invited=True,
                present=False,
            ),
        ),
        decisions=(
            f"Lucía stays in the resource home at {FOSTER_ADDRESS}. Family time with her mother weekly, supervised, at the "
            "agency. Her grandmother is assessed as a relative placement."
        ),
        services=(
            ServiceAgreed(
                service="Parenting classes",
                provider="Family Roots (specimen)",
                responsible=ANA.display_name,
                by=date(2024, 10, 15),
            ),
            ServiceAgreed(
                service="Trauma-focused therapy for Lucía",
                provider="Riverside Counseling (specimen)",
                responsible=WORKERS["u-worker"],
                by=date(2024, 9, 20),
            ),
            ServiceAgreed(
                service="Relative home assessment",
                provider="Children's Division",
                responsible=WORKERS["u-worker"],
            ),
        ),
        plan_changes=(
            PlanChange(change="Add parenting classes to the mother's responsibilities."),
            PlanChange(change="Name the grandmother as the concurrent placement resource."),
        ),
        next_meeting_on=date(2024, 9, 30),
        attachments=(
            AttachmentRef(
                sha256="ab" * 32,
                name="Signature - Caseworker - Renée - 2024-09-03 17.15.png",
                mime="image/png",
                kind=AttachmentKind.SIGNATURE,
            ),
        ),
    )


def team_meeting_signatures(meeting: TeamMeeting | None = None) -> tuple[Signature, ...]:
    end = (meeting or team_meeting()).ended_at
    return (
        Signature(
            role="Caseworker", signer=WORKERS["u-worker"], signed_at=end, image=signature_png()
        ),
        Signature(
            role="Parent",
            signer=ANA.display_name,
            signed_at=end,
            image=signature_png(wavelength=7.0),
        ),
    )
