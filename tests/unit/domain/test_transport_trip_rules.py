import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from fieldcase.domain.restraints import Restraint, recommended_restraint
from fieldcase.domain.transport_trip_rules import odometer_gap, restraint_prompt
from fieldcase.domain.transport_trips import (
    Incident,
    Leg,
    MedicationHandover,
    Passenger,
    PassengerKind,
    TransportTrip,
    TripPurpose,
    VehicleKind,
)
from fieldcase.domain.validation import problems

from .builders import START, complete_trip


def fields(found):
    return [p.field for p in found]


def test_the_complete_trip_has_no_problems_and_computes_its_amount():
    trip = complete_trip()
    assert problems(trip, for_submit=True) == []
    assert trip.odometer_distance == Decimal("42.5")
    assert trip.claimable_miles == Decimal("30.5")
    assert trip.amount == Decimal("21.35")


def test_odometer_end_below_start_is_refused_even_in_a_draft():
    trip = TransportTrip(
        id="t", case_id="c", odometer_start=Decimal("100"), odometer_end=Decimal("99.9")
    )
    assert fields(problems(trip, for_submit=False)) == ["odometer_end"]
    assert problems(dataclasses.replace(trip, odometer_end=Decimal("100")), for_submit=False) == []


def test_miles_claimed_may_not_exceed_distance_less_commute():
    assert fields(problems(complete_trip(miles_claimed=Decimal("30.6")), for_submit=False)) == [
        "miles_claimed"
    ]
    assert (
        problems(
            complete_trip(miles_claimed=Decimal("42.5"), commute_deduction_miles=None),
            for_submit=False,
        )
        == []
    )


def test_negative_values_are_refused():
    assert fields(problems(complete_trip(rate_per_mile=Decimal("-0.1")), for_submit=False)) == [
        "rate_per_mile"
    ]


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"trip_date": None}, "trip_date"),
        ({"odometer_end": None, "miles_claimed": None}, "odometer_end"),
        ({"legs": (Leg(origin="Office"),)}, "legs"),
        ({"purpose": None}, "purpose"),
        ({"purpose": TripPurpose.OTHER}, "purpose_detail"),
    ],
)
def test_the_irs_four_elements_are_required_at_submit(changes, field):
    trip = complete_trip(**changes)
    assert problems(trip, for_submit=False) == []
    assert fields(problems(trip, for_submit=True)) == [field]


def test_every_child_needs_a_restraint_recorded_but_adults_do_not():
    trip = complete_trip(
        passengers=(
            Passenger(person_id="child-a"),
            Passenger(person_id="aunt", kind=PassengerKind.AUTHORISED_ADULT),
        )
    )
    found = problems(trip, for_submit=True)
    assert fields(found) == ["passengers"]
    assert "child 1" in found[0].message


def test_incidents_need_a_description_and_the_supervisor_notification_time():
    trip = complete_trip(incidents=(Incident(at=START),))
    assert fields(problems(trip, for_submit=True)) == [
        "incidents[0].description",
        "incidents[0].supervisor_notified_at",
    ]
    early = complete_trip(
        incidents=(
            Incident(at=START, description="x", supervisor_notified_at=START.replace(hour=14)),
        )
    )
    assert fields(problems(early, for_submit=False)) == ["incidents[0].supervisor_notified_at"]


def test_medication_handed_over_says_to_whom_and_vehicle_plate_is_needed():
    trip = complete_trip(medications=(MedicationHandover(medication="inhaler"),), plate="")
    assert fields(problems(trip, for_submit=True)) == ["plate", "medications[0].handed_to"]


def test_a_personal_mileage_claim_needs_rate_and_period():
    trip = complete_trip(rate_per_mile=None, claim_period=None)
    assert fields(problems(trip, for_submit=True)) == ["rate_per_mile", "claim_period"]
    assert (
        problems(dataclasses.replace(trip, vehicle_kind=VehicleKind.AGENCY), for_submit=True) == []
    )


def test_claim_period_is_a_year_and_month():
    assert fields(problems(complete_trip(claim_period="March"), for_submit=False)) == [
        "claim_period"
    ]
    assert fields(problems(complete_trip(claim_period="2025-13"), for_submit=False)) == [
        "claim_period"
    ]


@pytest.mark.parametrize(
    "age,weight,height,expected",
    [
        (1, 20, 30, Restraint.REAR_FACING),
        (3, 45, 40, Restraint.FORWARD_FACING),  # under 4 years: a car seat whatever the weight
        (4, 39.9, 40, Restraint.FORWARD_FACING),  # under 40 lb: a car seat whatever the age
        (4, 40, 40, Restraint.BOOSTER),  # 4 years and 40 lb: booster
        (8, 79.9, 56.9, Restraint.BOOSTER),
        (8, 80, 50, Restraint.BELT),  # 80 lb ends the booster
        (8, 60, 57, Restraint.BELT),  # so does 4'9"
        (12, None, 60, Restraint.FORWARD_FACING),  # unknown weight: the protective answer
        (None, 90, 60, Restraint.REAR_FACING),
        (8, 60, None, Restraint.BOOSTER),
    ],
)
def test_missouri_restraint_prompt_at_its_boundaries(age, weight, height, expected):
    assert recommended_restraint(age, weight, height) is expected


def test_restraint_prompt_uses_the_childs_age_on_the_trip_day():
    child = Passenger(person_id="c", weight_lb=Decimal("45"), height_in=Decimal("44"))
    assert (
        restraint_prompt(child, born=date(2021, 3, 5), on=date(2025, 3, 4))
        is Restraint.FORWARD_FACING
    )
    assert restraint_prompt(child, born=date(2021, 3, 4), on=date(2025, 3, 4)) is Restraint.BOOSTER
    assert (
        restraint_prompt(
            Passenger(person_id="a", kind=PassengerKind.AUTHORISED_ADULT),
            born=None,
            on=date(2025, 3, 4),
        )
        is None
    )


def test_restraint_order():
    assert Restraint.REAR_FACING.is_at_least(Restraint.BOOSTER)
    assert not Restraint.BELT.is_at_least(Restraint.BOOSTER)


def test_odometer_gap_since_the_last_trip():
    assert odometer_gap(Decimal("9990.0"), complete_trip()) == Decimal("10.0")
    assert odometer_gap(None, complete_trip()) is None


def test_no_distance_until_both_readings_make_sense():
    # issue 22 item 11: a draft trip showed "-89.9 mi" in the timeline
    draft = TransportTrip(
        id="t", case_id="c", odometer_start=Decimal("45012.4"), odometer_end=Decimal("44922.5")
    )
    assert draft.odometer_distance is None and draft.claimable_miles is None
    assert dataclasses.replace(draft, odometer_end=None).odometer_distance is None
    assert dataclasses.replace(draft, odometer_end=Decimal("45030.4")).odometer_distance == Decimal(
        "18.0"
    )
