"""The demo agency's cases: what a caseworker's month really looks like, made up.

One family case at a time, as domain records with their workflow state (the case data — case,
people, placements, plan, hearing — carries synthetic state ids: seed-demo brings it in through the
agency import, as an agency would): the case with its court
date and case-plan deadline (some due soon, a few overdue); parents and a resource family on an
invented street; each child's placements (a few moved from an emergency placement); a weekly
visitation plan; a monthly caseworker visit for every month in care (now and then a month missed),
and this month a mix — approved, waiting for the supervisor, returned with a reason, still a draft,
seen at school rather than at home, or not seen yet; the last four weeks of family time (some
cancelled or missed); and trips with odometer readings that follow on per caseworker.

Everything is generated from nonsense syllables and stock sentences: no real person, place or case.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypedDict

from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    Topic,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.restraints import recommended_restraint
from fieldcase.domain.transport_trips import (
    Leg,
    Passenger,
    PassengerKind,
    TransportTrip,
    TripPurpose,
    VehicleKind,
)
from fieldcase.domain.visitation_entries import (
    Attendance,
    NonOccurrenceReason,
    SupervisionRecommendation,
    VisitationEntry,
    VisitationOutcome,
)
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan, VisitFrequency
from fieldcase.server.agency_import.ids import record_id

#: stock sentences for the narratives (obviously generic; the demo never needs a real story)
OBSERVATIONS = (
    "Synthetic demo note: the child appeared well, talked about school and showed a drawing.",
    "Synthetic demo note: the home was tidy; the child's room had a bed, clothing and toys.",
    "Synthetic demo note: the child said the weekly family time is the best part of the week.",
    "Synthetic demo note: the resource parent reported better sleep since the new routine.",
    "Synthetic demo note: homework was done at the kitchen table during the visit.",
)
WELL_BEING = (
    "Eating and sleeping well.",
    "Looking forward to the school trip.",
    "Asked when the next family time is.",
)
RETURN_REASONS = (
    "Say who else was present during the visit.",
    "Describe where the child sleeps and whether the room is safe.",
    "Add how the child is doing at school this month.",
)
#: a made-up reimbursement rate for the demo's personal-car trips (an agency sets its own)
MILEAGE_RATE = Decimal("0.60")
#: this month's state of each caseworker's cases' monthly visits, in turn (so even a small caseload
#: shows each: waiting for approval, not seen yet, approved, returned with a reason, seen at school…)
THIS_MONTH = (
    "submitted",
    "not_yet",
    "returned",
    "approved",
    "at_school",
    "draft",
    "approved",
    "not_yet",
    "submitted",
    "approved",
    "not_yet",
    "approved",
)


@dataclass(frozen=True)
class Shape:
    """A case made to show something (server/demo_week.py): how long ago the children came into care,
    their ages, and the day the agency last recorded a case plan (None: not yet)."""

    removed_days_ago: int
    ages: tuple[int, ...]
    plan_written_days_ago: int | None = None
    #: the goals the agency holds for the case (the approved case plan says the same)
    goal: PermanencyGoal = PermanencyGoal.REUNIFICATION
    concurrent_goal: PermanencyGoal | None = None


@dataclass(frozen=True)
class DemoRecord:
    """A record to insert, with the workflow state the server keeps beside it."""

    record: Any
    status: str | None = (
        None  # None: the kind's default (draft for field records, active otherwise)
    )
    at: datetime | None = None  # when it was submitted / approved / returned
    return_reason: str | None = None


class DemoAgency:
    """Generates cases; keeps each caseworker's odometer so trips follow on."""

    def __init__(
        self, rng: random.Random, today: date, fake_name: Callable[..., str], *, months: int = 6
    ) -> None:
        self.rng = rng
        self.today = today
        self.months = (
            months  # how many past months of visits each case gets (at most its time in care)
        )
        self.name = fake_name
        self.odometer: dict[str, Decimal] = {}
        self.plates: dict[str, str] = {}  # each caseworker drives their own car
        self.cases_of: dict[str, int] = {}
        self.serial = 0  # numbers the synthetic state ids

    def case(
        self, worker: str, children: int, *, shape: Shape | None = None
    ) -> Iterator[DemoRecord]:
        rng, today = self.rng, self.today
        removal = today - timedelta(days=shape.removed_days_ago if shape else rng.randint(60, 700))
        case_sid = self._state_id("C")
        case = Case(
            id=record_id("case", case_sid),
            state_id=case_sid,
            case_number=f"DEMO-{rng.randint(10000, 99999)}",
            county="Synthetic County",
            office="Demo Office",
            opened_on=removal,
            removal_date=removal,
            permanency_goal=rng.choice(list(PermanencyGoal)[:3]),
            case_plan_due=today + timedelta(days=rng.choice((-9, *range(5, 150, 7)))),
            last_case_plan_review=today - timedelta(days=rng.randint(20, 170)),
            next_court_hearing=datetime.combine(
                today + timedelta(days=rng.randint(2, 90)), datetime.min.time(), UTC
            )
            + timedelta(hours=14),
            # the meetings the rule pack requires after custody (72 hours, 30 days), held in time
            family_support_team_meetings=(
                removal + timedelta(days=2),
                removal + timedelta(days=rng.randint(20, 29)),
            ),
        )
        if (
            shape is not None
        ):  # the case plan's clock and the meetings follow from the shape, not from chance
            written = (
                today - timedelta(days=shape.plan_written_days_ago)
                if shape.plan_written_days_ago is not None
                else None
            )
            # a case in its first month: the 30-day meeting is still ahead
            held = (
                case.family_support_team_meetings[:1]
                if shape.removed_days_ago < 30
                else case.family_support_team_meetings
            )
            case = replace(
                case,
                case_plan_due=None,
                last_case_plan_review=written,
                family_support_team_meetings=held,
                permanency_goal=shape.goal,
                concurrent_goal=shape.concurrent_goal,
            )
            children = len(shape.ages)
        family = self.name(rng, 3)
        parent = Person(
            **self._ids("person", "P"),
            case_id=case.id,
            role=PersonRole.PARENT,
            given_name=self.name(rng),
            family_name=family,
        )
        resource = Person(
            **self._ids("person", "P"),
            case_id=case.id,
            role=PersonRole.RESOURCE_PARENT,
            given_name=self.name(rng),
            family_name=self.name(rng, 3),
            address=f"{rng.randint(1, 999)} Imaginary Lane, Nowhereville",
        )
        kids = [
            Person(
                **self._ids("person", "P"),
                case_id=case.id,
                role=PersonRole.CHILD,
                given_name=self.name(rng),
                family_name=family,
                date_of_birth=today
                - timedelta(
                    days=shape.ages[n] * 365 + rng.randint(40, 300)
                    if shape
                    else rng.randint(365, 17 * 365)
                ),
            )
            for n in range(children)
        ]
        home, placements, moves = {}, [], set()
        for kid in kids:
            starts = removal
            if (
                rng.random() < 0.2 and (today - removal).days > 90
            ):  # first an emergency placement, then the family
                starts = removal + timedelta(days=rng.randint(14, 45))
                moves.add(starts)
                placements.append(
                    Placement(
                        **self._ids("placement", "PL"),
                        case_id=case.id,
                        child_id=kid.id,
                        provider_kind=ProviderKind.RELATIVE,
                        provider_name=f"{self.name(rng)} {family} (relative)",
                        placement_type=PlacementType.KINSHIP,
                        starts_on=removal,
                        ends_on=starts,
                        reason_for_change="Moved to a licensed resource family.",
                    )
                )
            home[kid.id] = Placement(
                **self._ids("placement", "PL"),
                case_id=case.id,
                child_id=kid.id,
                provider_kind=ProviderKind.RESOURCE_FAMILY,
                provider_name=f"The {resource.family_name} family",
                address=resource.address,
                placement_type=PlacementType.FOSTER_FAMILY,
                starts_on=starts,
            )
            placements.append(home[kid.id])
        if (
            moves
        ):  # the team met the day after each move, as the rule pack asks (a meeting within 3 days)
            case = replace(
                case,
                family_support_team_meetings=tuple(
                    sorted(
                        {
                            *case.family_support_team_meetings,
                            *(day + timedelta(days=1) for day in moves),
                        }
                    )
                ),
            )
        yield from (DemoRecord(r) for r in (case, parent, resource, *kids, *placements))
        # the plan as revised at the last review, a month ago (the family-time log below covers it)
        plan = VisitationPlan(
            **self._ids("visitation_plan", "VP"),
            case_id=case.id,
            participants=(parent.id, *(k.id for k in kids)),
            frequency=VisitFrequency.WEEKLY,
            duration_minutes=90,
            supervision_level=SupervisionLevel.SUPERVISED,
            effective_from=max(removal, today - timedelta(days=7 * 4 + 3)),
        )
        yield DemoRecord(plan)
        # the coming hearing (the import makes it the case's next court date)
        yield DemoRecord(
            Hearing(
                **self._ids("hearing", "H"),
                case_id=case.id,
                scheduled_at=case.next_court_hearing,
                court="Synthetic County Juvenile Court",
                hearing_type=HearingType.REVIEW,
            )
        )
        if (
            shape is not None and shape.removed_days_ago < 30
        ):  # a case in its first month: the child seen in the new home the next day
            seen = self._moment(removal + timedelta(days=1))
            yield DemoRecord(
                self._visit(case, worker, kids, home[kids[0].id], seen),
                "approved",
                seen + timedelta(days=1),
            )
        yield from self._visits(case, worker, kids, home[kids[0].id], removal)
        yield from self._family_time(case, worker, plan, parent, kids)
        if rng.random() < 0.35:
            yield from self._trip(case, worker, kids)

    # ------------------------------------------------------------------ monthly caseworker visits

    def _visits(
        self, case: Case, worker: str, kids: list[Person], placement: Placement, removal: date
    ) -> Iterator[DemoRecord]:
        rng, today = self.rng, self.today
        month = today.replace(day=1)
        first = (removal.replace(day=1) + timedelta(days=32)).replace(
            day=1
        )  # the first full month in care
        first = max(first, _months_before(month, self.months))
        while first < month:
            if rng.random() > 0.04:  # now and then a month was missed
                when = self._moment(first + timedelta(days=rng.randint(0, 25)))
                yield DemoRecord(
                    self._visit(case, worker, kids, placement, when),
                    "approved",
                    when + timedelta(days=rng.randint(1, 4)),
                )
            first = (first + timedelta(days=32)).replace(day=1)
        turn = self.cases_of[worker] = self.cases_of.get(worker, -1) + 1
        state = THIS_MONTH[turn % len(THIS_MONTH)]
        days_so_far = (today - month).days
        if state == "not_yet" or days_so_far < 1:
            return
        recent = state in ("submitted", "returned", "draft")
        day = (
            today - timedelta(days=rng.randint(1, min(6, days_so_far)))
            if recent
            else month + timedelta(days=rng.randint(0, max(0, days_so_far - 3)))
        )
        when = self._moment(day)
        visit = self._visit(case, worker, kids, placement, when, at_school=state == "at_school")
        if state in ("approved", "at_school"):
            yield DemoRecord(
                visit,
                "approved" if (today - day).days > 2 else "submitted",
                when + timedelta(days=1),
            )
        elif state == "returned":
            yield DemoRecord(
                visit, "returned", when + timedelta(hours=20), rng.choice(RETURN_REASONS)
            )
        else:
            yield DemoRecord(visit, state, when + timedelta(hours=3))

    def _visit(
        self,
        case: Case,
        worker: str,
        kids: list[Person],
        placement: Placement,
        when: datetime,
        *,
        at_school: bool = False,
    ) -> HomeVisit:
        rng = self.rng
        seen = tuple(
            ChildSeen(
                child_id=k.id,
                seen=True,
                seen_privately=True,
                present_danger=False,
                topics=frozenset(
                    {
                        Topic.SAFETY,
                        Topic.PERMANENCY,
                        rng.choice((Topic.EDUCATION, Topic.HEALTH, Topic.FAMILY_VISITS)),
                    }
                ),
                well_being_notes=rng.choice(WELL_BEING),
            )
            for k in kids
        )
        return HomeVisit(
            id=new_id(),
            case_id=case.id,
            created_by=worker,
            conducted_by=worker,
            recorded_by=worker,
            recorded_at=when + timedelta(hours=2),
            contact_start=when,
            contact_end=when + timedelta(minutes=rng.choice((45, 60, 75))),
            method=ContactMethod.FACE_TO_FACE,
            purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
            outcome=VisitOutcome.COMPLETED,
            location_type=LocationType.SCHOOL if at_school else LocationType.CHILD_RESIDENCE,
            placement_id=placement.id,
            reason_not_in_residence="The resource family was travelling that week."
            if at_school
            else None,
            benefit_not_in_residence="The child could talk privately between classes."
            if at_school
            else None,
            children=seen,
            observations=rng.choice(OBSERVATIONS),
            home_conditions=None
            if at_school
            else "Synthetic demo note: safe and clean; smoke alarm tested.",
        )

    # ------------------------------------------------------------------ family time and trips

    def _family_time(
        self, case: Case, worker: str, plan: VisitationPlan, parent: Person, kids: list[Person]
    ) -> Iterator[DemoRecord]:
        rng, today = self.rng, self.today
        for week in range(4, 0, -1):
            day = today - timedelta(days=7 * week - rng.randint(0, 3))
            if plan.effective_from is not None and day < plan.effective_from:
                continue  # before the children came into care
            start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=16)
            outcome = rng.choices(
                (
                    VisitationOutcome.OCCURRED,
                    VisitationOutcome.CANCELLED_BY_FAMILY,
                    VisitationOutcome.PARENT_NO_SHOW,
                ),
                (8, 1, 1),
            )[0]
            occurred = outcome is VisitationOutcome.OCCURRED
            entry = VisitationEntry(
                id=new_id(),
                case_id=case.id,
                created_by=worker,
                plan_id=plan.id,
                child_ids=tuple(k.id for k in kids),
                scheduled_start=start,
                scheduled_end=start + timedelta(minutes=90),
                actual_location="Family room, Demo Office",
                supervision_level=SupervisionLevel.SUPERVISED,
                supervised_by="Demo family-time aide",
                attendance=tuple(
                    Attendance(
                        person_id=p.id,
                        arrived_at=start if occurred else None,
                        departed_at=start + timedelta(minutes=90) if occurred else None,
                    )
                    for p in (parent, *kids)
                ),
                outcome=outcome,
                reason=None
                if occurred
                else NonOccurrenceReason.PARENT_DID_NOT_CONFIRM
                if outcome is VisitationOutcome.PARENT_NO_SHOW
                else NonOccurrenceReason.PARENT_ILL,
                activities="Synthetic demo note: board games and a snack; reading together."
                if occurred
                else None,
                strengths="Synthetic demo note: warm greeting; parent arrived on time."
                if occurred
                else None,
                recommendation=SupervisionRecommendation.SAME,
            )
            if (
                outcome is VisitationOutcome.CANCELLED_BY_FAMILY
            ):  # the parent called the office that morning
                entry = replace(
                    entry, cancelled_by=parent.id, cancelled_at=start - timedelta(hours=6)
                )
            yield DemoRecord(
                entry, "approved" if week > 1 else "submitted", start + timedelta(days=1)
            )

    def _trip(self, case: Case, worker: str, kids: list[Person]) -> Iterator[DemoRecord]:
        rng, today = self.rng, self.today
        start = self.odometer.get(worker, Decimal(rng.randint(12000, 48000)))
        miles = Decimal(rng.randint(80, 420)) / 10
        self.odometer[worker] = start + miles + Decimal(rng.randint(5, 60))
        day = today - timedelta(days=rng.randint(1, 20))
        depart = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=15)
        riders = []
        for kid in kids:
            age = (today - kid.date_of_birth).days / 365.25 if kid.date_of_birth else None
            weight = 20 + (age or 0) * 6
            riders.append(
                Passenger(
                    person_id=kid.id,
                    kind=PassengerKind.CHILD,
                    weight_lb=Decimal(round(weight)),
                    restraint=recommended_restraint(age, weight, None),
                )
            )
        trip = TransportTrip(
            id=new_id(),
            case_id=case.id,
            created_by=worker,
            driver_id=worker,
            trip_date=day,
            vehicle_kind=VehicleKind.PERSONAL,
            plate=self.plates.setdefault(worker, f"DEMO {rng.randint(100, 999)}"),
            odometer_start=start,
            odometer_end=start + miles,
            purpose=TripPurpose.FAMILY_VISIT,
            rate_per_mile=MILEAGE_RATE,
            miles_claimed=miles,
            legs=(
                Leg(
                    origin="Resource home, Nowhereville",
                    destination="Demo Office family room",
                    depart_at=depart,
                    arrive_at=depart + timedelta(minutes=35),
                ),
            ),
            passengers=tuple(riders),
            claim_period=day.strftime("%Y-%m"),
        )
        yield DemoRecord(
            trip, "approved" if (today - day).days > 7 else "submitted", depart + timedelta(days=1)
        )

    # ------------------------------------------------------------------ helpers

    def _state_id(self, what: str) -> str:
        """The synthetic state system's identifier: the case data comes in through the agency import."""
        self.serial += 1
        return f"DEMO-{what}-{self.serial:07d}"

    def _ids(self, kind: str, what: str) -> _Ids:
        state_id = self._state_id(what)
        return {"id": record_id(kind, state_id), "state_id": state_id}

    def _moment(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), UTC) + timedelta(
            hours=self.rng.randint(14, 21)
        )  # daytime in the Americas


class _Ids(TypedDict):
    """A demo record's id and the state's id it is imported under (spread into the record)."""

    id: str
    state_id: str


def _months_before(month: date, count: int) -> date:
    for _ in range(count):
        month = (month - timedelta(days=1)).replace(day=1)
    return month
