"""Mileage integrity: odometer continuity across a driver's trips in one vehicle. Gaps (miles driven
between trips) are normal up to a point and flagged above the rule pack's threshold; overlaps (a trip
starting below the last one's end) are flagged too. Flags are for review, never blocks."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise

from ..rule_pack import DEFAULT_RULES, RulePack
from ..transport_trip_rules import odometer_gap
from ..transport_trips import TransportTrip
from ..workflow import Status


class OdometerFlagKind(enum.Enum):
    GAP = "gap"
    OVERLAP = "overlap"


@dataclass(frozen=True, slots=True, kw_only=True)
class OdometerFlag:
    driver_id: str
    vehicle: str  # the plate, or the vehicle kind when no plate is recorded
    previous_trip_id: str
    trip_id: str
    #: Miles from the previous trip's end to this trip's start (negative for an overlap).
    gap: Decimal
    kind: OdometerFlagKind


def _vehicle(trip: TransportTrip) -> str:
    plate = "".join((trip.plate or "").split()).upper()
    return plate or (trip.vehicle_kind.value if trip.vehicle_kind else "unknown")


def odometer_flags(
    trips: Iterable[TransportTrip], *, rules: RulePack = DEFAULT_RULES
) -> tuple[OdometerFlag, ...]:
    """Flags for every driver and vehicle, in trip order; the result does not depend on input order."""
    by_vehicle: dict[tuple[str, str], list[TransportTrip]] = defaultdict(list)
    for trip in trips:
        if (
            trip.status is Status.VOIDED
            or trip.driver_id is None
            or trip.odometer_start is None
            or trip.odometer_end is None
        ):
            continue
        by_vehicle[(trip.driver_id, _vehicle(trip))].append(trip)
    flags = []
    for (driver, vehicle), group in sorted(by_vehicle.items()):
        group.sort(key=lambda t: (t.trip_date or date.min, t.odometer_start, t.odometer_end, t.id))
        for previous, trip in pairwise(group):
            gap = odometer_gap(previous.odometer_end, trip)
            if gap is None:
                continue
            if gap > rules.odometer_gap_flag_miles:
                kind = OdometerFlagKind.GAP
            elif -gap > rules.odometer_overlap_flag_miles:
                kind = OdometerFlagKind.OVERLAP
            else:
                continue
            flags.append(
                OdometerFlag(
                    driver_id=driver,
                    vehicle=vehicle,
                    previous_trip_id=previous.id,
                    trip_id=trip.id,
                    gap=gap,
                    kind=kind,
                )
            )
    return tuple(flags)
