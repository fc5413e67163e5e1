"""Specimen visits, family time and trips, with the signatures captured at the end of a visit."""

from __future__ import annotations

import struct
import zlib
from datetime import date, datetime, timedelta
from decimal import Decimal

from fieldcase.domain.addenda import Addendum
from fieldcase.domain.attachments import AttachmentKind, AttachmentRef
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    FollowUpTask,
    HomeVisit,
    LocationType,
    Participant,
    Topic,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.restraints import Restraint
from fieldcase.domain.transport_trips import Leg, Passenger, TransportTrip, TripPurpose, VehicleKind
from fieldcase.domain.visitation_entries import (
    Attendance,
    NonOccurrenceReason,
    SupervisionRecommendation,
    VisitationEntry,
    VisitationOutcome,
)
from fieldcase.domain.visitation_plans import SupervisionLevel
from fieldcase.domain.workflow import Status

from ..home_visit_summary import Signature
from .family import (
    ANA,
    CASE_ID,
    FOSTER,
    FOSTER_ADDRESS,
    LUCIA,
    MATEO,
    PLACEMENT,
    PLAN,
    TZ,
    WORKERS,
)


def home_visit(
    *,
    status: Status = Status.APPROVED,
    observations: str | None = None,
    visit_id: str = "hv-1",
    start: datetime | None = None,
) -> HomeVisit:
    start = start or datetime(2025, 3, 4, 15, 0, tzinfo=TZ)
    approved = status is Status.APPROVED
    return HomeVisit(
        id=visit_id,
        case_id=CASE_ID,
        status=status,
        rev=3,
        created_by="u-worker",
        approved_by="u-super" if approved else None,
        approved_at=start + timedelta(days=2) if approved else None,
        addenda=(
            Addendum(
                author="u-worker",
                at=start + timedelta(days=5),
                text="Correction: the dental appointment is on March 12, not March 21.",
                acknowledged_by="u-super",
            ),
        )
        if approved
        else (),
        conducted_by="u-worker",
        recorded_by="u-worker",
        recorded_at=start + timedelta(hours=20),
        contact_start=start,
        contact_end=start + timedelta(minutes=75),
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED,
        location_type=LocationType.CHILD_RESIDENCE,
        address=FOSTER_ADDRESS,
        placement_id=PLACEMENT.id,
        participants=(
            Participant(person_id=FOSTER.id, role="Resource parent"),
            Participant(person_id=LUCIA.id, role="Child"),
            Participant(person_id=MATEO.id, role="Sibling (visiting)"),
            Participant(name="Dr. Ñandú Test-Therapist", role="Therapist", present=False),
        ),
        children=(
            ChildSeen(
                child_id=LUCIA.id,
                seen=True,
                seen_privately=True,
                topics=frozenset(
                    {Topic.SAFETY, Topic.EDUCATION, Topic.HEALTH, Topic.FAMILY_VISITS}
                ),
                present_danger=False,
                safety_narrative="No present danger observed. Smoke detectors tested and working; medications locked.",
                well_being_notes="Lucía is sleeping well and eating with the family. Her reading level improved; she likes her teacher.",
                child_statements="Me gusta mi cuarto. I want to see Mamá more often and show her my drawings.",
            ),
        ),
        observations=observations
        or (
            f"Arrived at {FOSTER_ADDRESS} at 3:00 PM. Lucía met me at the door and showed me her room. "
            "Mateo was also at the home for a sibling visit and the two played together.\n\n"
            "Begoña reported no concerns about school. The child asked about the next visit with her mother."
        ),
        home_conditions="Clean and safe; age-appropriate bed and clothing; working heat.",
        services_status="Weekly therapy ongoing; dental check-up scheduled.",
        caregiver_needs="Respite care one weekend in April.",
        follow_up_tasks=(
            FollowUpTask(
                action="Send the respite request to the licensing worker",
                owner="u-worker",
                due=date(2025, 3, 14),
            ),
            FollowUpTask(
                action="Confirm the dental appointment with the clinic",
                owner=FOSTER.id,
                due=date(2025, 3, 10),
            ),
        ),
        next_visit_planned=date(2025, 4, 2),
        attachments=(
            AttachmentRef(
                sha256="ab" * 32, name="bedroom.jpg", mime="image/jpeg", kind=AttachmentKind.PHOTO
            ),
        ),
    )


def visitation_entry(
    *,
    day: int = 6,
    outcome: VisitationOutcome = VisitationOutcome.OCCURRED,
    status: Status = Status.APPROVED,
    entry_id: str | None = None,
    narrative: str | None = None,
) -> VisitationEntry:
    start = datetime(2025, 3, day, 16, 0, tzinfo=TZ)
    happened = outcome in (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY)
    end = start + (
        timedelta(minutes=80) if outcome is VisitationOutcome.ENDED_EARLY else timedelta(hours=2)
    )
    attendance = (
        (
            Attendance(person_id=ANA.id, arrived_at=start + timedelta(minutes=5), departed_at=end),
            Attendance(person_id=LUCIA.id, arrived_at=start, departed_at=end),
            Attendance(person_id=MATEO.id, arrived_at=start, departed_at=end),
        )
        if happened
        else (
            Attendance(person_id=ANA.id),
            Attendance(person_id=LUCIA.id),
            Attendance(person_id=MATEO.id),
        )
    )
    cancelled = outcome.is_cancellation
    return VisitationEntry(
        id=entry_id or f"ve-{day}",
        case_id=CASE_ID,
        status=status,
        rev=2,
        created_by="u-aide",
        approved_by="u-super" if status is Status.APPROVED else None,
        approved_at=start + timedelta(days=1) if status is Status.APPROVED else None,
        plan_id=PLAN.id,
        child_ids=(LUCIA.id, MATEO.id),
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=2),
        actual_location="Agency family-time room B",
        supervision_level=SupervisionLevel.SUPERVISED,
        supervised_by="u-aide",
        attendance=attendance,
        outcome=outcome,
        reason=None
        if happened and outcome is VisitationOutcome.OCCURRED
        else (
            NonOccurrenceReason.PARENT_ILL
            if cancelled or outcome is VisitationOutcome.PARENT_NO_SHOW
            else NonOccurrenceReason.CHILD_ILL
        ),
        reason_detail=None
        if outcome is VisitationOutcome.OCCURRED
        else "Ana called at noon; she had a fever.",
        cancelled_by=ANA.id if cancelled else None,
        cancelled_at=start - timedelta(hours=4) if cancelled else None,
        greeting_and_departure="Ana greeted both children with a hug; Lucía cried briefly at goodbye and was comforted."
        if happened
        else None,
        activities=narrative
        or (
            "They baked cookies in the family kitchen and read a book in Spanish."
            if happened
            else None
        ),
        meets_childs_needs="Ana brought a snack and changed Mateo's shirt after the spill."
        if happened
        else None,
        interventions_and_response="Reminded Ana once not to discuss the court date; she stopped at once."
        if happened
        else None,
        safety_concerns=None,
        quotes="Lucía: “¿Vienes el martes, mamá?”" if happened else None,
        strengths="Warm, attentive, on time; follows redirection." if happened else None,
        concerns="Ana arrived five minutes late." if happened else None,
        tasks_for_parent="Bring Mateo's inhaler to the next visit.",
        recommendation=SupervisionRecommendation.SAME if happened else None,
        caregiver_handoff_report="Handed back to Begoña at 6:05 PM; both children calm."
        if happened
        else None,
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
    purposes = (
        TripPurpose.FAMILY_VISIT,
        TripPurpose.THERAPY,
        TripPurpose.COURT,
        TripPurpose.SCHOOL,
        TripPurpose.MEDICAL,
        TripPurpose.DENTAL,
    )
    for i in range(n):
        start = odometer + (
            Decimal("37.0") if i == 3 else Decimal("0")
        )  # one gap: personal driving in between
        distance = Decimal(12 + (i * 7) % 30) + Decimal("0.4")
        out.append(
            TransportTrip(
                id=f"tt-{i}",
                case_id=CASE_ID,
                status=status,
                driver_id="u-worker",
                trip_date=date(2025, 3, 3 + i * 4),
                vehicle_kind=VehicleKind.PERSONAL,
                plate="FAKE-123",
                odometer_start=start,
                odometer_end=start + distance,
                legs=(
                    Leg(origin="Agency office", destination=FOSTER_ADDRESS),
                    Leg(origin=FOSTER_ADDRESS, destination=f"Test clinic #{i + 1}, 100 Main St"),
                ),
                purpose=purposes[i % len(purposes)],
                purpose_detail="Pick up Lucía for therapy" if i % 2 else None,
                passengers=(Passenger(person_id=LUCIA.id, restraint=Restraint.BOOSTER),),
                rate_per_mile=Decimal("0.70"),
                miles_claimed=distance - Decimal("2"),
                commute_deduction_miles=Decimal("2"),
                claim_period="2025-03",
            )
        )
        odometer = start + distance
    return tuple(out)


def signatures(visit: HomeVisit | None = None) -> tuple[Signature, ...]:
    """The caseworker's and the resource parent's signatures, captured at the end of the visit."""
    end = (visit or home_visit()).contact_end
    return (
        Signature(
            role="Caseworker", signer=WORKERS["u-worker"], signed_at=end, image=signature_png()
        ),
        Signature(
            role="Resource parent",
            signer=FOSTER.display_name,
            signed_at=end,
            image=signature_png(wavelength=6.0),
        ),
    )


def signature_png(width: int = 240, height: int = 60, *, wavelength: float = 11.0) -> bytes:
    """A scribble as a real PNG (grey-scale), so signature images print without a test file."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            wave = int(
                height / 2
                + (height / 3) * __import__("math").sin(x / wavelength) * (1 - x / (width * 1.4))
            )
            row.append(0 if abs(y - wave) <= 1 else 255)
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
