"""The trip ↔ family visit link on paper: the mileage log says what each trip served, and the family
visitation report lists the trips that served the visit."""

from __future__ import annotations

import dataclasses
from datetime import date

from fieldcase.domain.transport_trips import TripPurpose
from fieldcase.domain.workflow import Status
from fieldcase.reports import (
    MileageLog,
    VisitationReport,
    render_mileage_log,
    render_visitation_report,
)
from fieldcase.reports import specimen as s

from .conftest import text

MARCH = dict(period_start=date(2025, 3, 1), period_end=date(2025, 3, 31))


def test_the_mileage_log_prints_the_family_visit_a_trip_served():
    entry = s.visitation_entry(day=6, entry_id="ve-linked")
    first, second, *rest = s.trips()
    first = dataclasses.replace(first, purpose=TripPurpose.FAMILY_VISIT, linked_record_id=entry.id)
    second = dataclasses.replace(second, linked_record_id="ve-elsewhere")
    got = text(
        render_mileage_log(
            MileageLog(
                driver_id="u-worker", trips=(first, second, *rest), linked=(entry,), **MARCH
            ),
            s.context(),
        )
    )
    assert "For: Family visit of Mar 6, 2025" in got
    assert "For: a linked record not on this laptop" in got


def test_the_visitation_report_lists_its_trips():
    entry = s.visitation_entry(day=6, entry_id="ve-linked")
    there, back, voided = s.trips(3)
    trips = (
        dataclasses.replace(there, linked_record_id=entry.id),
        dataclasses.replace(back, linked_record_id=entry.id),
        dataclasses.replace(voided, linked_record_id=entry.id, status=Status.VOIDED),
    )
    got = text(
        render_visitation_report(
            VisitationReport(entry=entry, plan=s.PLAN, trips=trips), s.context()
        )
    )
    assert "Transport trips" in got
    for trip in trips[:2]:
        assert f"{trip.trip_date:%b} {trip.trip_date.day}, {trip.trip_date.year}, driven by" in got
    assert got.count("driven by") == 2  # a voided trip is not part of the record
