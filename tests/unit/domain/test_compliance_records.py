"""Visitation plan adherence, documentation timeliness and odometer continuity."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldcase.domain.compliance import (
    Month,
    OdometerFlagKind,
    documentation_timeliness,
    late_documentation,
    odometer_flags,
    planned_visits,
    visitation_adherence,
)
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.transport_trips import VehicleKind
from fieldcase.domain.visitation_entries import VisitationOutcome as O
from fieldcase.domain.visitation_plans import VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status

from .builders import complete_trip, complete_visitation_entry
from .test_compliance_support import at, visit

# --- visitation -------------------------------------------------------------------------------------


def plan(frequency=VisitFrequency.WEEKLY, effective_from=date(2025, 3, 1), **changes):
    return VisitationPlan(
        id="p1", case_id="c1", frequency=frequency, effective_from=effective_from, **changes
    )


_entry_ids = itertools.count(1)


def entry(day, outcome=O.OCCURRED, **changes):
    start = at(day, 15)
    return complete_visitation_entry(
        id=f"e{next(_entry_ids)}",
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=2),
        outcome=outcome,
        **changes,
    )


@pytest.mark.parametrize(
    "frequency,start,end,planned",
    [
        (VisitFrequency.WEEKLY, date(2025, 3, 1), date(2025, 3, 31), 4),
        (VisitFrequency.WEEKLY, date(2025, 3, 1), date(2025, 3, 6), 0),
        (VisitFrequency.TWICE_WEEKLY, date(2025, 3, 1), date(2025, 3, 14), 4),
        (VisitFrequency.BIWEEKLY, date(2025, 3, 1), date(2025, 3, 31), 2),
        (VisitFrequency.MONTHLY, date(2025, 1, 15), date(2025, 4, 20), 2),
        (VisitFrequency.MONTHLY, date(2024, 2, 1), date(2024, 2, 29), 1),
        (VisitFrequency.OTHER, date(2025, 3, 1), date(2025, 3, 31), None),
        (None, date(2025, 3, 1), date(2025, 3, 31), None),
    ],
)
def test_planned_visits_from_the_frequency(frequency, start, end, planned):
    assert planned_visits(frequency, start, end) == planned


def test_planned_against_occurred_with_cancellations_by_party_and_no_shows():
    entries = [
        entry(date(2025, 3, 4)),
        entry(date(2025, 3, 11), O.ENDED_EARLY),
        entry(date(2025, 3, 18), O.CANCELLED_BY_FAMILY),
        entry(date(2025, 3, 19), O.CANCELLED_BY_AGENCY),
        entry(date(2025, 3, 20), O.CANCELLED_BY_PROVIDER),
        entry(date(2025, 3, 25), O.PARENT_NO_SHOW),
        entry(date(2025, 3, 26), O.CHILD_REFUSED),
        entry(date(2025, 3, 27), O.RESCHEDULED),
        entry(date(2025, 3, 28), None),
    ]
    a = visitation_adherence(plan(), entries=entries, as_of=date(2025, 3, 31))
    assert (a.period_start, a.period_end, a.planned, a.occurred, a.ended_early, a.shortfall) == (
        date(2025, 3, 1),
        date(2025, 3, 31),
        4,
        2,
        1,
        2,
    )
    assert (
        a.cancelled_by_family,
        a.cancelled_by_agency,
        a.cancelled_by_provider,
        a.rescheduled,
        a.cancellations,
    ) == (1, 1, 1, 1, 4)
    assert (a.parent_no_shows, a.child_refused, a.child_unable, a.outcome_not_recorded) == (
        1,
        1,
        0,
        1,
    )
    assert a.below_plan and a.months_below_minimum == ()


def test_a_plan_kept_is_not_behind_and_other_plans_or_voided_entries_do_not_count():
    weekly = [entry(date(2025, 3, d)) for d in (4, 11, 18, 25)]
    assert not visitation_adherence(plan(), entries=weekly, as_of=date(2025, 3, 31)).below_plan
    noise = [
        entry(date(2025, 3, 5), plan_id="p2"),
        entry(date(2025, 3, 6), status=Status.VOIDED),
        entry(date(2025, 2, 20)),
    ]
    a = visitation_adherence(plan(), entries=noise, as_of=date(2025, 3, 31))
    assert a.occurred == 0 and a.shortfall == 4


def test_in_a_caseload_each_plan_counts_its_own_entries_and_an_entry_without_a_plan_none():
    """The caseload hands each plan only its entries (one pass, not one per plan): the answers are
    those of the rule given every entry of the caseload."""
    from fieldcase.domain.compliance import caseload_compliance

    from .test_compliance_support import case

    plans = [
        plan(),
        dataclasses.replace(plan(VisitFrequency.MONTHLY), id="p2"),
        dataclasses.replace(plan(), id="p3"),
    ]
    entries = [
        *(entry(date(2025, 3, d)) for d in (4, 11, 18, 25)),
        entry(date(2025, 3, 6), plan_id="p2", outcome=O.PARENT_NO_SHOW),
        entry(date(2025, 3, 7), plan_id="p2"),
        entry(date(2025, 3, 8), plan_id=None),
        entry(date(2025, 3, 9), plan_id="p9"),
        entry(date(2025, 3, 10), plan_id="p3", case_id="other-case"),
    ]
    as_of = date(2025, 3, 31)
    found = caseload_compliance(
        cases=[case()], as_of=as_of, visitation_plans=plans, visitation_entries=entries
    )
    mine = [e for e in entries if e.case_id == "c1"]
    assert found.visitation == tuple(
        visitation_adherence(p, entries=mine, as_of=as_of) for p in plans
    )
    assert [(a.plan_id, a.occurred, a.parent_no_shows) for a in found.visitation] == [
        ("p1", 4, 0),
        ("p2", 1, 1),
        ("p3", 0, 0),
    ]


def test_months_below_the_monthly_minimum():
    entries = [entry(date(2025, 2, 10))]
    a = visitation_adherence(
        plan(VisitFrequency.MONTHLY, date(2025, 1, 15)), entries=entries, as_of=date(2025, 4, 20)
    )
    assert (a.planned, a.occurred, a.months_below_minimum) == (2, 1, (Month(2025, 3),))
    lenient = dataclasses.replace(MISSOURI, visitation_minimum_per_month=0)
    assert (
        visitation_adherence(
            plan(VisitFrequency.MONTHLY, date(2025, 1, 15)),
            entries=entries,
            as_of=date(2025, 4, 20),
            rules=lenient,
        ).months_below_minimum
        == ()
    )


def test_the_period_is_clipped_to_the_plan():
    ended = plan(effective_until=date(2025, 3, 14))
    a = visitation_adherence(ended, entries=[], as_of=date(2025, 5, 1))
    assert (a.period_end, a.planned) == (date(2025, 3, 14), 2)
    assert (
        visitation_adherence(plan(effective_from=None), entries=[], as_of=date(2025, 5, 1)) is None
    )
    assert visitation_adherence(plan(), entries=[], as_of=date(2025, 2, 1)) is None


# --- documentation timeliness ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "hours,on_time", [(1, True), (47, True), (48, True), (48.1, False), (72, False)]
)
def test_a_note_recorded_within_48_hours_is_on_time(hours, on_time):
    v = visit("a", date(2025, 3, 4))
    v = dataclasses.replace(v, recorded_at=v.contact_end + timedelta(hours=hours))
    t = documentation_timeliness(v, as_of=date(2025, 3, 20))
    assert (t.on_time, t.late, t.overdue) == (on_time, not on_time, False)
    assert t.hours_taken == pytest.approx(hours)


def test_an_unrecorded_note_becomes_overdue_after_its_deadline_day():
    v = dataclasses.replace(visit("a", date(2025, 3, 4)), recorded_at=None)
    assert not documentation_timeliness(v, as_of=date(2025, 3, 6)).overdue
    assert documentation_timeliness(v, as_of=date(2025, 3, 7)).overdue
    assert late_documentation([v, visit("a", date(2025, 3, 4))], as_of=date(2025, 3, 7)) == (
        documentation_timeliness(v, as_of=date(2025, 3, 7)),
    )


def test_the_hours_come_from_the_rule_pack_and_odd_records_are_skipped():
    v = visit("a", date(2025, 3, 4))
    v = dataclasses.replace(v, recorded_at=v.contact_end + timedelta(hours=30))
    assert not documentation_timeliness(
        v, as_of=date(2025, 3, 20), rules=dataclasses.replace(MISSOURI, documentation_due_hours=24)
    ).on_time
    assert (
        documentation_timeliness(dataclasses.replace(v, contact_end=None), as_of=date(2025, 3, 20))
        is None
    )
    assert (
        documentation_timeliness(
            dataclasses.replace(v, status=Status.VOIDED), as_of=date(2025, 3, 20)
        )
        is None
    )
    naive = dataclasses.replace(
        v, recorded_at=datetime(2025, 3, 5, 11)
    )  # imported data without an offset
    assert documentation_timeliness(naive, as_of=date(2025, 3, 20)).hours_taken == pytest.approx(24)


def test_recording_across_a_time_zone_change_counts_real_hours():
    v = visit("a", date(2025, 3, 4))
    east = v.contact_end.astimezone(timezone(timedelta(hours=-5)))
    assert documentation_timeliness(
        dataclasses.replace(v, recorded_at=east + timedelta(hours=2)), as_of=date(2025, 3, 20)
    ).hours_taken == pytest.approx(2)


# --- odometer continuity ---------------------------------------------------------------------------


def trip(id, day, start, end, **changes):
    return complete_trip(
        id=id, trip_date=day, odometer_start=Decimal(start), odometer_end=Decimal(end), **changes
    )


def test_continuous_readings_raise_nothing():
    trips = [
        trip("t1", date(2025, 3, 3), "1000", "1040"),
        trip("t2", date(2025, 3, 4), "1055", "1100"),
        trip("t3", date(2025, 3, 4), "1100", "1130"),
    ]
    assert odometer_flags(trips) == ()


def test_a_large_gap_and_an_overlap_are_flagged():
    trips = [
        trip("t1", date(2025, 3, 3), "1000", "1040"),
        trip("t2", date(2025, 3, 5), "1300", "1350"),
        trip("t3", date(2025, 3, 6), "1340", "1400"),
    ]
    gap, overlap = odometer_flags(trips)
    assert (gap.previous_trip_id, gap.trip_id, gap.gap, gap.kind) == (
        "t1",
        "t2",
        Decimal(260),
        OdometerFlagKind.GAP,
    )
    assert (overlap.previous_trip_id, overlap.trip_id, overlap.gap, overlap.kind) == (
        "t2",
        "t3",
        Decimal(-10),
        OdometerFlagKind.OVERLAP,
    )


@pytest.mark.parametrize(
    "start,flagged",
    [("1190", False), ("1190.5", True), ("1039.5", False), ("1039", False), ("1038.9", True)],
)
def test_thresholds_come_from_the_rule_pack(start, flagged):
    trips = [
        trip("t1", date(2025, 3, 3), "1000", "1040"),
        trip("t2", date(2025, 3, 4), start, "2000"),
    ]
    assert bool(odometer_flags(trips)) is flagged
    assert (
        odometer_flags(
            trips,
            rules=dataclasses.replace(
                MISSOURI, odometer_gap_flag_miles=10_000, odometer_overlap_flag_miles=10_000
            ),
        )
        == ()
    )


def test_each_driver_and_vehicle_has_its_own_odometer():
    trips = [
        trip("t1", date(2025, 3, 3), "1000", "1040"),
        trip(
            "t2",
            date(2025, 3, 4),
            "55000",
            "55030",
            plate="AGENCY9",
            vehicle_kind=VehicleKind.AGENCY,
        ),
        trip("t3", date(2025, 3, 5), "1040", "1080", plate=" abc 123 "),
        trip("t4", date(2025, 3, 5), "70000", "70010", driver_id="u2"),
        trip("t5", date(2025, 3, 6), "9000", "9010", status=Status.VOIDED),
    ]
    assert odometer_flags(trips) == ()


@given(st.permutations(range(5)))
def test_flags_do_not_depend_on_input_order(order):
    trips = [
        trip(f"t{i}", date(2025, 3, 1 + i), str(1000 + 300 * i), str(1040 + 300 * i))
        for i in range(5)
    ]
    assert odometer_flags([trips[i] for i in order]) == odometer_flags(trips)
    assert len(odometer_flags(trips)) == 4
