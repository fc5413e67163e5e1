"""When a transport trip is believable (always) and complete enough to submit (IRS mileage log)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .people import age_in_years
from .problems import Problem, blank
from .restraints import Restraint, recommended_restraint
from .rule_pack import DEFAULT_RULES, RulePack
from .transport_trips import Passenger, PassengerKind, TransportTrip, TripPurpose, VehicleKind

_CLAIM_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def transport_trip_problems(trip: TransportTrip, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    add = lambda field, message, **values: found.append(Problem.of(field, message, **values))  # noqa: E731

    for name in (
        "odometer_start",
        "odometer_end",
        "miles_claimed",
        "commute_deduction_miles",
        "rate_per_mile",
    ):
        value = getattr(trip, name)
        if value is not None and value < 0:
            add(name, "Mileage, odometer readings and rates cannot be negative.")
    if (
        trip.odometer_start is not None
        and trip.odometer_end is not None
        and trip.odometer_end < trip.odometer_start
    ):
        add(
            "odometer_end",
            "The ending odometer reading is lower than the starting one; check both readings.",
        )
    claimable = trip.claimable_miles
    if trip.miles_claimed is not None and claimable is not None and trip.miles_claimed > claimable:
        add(
            "miles_claimed",
            "Miles claimed are more than the odometer distance less the commute deduction.",
        )
    for i, leg in enumerate(trip.legs):
        if leg.depart_at and leg.arrive_at and leg.arrive_at < leg.depart_at:
            add(
                f"legs[{i}].arrive_at",
                "Leg {number} arrives before it departs; check the times.",
                number=i + 1,
            )
    for i, incident in enumerate(trip.incidents):
        if (
            incident.at
            and incident.supervisor_notified_at
            and incident.supervisor_notified_at < incident.at
        ):
            add(
                f"incidents[{i}].supervisor_notified_at",
                "Incident {number}: the supervisor was notified before it happened; check the times.",
                number=i + 1,
            )
    riders: set[str] = set()
    for i, passenger in enumerate(trip.passengers):
        if passenger.person_id in riders:
            add(f"passengers[{i}].person_id", "Passenger {number} is listed twice.", number=i + 1)
        riders.add(passenger.person_id)
    if trip.claim_period is not None and not _CLAIM_PERIOD.fullmatch(trip.claim_period):
        add("claim_period", "Write the claim period as year and month, for example 2025-03.")

    if not for_submit:
        return found

    # The IRS four elements of a mileage log (Pub. 463): date, miles, destination, business purpose.
    if trip.trip_date is None:
        add("trip_date", "Enter the date of the trip.")
    if trip.odometer_start is None or trip.odometer_end is None:
        add(
            "odometer_start" if trip.odometer_start is None else "odometer_end",
            "Enter the starting and ending odometer readings.",
        )
    if not any(not blank(leg.destination) for leg in trip.legs):
        add("legs", "Enter where you drove to.")
    if trip.purpose is None:
        add("purpose", "Choose the business purpose of the trip.")
    elif trip.purpose is TripPurpose.OTHER and blank(trip.purpose_detail):
        add("purpose_detail", "Describe the business purpose of the trip.")
    if blank(trip.driver_id):
        add("driver_id", "Say who drove.")
    if trip.vehicle_kind is None:
        add("vehicle_kind", "Say whether you drove a personal or an agency vehicle.")
    elif blank(trip.plate):
        add("plate", "Enter the vehicle's licence plate.")
    children = [p for p in trip.passengers if p.kind is PassengerKind.CHILD]
    for i, passenger in enumerate(children):
        if passenger.restraint is None:
            add(
                "passengers",
                "Record the car seat, booster or belt used by child {number} in the car.",
                number=i + 1,
            )
    for i, incident in enumerate(trip.incidents):
        if blank(incident.description):
            add(f"incidents[{i}].description", "Describe incident {number}.", number=i + 1)
        if incident.supervisor_notified_at is None:
            add(
                f"incidents[{i}].supervisor_notified_at",
                "Incident {number}: enter when your supervisor was notified.",
                number=i + 1,
            )
    for i, handover in enumerate(trip.medications):
        if blank(handover.handed_to):
            add(
                f"medications[{i}].handed_to",
                "Medication {number}: say who received it.",
                number=i + 1,
            )
    if trip.miles_claimed is not None and trip.vehicle_kind is VehicleKind.PERSONAL:
        if trip.rate_per_mile is None:
            add("rate_per_mile", "Enter the mileage rate for the claim.")
        if blank(trip.claim_period):
            add("claim_period", "Choose the claim period.")
    return found


def restraint_prompt(
    passenger: Passenger, *, born: date | None, on: date, rules: RulePack = DEFAULT_RULES
) -> Restraint | None:
    """The restraint to suggest for a passenger on the day of the trip; None for adults."""
    if passenger.kind is not PassengerKind.CHILD:
        return None
    age = age_in_years(born, on) if born is not None else None
    weight = float(passenger.weight_lb) if passenger.weight_lb is not None else None
    height = float(passenger.height_in) if passenger.height_in is not None else None
    return recommended_restraint(age, weight, height, rules=rules)


def odometer_gap(previous_end: Decimal | None, trip: TransportTrip) -> Decimal | None:
    """Miles between the driver's last trip and this one's start (mileage integrity: large gaps are
    flagged for review, never blocked — personal driving in between is normal)."""
    if previous_end is None or trip.odometer_start is None:
        return None
    return trip.odometer_start - previous_end
