"""Starting a transport trip: today, my car (the vehicle and plate of my last trip), the odometer
where my last trip ended (mileage continuity), and the case's children with the restraint the
law prompts for their age and weight."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole, age_in_years
from fieldcase.domain.restraints import Restraint, recommended_restraint
from fieldcase.domain.transport_trips import Passenger, PassengerKind, TransportTrip, VehicleKind

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store


def last_trip_by(store: Store, *, driver_id: str, limit: int = 200) -> TransportTrip | None:
    """The driver's most recent trip on this laptop (any case)."""
    for trip in store.repository("transport_trip").list(limit=limit):
        if trip.driver_id == driver_id:
            return trip
    return None


def new_trip(
    store: Store, *, case_id: str, driver_id: str, today: date, vehicle: str = "personal"
) -> TransportTrip:
    last = last_trip_by(store, driver_id=driver_id)
    kind = VehicleKind(vehicle)
    plate = None
    odometer = None
    if last is not None:
        kind = last.vehicle_kind or kind
        plate = last.plate
        odometer = last.odometer_end
    passengers = []
    for person in store.repository("person").list(case_id=case_id):
        if person.role is PersonRole.CHILD:
            age = age_in_years(person.date_of_birth, today) if person.date_of_birth else None
            passengers.append(
                Passenger(
                    person_id=person.id,
                    kind=PassengerKind.CHILD,
                    restraint=recommended_restraint(age, None, None),
                )
            )
    return TransportTrip(
        id=new_id(),
        case_id=case_id,
        created_by=driver_id,
        driver_id=driver_id,
        trip_date=today,
        vehicle_kind=kind,
        plate=plate,
        odometer_start=odometer,
        passengers=tuple(passengers),
        claim_period=f"{today:%Y-%m}",
    )


@dataclass(frozen=True)
class RestraintPrompt:
    recommended: Restraint
    chosen: Restraint | None

    @property
    def below_recommendation(self) -> bool:
        return self.chosen is not None and not self.chosen.is_at_least(self.recommended)


def restraint_prompt(
    *,
    date_of_birth: date | None,
    weight_lb: Decimal | None,
    height_in: Decimal | None,
    chosen: Restraint | None,
    on: date,
) -> RestraintPrompt:
    age = age_in_years(date_of_birth, on) if date_of_birth else None
    recommended = recommended_restraint(
        age,
        float(weight_lb) if weight_lb is not None else None,
        float(height_in) if height_in is not None else None,
    )
    return RestraintPrompt(recommended, chosen)
