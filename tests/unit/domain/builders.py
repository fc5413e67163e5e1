"""Complete, submittable records to start each rule test from; a test changes one thing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    Topic,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.restraints import Restraint
from fieldcase.domain.transport_trips import Leg, Passenger, TransportTrip, TripPurpose, VehicleKind
from fieldcase.domain.visitation_entries import (
    Attendance,
    SupervisionRecommendation,
    VisitationEntry,
    VisitationOutcome,
)
from fieldcase.domain.visitation_plans import SupervisionLevel

CENTRAL = timezone(timedelta(hours=-6))
START = datetime(2025, 3, 4, 15, 0, tzinfo=CENTRAL)


def complete_home_visit(**changes) -> HomeVisit:
    fields = dict(
        id="v1",
        case_id="c1",
        conducted_by="u1",
        recorded_by="u1",
        recorded_at=START + timedelta(hours=3),
        contact_start=START,
        contact_end=START + timedelta(hours=1),
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED,
        location_type=LocationType.CHILD_RESIDENCE,
        observations="Synthetic note: the child showed the new bedroom.",
        children=(
            ChildSeen(
                child_id="child-a",
                seen=True,
                seen_privately=True,
                topics=frozenset({Topic.SAFETY, Topic.EDUCATION}),
                present_danger=False,
            ),
        ),
    )
    fields.update(changes)
    return HomeVisit(**fields)


def complete_visitation_entry(**changes) -> VisitationEntry:
    fields = dict(
        id="e1",
        case_id="c1",
        plan_id="p1",
        child_ids=("child-a",),
        scheduled_start=START,
        scheduled_end=START + timedelta(hours=2),
        supervision_level=SupervisionLevel.SUPERVISED,
        supervised_by="u2",
        attendance=(
            Attendance(
                person_id="mother", arrived_at=START, departed_at=START + timedelta(hours=2)
            ),
        ),
        outcome=VisitationOutcome.OCCURRED,
        activities="Played a board game.",
        recommendation=SupervisionRecommendation.SAME,
    )
    fields.update(changes)
    return VisitationEntry(**fields)


def complete_trip(**changes) -> TransportTrip:
    fields = dict(
        id="t1",
        case_id="c1",
        driver_id="u1",
        trip_date=date(2025, 3, 4),
        vehicle_kind=VehicleKind.PERSONAL,
        plate="ABC123",
        odometer_start=Decimal("10000.0"),
        odometer_end=Decimal("10042.5"),
        legs=(Leg(origin="Office", destination="Clinic"),),
        purpose=TripPurpose.THERAPY,
        passengers=(Passenger(person_id="child-a", restraint=Restraint.BOOSTER),),
        rate_per_mile=Decimal("0.70"),
        miles_claimed=Decimal("30.5"),
        commute_deduction_miles=Decimal("12"),
        claim_period="2025-03",
    )
    fields.update(changes)
    return TransportTrip(**fields)
