"""Specimen documents filled with obviously fake people, for tests, benchmarks, the committed
samples and a print preview with no case open. Every name, address and number here is invented."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from fieldcase.domain.addenda import Addendum
from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.domain.case_plans import CasePlan, PlanParticipant, PlanService, Progress, ProgressNote, ServiceFor, VisitingArrangement
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.home_visits import ChildSeen, ContactMethod, FollowUpTask, HomeVisit, LocationType, Participant, Topic, VisitOutcome, VisitPurpose
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.restraints import Restraint
from fieldcase.domain.team_meetings import TeamMeeting
from fieldcase.domain.transport_trips import Leg, Passenger, TransportTrip, TripPurpose, VehicleKind
from fieldcase.domain.visitation_entries import Attendance, NonOccurrenceReason, SupervisionRecommendation, VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status

from .context import PageSize, PrintContext, Profile
from .home_visit_summary import Signature

CASE_ID = "case-specimen"
TZ = timezone(timedelta(hours=-6))
#: The resource family's address: restricted, must never appear in court or family copies.
FOSTER_ADDRESS = "742 Calle Ficticia, Villa Inventada, MO 65000"
PLACEMENT_ADDRESS = FOSTER_ADDRESS

LUCIA = Person(id="p-lucia", case_id=CASE_ID, role=PersonRole.CHILD, given_name="Lucía", family_name="Pérez-Núñez", date_of_birth=date(2016, 5, 2), languages=("es", "en"))
MATEO = Person(id="p-mateo", case_id=CASE_ID, role=PersonRole.SIBLING, given_name="Mateo", family_name="Pérez-Núñez", date_of_birth=date(2019, 11, 20))
ANA = Person(id="p-ana", case_id=CASE_ID, role=PersonRole.PARENT, given_name="Ana", family_name="Pérez-Núñez", phone="555-0100", address="9 Avenida Ejemplo, Apt. 2")
JOSE = Person(id="p-jose", case_id=CASE_ID, role=PersonRole.PARENT, given_name="José", family_name="Núñez Ibáñez")
FOSTER = Person(id="p-foster", case_id=CASE_ID, role=PersonRole.RESOURCE_PARENT, given_name="Begoña", family_name="Muñoz-Ortíz", phone="555-0199", address=FOSTER_ADDRESS)
ABUELA = Person(id="p-abuela", case_id=CASE_ID, role=PersonRole.RELATIVE, given_name="Concepción", family_name="Íñiguez")

PEOPLE = {p.id: p for p in (LUCIA, MATEO, ANA, JOSE, FOSTER, ABUELA)}
WORKERS = {"u-worker": "Renée Caseworker-Test", "u-super": "Óscar Supervisor-Test", "u-aide": "Pat Aide-Test"}

PLACEMENT = Placement(
    id="pl-1", case_id=CASE_ID, child_id=LUCIA.id, provider_kind=ProviderKind.RESOURCE_FAMILY, provider_name="Muñoz-Ortíz resource home",
    address=PLACEMENT_ADDRESS, placement_type=PlacementType.FOSTER_FAMILY, starts_on=date(2024, 9, 1),
)

PLAN = VisitationPlan(
    id="plan-1", case_id=CASE_ID, participants=(ANA.id, LUCIA.id, MATEO.id), excluded_persons=(JOSE.id,), frequency=VisitFrequency.WEEKLY,
    duration_minutes=120, location_preference="Agency family-time room B", supervision_level=SupervisionLevel.SUPERVISED,
    supervisor="u-aide", transporter="u-worker", backup_plan="Video call the same evening if the room is unavailable.",
    effective_from=date(2024, 10, 1), court_order_reference="JV-0000-FAKE-17",
)

_WORDS = ("the child", "played", "quietly", "with", "blocks", "and", "talked", "about", "school", "friends", "dinner", "homework", "reading", "smiled", "asked", "when", "next", "visit", "would", "happen")


def words(n: int, seed: int = 0) -> str:
    """Deterministic filler prose, numbered so a test can check that every word survived layout."""
    out = []
    for i in range(n):
        out.append(f"{_WORDS[(i * 7 + seed) % len(_WORDS)]}{i}")
        if i % 17 == 16:
            out[-1] += "."
    return " ".join(out) + "."


def context(*, profile: Profile = Profile.INTERNAL, page_size: PageSize = PageSize.LETTER, document_id: str = "DOC-SPECIMEN-0001",
            language: str = "en") -> PrintContext:
    return PrintContext(
        agency_name="Specimen County Children's Division (TEST DATA)",
        case_number="TEST-2025-00042",
        child_initials="L.P.N.",
        printed_by="Renée Caseworker-Test",
        printed_at=datetime(2025, 3, 28, 16, 5, tzinfo=TZ),
        document_id=document_id,
        profile=profile,
        page_size=page_size,
        people=PEOPLE,
        workers=WORKERS,
        language=language,
    )


def home_visit(*, status: Status = Status.APPROVED, observations: str | None = None, visit_id: str = "hv-1", start: datetime | None = None) -> HomeVisit:
    start = start or datetime(2025, 3, 4, 15, 0, tzinfo=TZ)
    approved = status is Status.APPROVED
    return HomeVisit(
        id=visit_id, case_id=CASE_ID, status=status, rev=3, created_by="u-worker",
        approved_by="u-super" if approved else None, approved_at=start + timedelta(days=2) if approved else None,
        addenda=(Addendum(author="u-worker", at=start + timedelta(days=5), text="Correction: the dental appointment is on March 12, not March 21.", acknowledged_by="u-super"),) if approved else (),
        conducted_by="u-worker", recorded_by="u-worker", recorded_at=start + timedelta(hours=20),
        contact_start=start, contact_end=start + timedelta(minutes=75), method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT, outcome=VisitOutcome.COMPLETED, location_type=LocationType.CHILD_RESIDENCE,
        address=FOSTER_ADDRESS, placement_id=PLACEMENT.id,
        participants=(
            Participant(person_id=FOSTER.id, role="Resource parent"),
            Participant(person_id=LUCIA.id, role="Child"),
            Participant(person_id=MATEO.id, role="Sibling (visiting)"),
            Participant(name="Dr. Ñandú Test-Therapist", role="Therapist", present=False),
        ),
        children=(
            ChildSeen(
                child_id=LUCIA.id, seen=True, seen_privately=True,
                topics=frozenset({Topic.SAFETY, Topic.EDUCATION, Topic.HEALTH, Topic.FAMILY_VISITS}), present_danger=False,
                safety_narrative="No present danger observed. Smoke detectors tested and working; medications locked.",
                well_being_notes="Lucía is sleeping well and eating with the family. Her reading level improved; she likes her teacher.",
                child_statements="Me gusta mi cuarto. I want to see Mamá more often and show her my drawings.",
            ),
        ),
        observations=observations or (
            f"Arrived at {FOSTER_ADDRESS} at 3:00 PM. Lucía met me at the door and showed me her room. "
            "Mateo was also at the home for a sibling visit and the two played together.\n\n"
            "Begoña reported no concerns about school. The child asked about the next visit with her mother."
        ),
        home_conditions="Clean and safe; age-appropriate bed and clothing; working heat.",
        services_status="Weekly therapy ongoing; dental check-up scheduled.",
        caregiver_needs="Respite care one weekend in April.",
        follow_up_tasks=(
            FollowUpTask(action="Send the respite request to the licensing worker", owner="u-worker", due=date(2025, 3, 14)),
            FollowUpTask(action="Confirm the dental appointment with the clinic", owner=FOSTER.id, due=date(2025, 3, 10)),
        ),
        next_visit_planned=date(2025, 4, 2),
        attachments=(AttachmentRef(sha256="ab" * 32, name="bedroom.jpg", mime="image/jpeg", kind=AttachmentKind.PHOTO),),
    )


def visitation_entry(*, day: int = 6, outcome: VisitationOutcome = VisitationOutcome.OCCURRED, status: Status = Status.APPROVED, entry_id: str | None = None, narrative: str | None = None) -> VisitationEntry:
    start = datetime(2025, 3, day, 16, 0, tzinfo=TZ)
    happened = outcome in (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY)
    end = start + (timedelta(minutes=80) if outcome is VisitationOutcome.ENDED_EARLY else timedelta(hours=2))
    attendance = (
        Attendance(person_id=ANA.id, arrived_at=start + timedelta(minutes=5), departed_at=end),
        Attendance(person_id=LUCIA.id, arrived_at=start, departed_at=end),
        Attendance(person_id=MATEO.id, arrived_at=start, departed_at=end),
    ) if happened else (Attendance(person_id=ANA.id), Attendance(person_id=LUCIA.id), Attendance(person_id=MATEO.id))
    cancelled = outcome.is_cancellation
    return VisitationEntry(
        id=entry_id or f"ve-{day}", case_id=CASE_ID, status=status, rev=2, created_by="u-aide",
        approved_by="u-super" if status is Status.APPROVED else None,
        approved_at=start + timedelta(days=1) if status is Status.APPROVED else None,
        plan_id=PLAN.id, child_ids=(LUCIA.id, MATEO.id), scheduled_start=start, scheduled_end=start + timedelta(hours=2),
        actual_location="Agency family-time room B", supervision_level=SupervisionLevel.SUPERVISED, supervised_by="u-aide",
        attendance=attendance, outcome=outcome,
        reason=None if happened and outcome is VisitationOutcome.OCCURRED else (NonOccurrenceReason.PARENT_ILL if cancelled or outcome is VisitationOutcome.PARENT_NO_SHOW else NonOccurrenceReason.CHILD_ILL),
        reason_detail=None if outcome is VisitationOutcome.OCCURRED else "Ana called at noon; she had a fever.",
        cancelled_by=ANA.id if cancelled else None, cancelled_at=start - timedelta(hours=4) if cancelled else None,
        greeting_and_departure="Ana greeted both children with a hug; Lucía cried briefly at goodbye and was comforted." if happened else None,
        activities=narrative or ("They baked cookies in the family kitchen and read a book in Spanish." if happened else None),
        meets_childs_needs="Ana brought a snack and changed Mateo's shirt after the spill." if happened else None,
        interventions_and_response="Reminded Ana once not to discuss the court date; she stopped at once." if happened else None,
        safety_concerns=None,
        quotes="Lucía: “¿Vienes el martes, mamá?”" if happened else None,
        strengths="Warm, attentive, on time; follows redirection." if happened else None,
        concerns="Ana arrived five minutes late." if happened else None,
        tasks_for_parent="Bring Mateo's inhaler to the next visit.",
        recommendation=SupervisionRecommendation.SAME if happened else None,
        caregiver_handoff_report="Handed back to Begoña at 6:05 PM; both children calm." if happened else None,
    )


def month_of_visits() -> tuple[VisitationEntry, ...]:
    return (
        visitation_entry(day=6),
        visitation_entry(day=13, outcome=VisitationOutcome.CANCELLED_BY_FAMILY),
        visitation_entry(day=20, outcome=VisitationOutcome.ENDED_EARLY),
        visitation_entry(day=27, outcome=VisitationOutcome.PARENT_NO_SHOW),
    )


def trips(n: int = 6, *, status: Status = Status.APPROVED) -> tuple[TransportTrip, ...]:
    out = []
    odometer = Decimal("48210.4")
    purposes = (TripPurpose.FAMILY_VISIT, TripPurpose.THERAPY, TripPurpose.COURT, TripPurpose.SCHOOL, TripPurpose.MEDICAL, TripPurpose.DENTAL)
    for i in range(n):
        start = odometer + (Decimal("37.0") if i == 3 else Decimal("0"))  # one gap: personal driving in between
        distance = Decimal(12 + (i * 7) % 30) + Decimal("0.4")
        out.append(
            TransportTrip(
                id=f"tt-{i}", case_id=CASE_ID, status=status, driver_id="u-worker", trip_date=date(2025, 3, 3 + i * 4),
                vehicle_kind=VehicleKind.PERSONAL, plate="FAKE-123", odometer_start=start, odometer_end=start + distance,
                legs=(Leg(origin="Agency office", destination=FOSTER_ADDRESS), Leg(origin=FOSTER_ADDRESS, destination=f"Test clinic #{i + 1}, 100 Main St")),
                purpose=purposes[i % len(purposes)], purpose_detail="Pick up Lucía for therapy" if i % 2 else None,
                passengers=(Passenger(person_id=LUCIA.id, restraint=Restraint.BOOSTER),),
                rate_per_mile=Decimal("0.70"), miles_claimed=distance - Decimal("2"), commute_deduction_miles=Decimal("2"), claim_period="2025-03",
            )
        )
        odometer = start + distance
    return tuple(out)


def signatures(visit: HomeVisit | None = None) -> tuple[Signature, ...]:
    """The caseworker's and the resource parent's signatures, captured at the end of the visit."""
    end = (visit or home_visit()).contact_end
    return (
        Signature(role="Caseworker", signer=WORKERS["u-worker"], signed_at=end, image=signature_png()),
        Signature(role="Resource parent", signer=FOSTER.display_name, signed_at=end, image=signature_png(wavelength=6.0)),
    )


def signature_png(width: int = 240, height: int = 60, *, wavelength: float = 11.0) -> bytes:
    """A scribble as a real PNG (grey-scale), so signature images print without a test file."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            wave = int(height / 2 + (height / 3) * __import__("math").sin(x / wavelength) * (1 - x / (width * 1.4)))
            row.append(0 if abs(y - wave) <= 1 else 255)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def case_plan(*, status: Status = Status.APPROVED, review: bool = False) -> CasePlan:
    """Lucía's case plan (version 1), or its 6-month review (version 2) when `review`. The foster
    address is typed into a narrative on purpose: court and family copies must scrub it."""

    services = (
        PlanService(description="Parenting classes (10 sessions)", provider="Test Family Center", responsible=ANA.id, service_for=ServiceFor.PARENT,
                    person_id=ANA.id, starts_on=date(2025, 1, 13), ends_by=date(2025, 4, 30), court_ordered=True),
        PlanService(description="Substance-use assessment and treatment", provider="Test Recovery Clinic", responsible=ANA.id,
                    service_for=ServiceFor.PARENT, person_id=ANA.id, starts_on=date(2025, 1, 20), ends_by=date(2025, 7, 1), court_ordered=True),
        PlanService(description="Trauma-focused therapy", provider="Dr. Test Therapist", responsible="u-worker", service_for=ServiceFor.CHILD,
                    person_id=LUCIA.id, starts_on=date(2025, 1, 27), ends_by=date(2025, 12, 31), court_ordered=False),
    )
    plan = CasePlan(
        id="cp-1", case_id=CASE_ID, status=status, rev=3, created_by="u-worker", written_by="u-worker",
        approved_by="u-super" if status is Status.APPROVED else None,
        approved_at=datetime(2025, 1, 10, 15, 0, tzinfo=TZ) if status is Status.APPROVED else None,
        version=1, plan_date=date(2025, 1, 8), period_starts=date(2025, 1, 8), period_ends=date(2025, 7, 8),
        child_ids=(LUCIA.id,), family_ids=(ANA.id, JOSE.id, MATEO.id, ABUELA.id),
        family_notes="Maternal aunt in Test City (not in the case) calls Lucía on Sundays.",
        conditions=f"Lucía was found alone at home for two days; the home had no food. Lucía now lives at {FOSTER_ADDRESS}.",
        judicial_determination="Jurisdiction taken on 2024-12-20 (JV-0000-FAKE-17).",
        psychological_needs="Anxiety at bedtime; nightmares since the removal.",
        efforts_prevent_removal="Intensive in-home services were offered in November; the mother declined.",
        efforts_reunify="Weekly supervised visits; referral to parenting classes and treatment.",
        efforts_permanency="Grandmother assessed as a relative placement resource.",
        permanency_goal=PermanencyGoal.REUNIFICATION, concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        goal_rationale="The mother is engaged in services; the grandmother is willing to be a guardian.",
        services=services, court_order_requirements="The mother completes a substance-use assessment and follows its recommendations.",
        parent_responsibilities="Attend every class and visit; keep stable housing; random drug screens.",
        behaviours_ending_services="Three months of clean screens, stable housing and safe visits moving to unsupervised.",
        least_restrictive=True, placement_appropriateness="A licensed resource home; Lucía keeps her school.",
        proximity_to_parents="About 12 miles from the mother's home; a bus line connects them.",
        needs_met="Same school; therapy nearby; the resource mother speaks Spanish.",
        visiting=(VisitingArrangement(plan_id=PLAN.id, who="Ana Pérez-Núñez with Lucía and Mateo", frequency=VisitFrequency.WEEKLY,
                                      duration_minutes=120, location="Agency family-time room B", supervision=SupervisionLevel.SUPERVISED,
                                      arrangements="Pat Aide-Test · Renée Caseworker-Test", documented_by="Family visit entries"),),
        evaluation="All parties agree the plan is realistic; the mother asked for evening classes.",
        evaluation_from=date(2025, 1, 8), evaluation_to=date(2025, 7, 8),
        participants=(PlanParticipant(person_id=ANA.id, role="Mother", signed=True, signed_on=date(2025, 1, 8)),
                      PlanParticipant(person_id=FOSTER.id, role="resource_parent", signed=True, signed_on=date(2025, 1, 8)),
                      PlanParticipant(name="Test Guardian ad litem", role="guardian_ad_litem", signed=False)),  # chosen from the list; "Mother" was typed before it
    )
    if not review:
        return plan
    from dataclasses import replace

    return replace(
        plan, id="cp-2", version=2, previous_version_id="cp-1", review_of="cp-1", plan_date=date(2025, 7, 2), period_starts=date(2025, 7, 2),
        period_ends=date(2026, 1, 2), approved_at=datetime(2025, 7, 7, 11, 0, tzinfo=TZ) if status is Status.APPROVED else None,
        evaluation_from=date(2025, 1, 8), evaluation_to=date(2025, 7, 2),
        progress=(ProgressNote(item=services[0].description, progress=Progress.ACHIEVED, notes="Certificate received 2025-04-28."),
                  ProgressNote(item=services[1].description, progress=Progress.SOME_PROGRESS, notes="Two missed screens in May."),
                  ProgressNote(item=services[2].description, progress=Progress.SUBSTANTIAL_PROGRESS, notes="Nightmares are rarer."),
                  ProgressNote(item="Reunification", is_goal=True, progress=Progress.SOME_PROGRESS, notes="Visits move to monitored."),
                  ProgressNote(item="Guardianship", is_goal=True, progress=Progress.NOT_STARTED)),
        plan_changes="Visits move from supervised to monitored; treatment extended to 2025-10-01.",
    )


HEARING = Hearing(id="hr-2", case_id=CASE_ID, child_ids=(LUCIA.id,), scheduled_at=datetime(2025, 4, 10, 9, 0, tzinfo=TZ),
                  court="Boone County Juvenile Court (specimen)", hearing_type=HearingType.REVIEW)
LAST_HEARING = Hearing(id="hr-1", case_id=CASE_ID, child_ids=(LUCIA.id,), scheduled_at=datetime(2025, 1, 9, 9, 0, tzinfo=TZ),
                       court=HEARING.court, hearing_type=HearingType.DISPOSITION, outcome="Disposition entered; review in 90 days.")


def court_report(*, status: Status = Status.APPROVED, case_plan: CasePlan | None = None, today: date = date(2025, 4, 3)) -> CourtReport:
    """A court report for the review hearing, composed from the specimen visits; the assessment names
    the resource family's address on purpose: a court copy must withhold it."""
    from fieldcase.domain.court_report_composition import compose_court_report

    visits = (home_visit(), home_visit(visit_id="hv-2", start=datetime(2025, 2, 5, 15, 0, tzinfo=TZ)),
              home_visit(visit_id="hv-3", start=datetime(2025, 1, 22, 15, 0, tzinfo=TZ)))
    found = compose_court_report(HEARING, today=today, hearings=(LAST_HEARING, HEARING), people=PEOPLE.values(), placements=(PLACEMENT,),
                                 plans=(PLAN,), home_visits=visits, visitation_entries=month_of_visits(), case_plan=case_plan)
    approved = status is Status.APPROVED
    return CourtReport(
        id="cr-1", case_id=CASE_ID, status=status, rev=2, created_by="u-worker", written_by="u-worker",
        approved_by="u-super" if approved else None, approved_at=datetime(2025, 4, 4, 10, 0, tzinfo=TZ) if approved else None,
        hearing_id=HEARING.id, hearing_on=HEARING.scheduled_at.date(), child_ids=found.child_ids, period_start=found.period_start,
        period_end=found.period_end, composed_at=datetime(2025, 4, 3, 17, 0, tzinfo=TZ), sections=found.sections,
        assessment=(f"Lucía is stable and thriving in the resource home at {FOSTER_ADDRESS}. She sees her mother weekly; "
                    "one visit was cancelled by the family and one ended early.\n\nMateo visits her at the home."),
        recommendations="Continue the placement and supervised weekly family time; review in 90 days.",
    )


def team_meeting(*, status: Status = Status.APPROVED) -> TeamMeeting:
    """The 72-hour family support team meeting, held in the resource home: its place (the family's
    address) is restricted, and the decisions mention it on purpose — court and family copies withhold it."""
    from fieldcase.domain.team_meetings import Attendee, MeetingPurpose, PlanChange, ServiceAgreed

    held = datetime(2024, 9, 3, 16, 0, tzinfo=TZ)
    approved = status is Status.APPROVED
    return TeamMeeting(
        id="tm-1", case_id=CASE_ID, status=status, rev=2, created_by="u-worker", recorded_by="u-worker",
        approved_by="u-super" if approved else None, approved_at=datetime(2024, 9, 4, 9, 30, tzinfo=TZ) if approved else None,
        held_at=held, ended_at=held + timedelta(minutes=75), place=FOSTER_ADDRESS, facilitator="Dana Facilitator-Test",
        purpose=MeetingPurpose.WITHIN_72_HOURS, child_ids=(LUCIA.id,),
        attendees=(
            Attendee(person_id=ANA.id, invited=True, present=True, signed=True),
            Attendee(person_id=JOSE.id, invited=True, present=False),
            Attendee(person_id=FOSTER.id, invited=True, present=True, signed=True),
            Attendee(person_id=ABUELA.id, invited=True, present=True, signed=False),
            Attendee(name="Sam Advocate-Test", organisation="Office of the guardian ad litem (specimen)", role="Guardian ad litem",
                     invited=True, present=True, signed=True),
            Attendee(name="Dr. Imaginary Therapist", organisation="Riverside Counseling (specimen)", role="therapist", invited=True,
                     present=False),
        ),
        decisions=(f"Lucía stays in the resource home at {FOSTER_ADDRESS}. Family time with her mother weekly, supervised, at the "
                   "agency. Her grandmother is assessed as a relative placement."),
        services=(
            ServiceAgreed(service="Parenting classes", provider="Family Roots (specimen)", responsible=ANA.display_name, by=date(2024, 10, 15)),
            ServiceAgreed(service="Trauma-focused therapy for Lucía", provider="Riverside Counseling (specimen)", responsible=WORKERS["u-worker"],
                          by=date(2024, 9, 20)),
            ServiceAgreed(service="Relative home assessment", provider="Children's Division", responsible=WORKERS["u-worker"]),
        ),
        plan_changes=(PlanChange(change="Add parenting classes to the mother's responsibilities."),
                      PlanChange(change="Name the grandmother as the concurrent placement resource.")),
        next_meeting_on=date(2024, 9, 30), attachments=(AttachmentRef(sha256="ab" * 32, name="Signature - Caseworker - Renée - 2024-09-03 17.15.png",
                                                                      mime="image/png", kind=AttachmentKind.SIGNATURE),),
    )


def team_meeting_signatures(meeting: TeamMeeting | None = None) -> tuple[Signature, ...]:
    end = (meeting or team_meeting()).ended_at
    return (Signature(role="Caseworker", signer=WORKERS["u-worker"], signed_at=end, image=signature_png()),
            Signature(role="Parent", signer=ANA.display_name, signed_at=end, image=signature_png(wavelength=7.0)))
