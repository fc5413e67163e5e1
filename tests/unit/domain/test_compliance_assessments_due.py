"""Worked examples: an assessment is due by its instrument's interval (compliance/assessments.py)."""

from __future__ import annotations

import dataclasses
from datetime import date

from fieldcase.bundled import resource
from fieldcase.domain.assessments import Assessment
from fieldcase.domain.cases import Case
from fieldcase.domain.compliance import DeadlineKind, DeadlineState, caseload_compliance
from fieldcase.domain.compliance.assessments import assessment_deadline, birthday
from fieldcase.domain.compliance.care import CarePeriod
from fieldcase.domain.instruments import parse_instrument
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.workflow import Status

CHECKLIST = parse_instrument(
    resource("instruments", "independent_living_skills.json").read_bytes(), source="shipped"
)
#: an instrument for every age, due 30 days after entering care (the rule pack's number), then every 90 days
EVERY_AGE = dataclasses.replace(CHECKLIST, id="wellbeing", minimum_age=None, interval_days=90)
IN_CARE = (CarePeriod(date(2026, 1, 10), None),)


def done(
    on: date, *, status: Status = Status.APPROVED, instrument: str = "wellbeing", id: str = "a"
) -> Assessment:
    return Assessment(
        id=id,
        case_id="c1",
        status=status,
        instrument_id=instrument,
        instrument_version="1.0",
        child_id="kid",
        assessed_on=on,
    )


def due(
    instrument=EVERY_AGE, *, as_of: date, assessments=(), born=date(2015, 6, 1), periods=IN_CARE
):
    return assessment_deadline(
        instrument,
        child_id="kid",
        case_id="c1",
        periods=periods,
        born=born,
        assessments=assessments,
        as_of=as_of,
    )


def test_the_first_is_due_thirty_days_after_entering_care():
    # entered care 10 January: due 9 February; on 1 February it is due soon (7 days: the rule pack)
    d = due(as_of=date(2026, 1, 20))
    assert (d.kind, d.due, d.state, d.days_left) == (
        DeadlineKind.ASSESSMENT,
        date(2026, 2, 9),
        DeadlineState.PENDING,
        20,
    )
    assert due(as_of=date(2026, 2, 2)).state is DeadlineState.DUE_SOON
    assert due(as_of=date(2026, 2, 10)).state is DeadlineState.OVERDUE
    assert MISSOURI.assessment_first_due_days == 30


def test_an_instrument_may_name_its_own_first_due_days():
    d = due(dataclasses.replace(EVERY_AGE, first_due_days=14), as_of=date(2026, 1, 20))
    assert d.due == date(2026, 1, 24)


def test_then_every_interval_after_the_last_one_that_happened():
    # rated 5 February (on time): the next is due 90 days later, 6 May; a draft or a voided one later changes nothing
    found = [
        done(date(2026, 2, 5)),
        done(date(2026, 3, 1), status=Status.DRAFT, id="b"),
        done(date(2026, 3, 2), status=Status.VOIDED, id="c"),
    ]
    d = due(as_of=date(2026, 3, 10), assessments=found)
    assert (d.due, d.state) == (date(2026, 5, 6), DeadlineState.PENDING)
    # a submitted one counts as done (approval is the supervisor's, the rating happened)
    d = due(as_of=date(2026, 3, 10), assessments=[done(date(2026, 3, 1), status=Status.SUBMITTED)])
    assert d.due == date(2026, 5, 30)
    # another instrument's assessment does not count for this one
    assert due(
        as_of=date(2026, 3, 10), assessments=[done(date(2026, 2, 5), instrument="other")]
    ).due == date(2026, 2, 9)


def test_an_assessment_from_an_earlier_stay_in_care_does_not_count():
    periods = (
        CarePeriod(date(2024, 1, 1), date(2024, 12, 31)),
        CarePeriod(date(2026, 1, 10), None),
    )
    d = due(as_of=date(2026, 1, 20), assessments=[done(date(2024, 6, 1))], periods=periods)
    assert d.due == date(2026, 2, 9)


def test_with_a_minimum_age_the_clock_starts_at_the_birthday_in_care():
    # the checklist is for 14+: a youth in care since 10 January who turns 14 on 1 March is due 31 March
    d = due(CHECKLIST, as_of=date(2026, 3, 5), born=date(2012, 3, 1))
    assert d.due == date(2026, 3, 31)
    # before the birthday it does not apply; nor with no birthday on record
    assert due(CHECKLIST, as_of=date(2026, 2, 27), born=date(2012, 3, 1)) is None
    assert due(CHECKLIST, as_of=date(2026, 3, 5), born=None) is None
    # a youth already 14 when entering care: 30 days from entering care
    assert due(CHECKLIST, as_of=date(2026, 1, 20), born=date(2010, 5, 5)).due == date(2026, 2, 9)
    # then every 180 days (the checklist's interval)
    assert due(
        CHECKLIST,
        as_of=date(2026, 3, 1),
        born=date(2010, 5, 5),
        assessments=[done(date(2026, 2, 1), instrument=CHECKLIST.id)],
    ).due == date(2026, 7, 31)


def test_not_in_care_on_the_day_nothing_is_due():
    assert due(as_of=date(2026, 1, 5)) is None
    left = (CarePeriod(date(2026, 1, 10), date(2026, 2, 1)),)
    assert due(as_of=date(2026, 2, 20), periods=left) is None


def test_a_leap_day_birthday_turns_on_the_first_of_march():
    assert birthday(date(2012, 2, 29), 14) == date(2026, 3, 1)
    assert birthday(date(2012, 2, 29), 16) == date(2028, 2, 29)


def test_the_caseload_counts_overdue_assessments_in_its_lines():
    case = Case(id="c1", case_number="24-1", removal_date=date(2026, 1, 10))
    youth = Person(
        id="kid",
        case_id="c1",
        role=PersonRole.CHILD,
        given_name="Ana",
        family_name="Test",
        date_of_birth=date(2010, 5, 5),
    )
    placement = Placement(id="p1", case_id="c1", child_id="kid", starts_on=date(2026, 1, 10))
    found = caseload_compliance(
        cases=[case],
        as_of=date(2026, 3, 1),
        placements=[placement],
        people=[youth],
        instruments=[CHECKLIST],
    )
    child = found.children[0]
    assert [(d.instrument_id, d.due, d.state) for d in child.assessments] == [
        (CHECKLIST.id, date(2026, 2, 9), DeadlineState.OVERDUE)
    ]
    assert found.counts.assessments_overdue == 1
    assert "1 assessment overdue" in found.lines
    rated = Assessment(
        id="a",
        case_id="c1",
        status=Status.SUBMITTED,
        instrument_id=CHECKLIST.id,
        instrument_version="1.0",
        child_id="kid",
        assessed_on=date(2026, 2, 20),
    )
    found = caseload_compliance(
        cases=[case],
        as_of=date(2026, 3, 1),
        placements=[placement],
        people=[youth],
        instruments=[CHECKLIST],
        assessments=[rated],
    )
    assert found.counts.assessments_overdue == 0 and found.children[0].assessments[0].due == date(
        2026, 8, 19
    )
