"""The demo agency looks like a real month: every caseworker's caseload shows each state of the
monthly visit, what is waiting for a supervisor could really have been submitted, nothing is dated
after today, and each caseworker's odometer follows on from trip to trip."""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from datetime import date

import pytest

from fieldcase.domain.home_visits import HomeVisit, LocationType
from fieldcase.domain.transport_trips import TransportTrip
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.server.demo import fake_name
from fieldcase.server.demo_agency import DemoAgency

WORKERS = ("worker-a", "worker-b")


def _made(today: date, cases: int = 12):
    agency = DemoAgency(random.Random(3), today, fake_name, months=6)
    made = defaultdict(list)
    for n in range(cases):
        worker = WORKERS[n % 2]
        made[worker] += list(agency.case(worker, 1 + n % 3))
    return made


def _this_month(items, today: date):
    return [
        i
        for i in items
        if isinstance(i.record, HomeVisit) and i.record.contact_start.date() >= today.replace(day=1)
    ]


@pytest.mark.parametrize("today", [date(2026, 11, 25), date(2026, 3, 9), date(2027, 1, 31)])
def test_each_caseworker_sees_every_state_of_this_months_visit(today):
    for worker, items in _made(today).items():
        cases = sum(1 for i in items if type(i.record).__name__ == "Case")
        visits = _this_month(items, today)
        states = Counter(i.status for i in visits)
        assert {"approved", "submitted", "returned", "draft"} <= set(states), (worker, states)
        assert len(visits) < cases  # some children are not seen yet this month
        assert any(i.record.location_type is LocationType.SCHOOL for i in visits)
        assert all(i.return_reason for i in visits if i.status == "returned")


def test_nothing_is_dated_after_today_and_submitted_work_is_complete():
    today = date(2026, 11, 25)
    for items in _made(today).values():
        for item in items:
            record = item.record
            when = getattr(record, "contact_start", None) or getattr(
                record, "scheduled_start", None
            )
            day = when.date() if when else getattr(record, "trip_date", None)
            assert day is None or day <= today
            if isinstance(record, (HomeVisit, VisitationEntry, TransportTrip)) and item.status in (
                "submitted",
                "approved",
            ):
                assert problems(record, for_submit=True) == [], (
                    type(record).__name__,
                    problems(record, for_submit=True),
                )


def test_each_caseworkers_odometer_follows_on():
    for items in _made(date(2026, 11, 25), cases=40).values():
        trips = [i.record for i in items if isinstance(i.record, TransportTrip)]
        assert len(trips) >= 2
        for earlier, later in itertools.pairwise(trips):
            assert later.odometer_start >= earlier.odometer_end


def test_the_team_met_after_every_move_so_no_meeting_is_years_overdue():
    from fieldcase.domain.cases import Case
    from fieldcase.domain.compliance.deadlines import family_support_team_deadlines
    from fieldcase.domain.placements import Placement

    today = date(2026, 11, 25)
    moved = 0
    for items in _made(today, cases=40).values():
        records = [i.record for i in items]
        for case in (r for r in records if isinstance(r, Case)):
            placements = [r for r in records if isinstance(r, Placement) and r.case_id == case.id]
            moved += len(placements) > len({p.child_id for p in placements})
            late = [
                d
                for d in family_support_team_deadlines(case, as_of=today, placements=placements)
                if d.met_on is None
            ]
            assert late == [], late
    assert moved  # some children moved from an emergency placement
