"""A trip driving children: the mileage log (IRS four elements) and the custody record of the ride."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .field_record import FieldRecord
from .restraints import Restraint
from .safe_repr import record_repr


class VehicleKind(enum.Enum):
    PERSONAL = "personal"
    AGENCY = "agency"


class TripPurpose(enum.Enum):
    THERAPY = "therapy"
    MEDICAL = "medical"
    DENTAL = "dental"
    COURT = "court"
    FAMILY_VISIT = "family_visit"
    SCHOOL = "school"
    PLACEMENT_MOVE = "placement_move"
    OTHER = "other"


class PassengerKind(enum.Enum):
    # Only children and adults authorised for this case ride along (agency transport policy).
    CHILD = "child"
    AUTHORISED_ADULT = "authorised_adult"


@dataclass(frozen=True, slots=True, kw_only=True)
class Leg:
    origin: str | None = None
    destination: str | None = None
    depart_at: datetime | None = None
    arrive_at: datetime | None = None
    stop_purpose: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Passenger:
    person_id: str
    kind: PassengerKind = PassengerKind.CHILD
    restraint: Restraint | None = None  # what the child actually rode in
    # Recorded so the restraint prompt can be computed and shown in the log.
    weight_lb: Decimal | None = None
    height_in: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Handoff:
    """Custody of a child passing from one adult to another (at pickup, drop-off, court)."""

    child_id: str | None = None
    from_party: str | None = None  # person id or name
    to_party: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MedicationHandover:
    medication: str
    quantity: str | None = None
    handed_to: str | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident:
    at: datetime | None = None
    description: str | None = None
    supervisor_notified_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class TransportTrip(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    driver_id: str | None = None
    trip_date: date | None = None
    vehicle_kind: VehicleKind | None = None
    plate: str | None = None
    # Start is prefilled from the driver's last trip end (mileage integrity: odometer continuity).
    odometer_start: Decimal | None = None
    odometer_end: Decimal | None = None
    legs: tuple[Leg, ...] = ()
    purpose: TripPurpose | None = None
    purpose_detail: str | None = None
    linked_record_id: str | None = None  # the visit, appointment or hearing the trip served
    passengers: tuple[Passenger, ...] = ()
    handoffs: tuple[Handoff, ...] = ()
    medications: tuple[MedicationHandover, ...] = ()
    incidents: tuple[Incident, ...] = ()
    child_statements: str | None = None
    rate_per_mile: Decimal | None = None
    miles_claimed: Decimal | None = None
    commute_deduction_miles: Decimal | None = None
    claim_period: str | None = None  # "YYYY-MM"

    @property
    def odometer_distance(self) -> Decimal | None:
        """Miles driven by the odometer; None until both readings are in and the end is not below
        the start (a half-typed or mistyped reading is a problem beside its field, never "-89.9 mi")."""
        if (
            self.odometer_start is None
            or self.odometer_end is None
            or self.odometer_end < self.odometer_start
        ):
            return None
        return self.odometer_end - self.odometer_start

    @property
    def claimable_miles(self) -> Decimal | None:
        """The most that may be claimed: the odometer distance less the usual commute."""
        distance = self.odometer_distance
        if distance is None:
            return None
        return distance - (self.commute_deduction_miles or Decimal(0))

    @property
    def amount(self) -> Decimal | None:
        """Reimbursement in dollars, rounded to the cent as payroll does."""
        if self.rate_per_mile is None or self.miles_claimed is None:
            return None
        return (self.rate_per_mile * self.miles_claimed).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
