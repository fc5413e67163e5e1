"""The court report's composed sections, by worked examples (domain/court_report_composition.py).

The case: Ana (child) entered care on 2026-01-10 with the Rivera resource family, moved to her aunt
on 2026-05-20. Hearings: adjudication 2026-02-15 (held), review 2026-08-20 (the one reported on).
The period is therefore 2026-02-16 .. 2026-08-20 (or today, when earlier).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from fieldcase.domain.case_plans import CasePlan, PlanService, Progress, ProgressNote, ServiceFor
from fieldcase.domain.cases import Case, PermanencyGoal
from fieldcase.domain.collateral_contacts import CollateralContact, CollateralMethod, CollateralRole
from fieldcase.domain.court_report_composition import (
    compose_court_report,
    last_hearing_before,
    period_of,
)
from fieldcase.domain.court_reports import CourtReport, MissingFact, court_report_problems
from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    Topic,
    VisitOutcome,
)
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement, ProviderKind
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_entries import VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status

CST = timezone(timedelta(hours=-6))
CASE = Case(id="case", custody_date=date(2026, 1, 10))
ANA = Person(id="ana", case_id="case", role=PersonRole.CHILD, given_name="Ana")
LUIS = Person(id="luis", case_id="case", role=PersonRole.CHILD, given_name="Luis")
MOTHER = Person(id="mom", case_id="case", role=PersonRole.PARENT)
PLACEMENTS = (
    Placement(
        id="p1",
        case_id="case",
        child_id="ana",
        provider_kind=ProviderKind.RESOURCE_FAMILY,
        provider_name="Rivera family",
        address="12 Elm St",
        starts_on=date(2026, 1, 10),
        ends_on=date(2026, 5, 19),
    ),
    Placement(
        id="p2",
        case_id="case",
        child_id="ana",
        provider_kind=ProviderKind.RELATIVE,
        provider_name="Aunt Rosa",
        starts_on=date(2026, 5, 20),
        reason_for_change="Move to a relative",
    ),
)
FIRST = Hearing(
    id="h1",
    case_id="case",
    scheduled_at=datetime(2026, 2, 15, 9, tzinfo=CST),
    hearing_type=HearingType.ADJUDICATION,
    outcome="Adjudicated",
)
REVIEW = Hearing(
    id="h2",
    case_id="case",
    scheduled_at=datetime(2026, 8, 20, 9, tzinfo=CST),
    hearing_type=HearingType.REVIEW,
)
PLAN = VisitationPlan(
    id="plan",
    case_id="case",
    participants=("mom", "ana"),
    frequency=VisitFrequency.WEEKLY,
    effective_from=date(2026, 1, 12),
)


def visit(
    vid: str,
    day: date,
    *,
    status: Status = Status.APPROVED,
    child: str = "ana",
    topics=(),
    note=None,
    privately=True,
    where=LocationType.CHILD_RESIDENCE,
) -> HomeVisit:
    return HomeVisit(
        id=vid,
        case_id="case",
        status=status,
        contact_start=datetime(day.year, day.month, day.day, 15, tzinfo=CST),
        method=ContactMethod.FACE_TO_FACE,
        outcome=VisitOutcome.COMPLETED,
        location_type=where,
        children=(
            ChildSeen(
                child_id=child,
                seen=True,
                seen_privately=privately,
                topics=frozenset(topics),
                well_being_notes=note,
            ),
        ),
    )


def entry(
    eid: str, day: date, outcome: VisitationOutcome, *, status: Status = Status.APPROVED
) -> VisitationEntry:
    return VisitationEntry(
        id=eid,
        case_id="case",
        plan_id="plan",
        child_ids=("ana",),
        status=status,
        outcome=outcome,
        scheduled_start=datetime(day.year, day.month, day.day, 17, tzinfo=CST),
    )


def compose(today=date(2026, 9, 1), **records):
    return compose_court_report(
        REVIEW,
        today=today,
        case=CASE,
        hearings=(FIRST, REVIEW),
        people=(ANA, MOTHER),
        placements=PLACEMENTS,
        plans=(PLAN,),
        **records,
    )


def test_the_period_runs_from_the_day_after_the_last_hearing_to_the_hearing():
    found = compose()
    assert (found.period_start, found.period_end) == (date(2026, 2, 16), date(2026, 8, 20))
    assert found.child_ids == ("ana",)


def test_written_before_the_hearing_the_period_ends_today():
    assert compose(today=date(2026, 8, 10)).period_end == date(2026, 8, 10)


def test_without_an_earlier_hearing_the_period_starts_when_care_began():
    found = compose_court_report(
        FIRST,
        today=date(2026, 3, 1),
        case=CASE,
        hearings=(FIRST, REVIEW),
        people=(ANA,),
        placements=PLACEMENTS,
    )
    assert (found.period_start, found.period_end) == (date(2026, 1, 10), date(2026, 2, 15))


def test_a_hearing_about_another_child_is_not_the_last_hearing():
    luis_only = Hearing(
        id="h0",
        case_id="case",
        child_ids=("luis",),
        scheduled_at=datetime(2026, 6, 1, 9, tzinfo=CST),
    )
    assert last_hearing_before(REVIEW, (FIRST, luis_only, REVIEW), ("ana",)) == FIRST
    start, _end = period_of(
        REVIEW,
        hearings=(FIRST, luis_only),
        case=CASE,
        placements=PLACEMENTS,
        child_ids=("ana",),
        today=date(2026, 9, 1),
    )
    assert start == date(2026, 2, 16)


def test_a_hearing_naming_no_child_reports_on_every_child_of_the_case():
    found = compose_court_report(
        REVIEW, today=date(2026, 9, 1), case=CASE, hearings=(FIRST,), people=(ANA, LUIS, MOTHER)
    )
    assert found.child_ids == ("ana", "luis")


def test_placement_and_its_stability():
    (ana,) = compose().sections.placements
    assert [s.placement_id for s in ana.stays] == ["p1", "p2"]
    assert ana.moves_in_period == 1  # the move to the aunt on 2026-05-20
    assert ana.placements_since_entry == 2
    assert ana.days_in_current == 93  # 2026-05-20 .. 2026-08-20, both days counted
    assert ana.stays[1].reason_for_change == "Move to a relative"
    # the snapshot never holds an address, whatever the profile
    assert "12 Elm St" not in str(to_dict(compose().sections))


def test_family_time_planned_against_held_with_cancellations_by_party():
    entries = (
        entry("e1", date(2026, 3, 2), VisitationOutcome.OCCURRED),
        entry("e2", date(2026, 3, 9), VisitationOutcome.CANCELLED_BY_FAMILY),
        entry("e3", date(2026, 3, 16), VisitationOutcome.CANCELLED_BY_AGENCY),
        entry("e4", date(2026, 3, 23), VisitationOutcome.PARENT_NO_SHOW),
        entry("e5", date(2026, 3, 30), VisitationOutcome.ENDED_EARLY),
        entry(
            "e6", date(2026, 4, 6), VisitationOutcome.OCCURRED, status=Status.SUBMITTED
        ),  # not approved: not the court's record
        entry("e7", date(2026, 1, 20), VisitationOutcome.OCCURRED),  # before the period
    )
    sections = compose(visitation_entries=entries).sections
    (plan,) = sections.family_time
    # weekly, 2026-02-16 .. 2026-08-20: 186 days, 26 whole weeks
    assert plan.planned == 26
    assert (plan.held, plan.ended_early) == (2, 1)
    assert (plan.cancelled_by_family, plan.cancelled_by_agency, plan.parent_no_shows) == (1, 1, 1)
    assert [line.entry_id for line in sections.family_visits] == ["e1", "e2", "e3", "e4", "e5"]
    assert "2026-04" in plan.months_below_minimum  # no approved visit held in April


def test_caseworker_visits_and_the_monthly_figures_count_approved_visits_only():
    visits = [visit(f"v{m}", date(2026, m, 10)) for m in (3, 4, 5, 6, 7)]
    visits.append(
        visit("draft-aug", date(2026, 8, 5), status=Status.DRAFT)
    )  # a draft is not yet the agency's word
    visits.append(
        visit("feb", date(2026, 2, 3))
    )  # before the period, in its first month: February is met
    sections = compose(home_visits=visits).sections
    assert [line.visit_id for line in sections.caseworker_visits] == ["v3", "v4", "v5", "v6", "v7"]
    assert sections.caseworker_visits[0].children_seen == ("ana",)
    (figures,) = sections.monthly_visits
    # February (met before the period began) to July are over; August is not over on the hearing day
    assert (figures.months_in_care, figures.months_seen, figures.months_missed) == (6, 6, ())
    assert figures.months_seen_in_residence == 6


def test_a_month_without_an_approved_visit_is_missed():
    visits = [
        visit("v3", date(2026, 3, 10)),
        visit("v5", date(2026, 5, 10), privately=False, where=LocationType.SCHOOL),
    ]
    (figures,) = compose(home_visits=visits).sections.monthly_visits
    assert figures.months_missed == ("2026-02", "2026-04", "2026-06", "2026-07")
    assert (
        figures.months_seen,
        figures.months_seen_in_residence,
        figures.months_seen_privately,
    ) == (2, 1, 1)


def test_health_and_education_come_from_the_visits_topics_and_say_what_is_missing():
    visits = [
        visit(
            "v1",
            date(2026, 3, 10),
            topics=(Topic.HEALTH,),
            note="Dental check done; asthma controlled.",
        ),
        visit("v2", date(2026, 4, 10), topics=(Topic.SAFETY,)),
    ]
    sections = compose(home_visits=visits).sections
    assert [(n.visit_id, n.note) for n in sections.health] == [
        ("v1", "Dental check done; asthma controlled.")
    ]
    assert sections.education == ()
    assert (
        MissingFact.NO_EDUCATION_NOTES in sections.missing
        and MissingFact.NO_HEALTH_NOTES not in sections.missing
    )


def test_services_slot_until_a_case_plan_is_on_file():
    sections = compose().sections
    assert sections.services == () and sections.case_plan_id is None
    assert MissingFact.NO_CASE_PLAN in sections.missing
    assert MissingFact.NO_COLLATERAL_CONTACTS in sections.missing  # said, not an empty heading


def test_the_approved_collateral_contacts_of_the_period_are_listed_without_the_partys_details():
    def contact(cid, day, *, status=Status.APPROVED, children=("ana",), case="case"):
        return CollateralContact(
            id=cid,
            case_id=case,
            status=status,
            contact_start=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
            party_role=CollateralRole.SCHOOL,
            party_name="Ms Okafor",
            party_organisation="Lincoln Elementary",
            party_contact="555-0142",
            method=CollateralMethod.PHONE,
            child_ids=children,
            summary="Attendance is back to normal.",
        )

    contacts = [
        contact("c-in", date(2026, 5, 4)),
        contact("c-draft", date(2026, 5, 5), status=Status.SUBMITTED),  # not yet the agency's word
        contact("c-before", date(2026, 2, 15)),  # before the period (the day of the last hearing)
        contact("c-other-child", date(2026, 5, 6), children=("sibling",)),
        contact("c-case", date(2026, 6, 1), children=()),  # about the whole case
        contact("c-voided", date(2026, 6, 2), status=Status.VOIDED),
    ]
    sections = compose(collateral_contacts=contacts).sections
    assert [
        (c.contact_id, c.on, c.party, c.role, c.method) for c in sections.collateral_contacts
    ] == [
        (
            "c-in",
            date(2026, 5, 4),
            "Ms Okafor, Lincoln Elementary",
            CollateralRole.SCHOOL,
            CollateralMethod.PHONE,
        ),
        (
            "c-case",
            date(2026, 6, 1),
            "Ms Okafor, Lincoln Elementary",
            CollateralRole.SCHOOL,
            CollateralMethod.PHONE,
        ),
    ]
    assert "555-0142" not in repr(
        to_dict(CourtReport(id="r", case_id="case", sections=sections))
    )  # restricted: never in the snapshot
    assert MissingFact.NO_COLLATERAL_CONTACTS not in sections.missing
    assert (
        from_dict(
            "court_report", to_dict(CourtReport(id="r", case_id="case", sections=sections))
        ).sections
        == sections
    )


def test_services_and_their_progress_are_read_from_the_approved_case_plan():
    plan = CasePlan(
        id="cp2",
        case_id="case",
        status=Status.APPROVED,
        version=2,
        plan_date=date(2026, 7, 10),
        permanency_goal=PermanencyGoal.REUNIFICATION,
        services=(
            PlanService(
                description="Parenting classes",
                provider="Family Center",
                responsible="mom",
                service_for=ServiceFor.PARENT,
                starts_on=date(2026, 3, 9),
                ends_by=date(2026, 10, 1),
                court_ordered=True,
            ),
            PlanService(
                description="Trauma therapy",
                provider="Dr. Lee",
                responsible="Caseworker",
                service_for=ServiceFor.CHILD,
            ),
        ),
        # the 6-month review's notes: matched to the service by its name, whatever its case and spaces
        progress=(
            ProgressNote(
                item="parenting classes ",
                progress=Progress.SUBSTANTIAL_PROGRESS,
                notes="Attended 6 of 8 sessions.",
            ),
            ProgressNote(item="Reunification", is_goal=True, progress=Progress.SOME_PROGRESS),
        ),
    )
    sections = compose(case_plan=plan).sections
    assert (sections.case_plan_id, sections.case_plan_version, sections.permanency_goal) == (
        "cp2",
        2,
        PermanencyGoal.REUNIFICATION,
    )
    classes, therapy = sections.services
    assert (classes.service, classes.provider, classes.responsible, classes.court_ordered) == (
        "Parenting classes",
        "Family Center",
        "mom",
        True,
    )
    assert (classes.progress, classes.progress_notes, classes.ends_by) == (
        Progress.SUBSTANTIAL_PROGRESS,
        "Attended 6 of 8 sessions.",
        date(2026, 10, 1),
    )
    assert therapy.progress is None  # not reviewed yet
    assert [(g.goal, g.progress) for g in sections.goals] == [
        ("Reunification", Progress.SOME_PROGRESS)
    ]
    assert MissingFact.NO_CASE_PLAN not in sections.missing


def test_voided_and_other_cases_records_are_left_out():
    other = dataclasses.replace(visit("x", date(2026, 3, 11)), case_id="other")
    voided = visit("void", date(2026, 3, 12), status=Status.VOIDED)
    sections = compose(home_visits=[voided, other]).sections
    assert sections.caseworker_visits == () and sections.records_read == 0


def test_the_sections_survive_the_round_trip_of_the_record():
    visits = [visit("v1", date(2026, 3, 10), topics=(Topic.HEALTH, Topic.EDUCATION), note="Fine")]
    found = compose(
        home_visits=visits,
        visitation_entries=(entry("e1", date(2026, 3, 2), VisitationOutcome.OCCURRED),),
    )
    report = CourtReport(
        id="r",
        case_id="case",
        hearing_id="h2",
        child_ids=found.child_ids,
        period_start=found.period_start,
        period_end=found.period_end,
        sections=found.sections,
        assessment="Doing well.",
        recommendations="Continue.",
    )
    assert from_dict("court_report", to_dict(report)) == report


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"hearing_id": None}, "hearing_id"),
        ({"sections": None}, "sections"),
        ({"assessment": "  "}, "assessment"),
        ({"recommendations": None}, "recommendations"),
    ],
)
def test_submitting_needs_the_hearing_the_sections_and_the_caseworkers_words(changes, field):
    complete = dict(
        id="r",
        case_id="case",
        hearing_id="h2",
        sections=compose().sections,
        assessment="A",
        recommendations="R",
    )
    assert court_report_problems(CourtReport(**complete), for_submit=True) == []
    found = problems(CourtReport(**{**complete, **changes}), for_submit=True)
    assert [p.field for p in found] == [field]
    assert (
        problems(CourtReport(**{**complete, **changes}), for_submit=False) == []
    )  # a draft may be incomplete
