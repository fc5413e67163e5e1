"""Family support team meetings (RSMo 210.110): what a complete meeting record is, when a record
says the meeting was held, and how held meetings meet the 72-hour, 30-day and placement-change
deadlines — worked examples with the days written out."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from fieldcase.domain.compliance import (
    DeadlineState,
    caseload_compliance,
    family_support_team_deadlines,
)
from fieldcase.domain.compliance.facts import AttendeeFacts, TeamMeetingFacts
from fieldcase.domain.metadata import children_of, occurred_on, restricted_fields, search_text
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.team_meetings import (
    Attendee,
    MeetingPurpose,
    PlanChange,
    ServiceAgreed,
    TeamMeeting,
    held_on,
)
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status

from .builders import CENTRAL
from .test_compliance_support import case, placement

# custody taken on Friday 7 March 2025: the 72-hour meeting is due Monday 10 March, the 30-day one 6 April
CUSTODY = date(2025, 3, 7)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CENTRAL)


def meeting(
    day: date | None = date(2025, 3, 9), *, present: bool | None = True, **changes
) -> TeamMeeting:
    fields = dict(
        id=f"m-{day}",
        case_id="c1",
        held_at=at(day) if day else None,
        ended_at=at(day, 11) if day else None,
        place="County office, room 2",
        facilitator="Facilitator One",
        purpose=MeetingPurpose.WITHIN_72_HOURS,
        child_ids=("child-a",),
        attendees=(
            Attendee(
                person_id="mother", role="Parent", invited=True, present=present, signed=present
            ),
            Attendee(
                name="Therapist Two",
                organisation="Riverside Counseling",
                role="Therapist",
                invited=True,
                present=False,
            ),
        ),
        decisions="Weekly supervised family time; the mother starts parenting classes.",
        services=(
            ServiceAgreed(
                service="Parenting classes",
                provider="Family Center",
                responsible="Mother",
                by=date(2025, 4, 1),
            ),
        ),
        plan_changes=(
            PlanChange(change="Add parenting classes to the mother's responsibilities."),
            PlanChange(change="  "),
        ),
        next_meeting_on=date(2025, 4, 4),
    )
    fields.update(changes)
    return TeamMeeting(**fields)


# --------------------------------------------------------------------------- the record


def test_a_complete_meeting_may_be_submitted_and_round_trips():
    m = meeting()
    assert problems(m, for_submit=True, on=date(2025, 3, 9)) == []
    assert from_dict("team_meeting", to_dict(m)) == m
    assert occurred_on(m) == date(2025, 3, 9)
    assert children_of(m) == ("child-a",)
    # the place may be the resource family's home: withheld from the family and the court copies
    assert "place" in restricted_fields(m)
    assert "Riverside Counseling" in search_text(m) and "County office" not in search_text(m)


def test_only_proposed_changes_with_words_start_a_plan_draft():
    assert meeting().proposed_changes == (
        "Add parenting classes to the mother's responsibilities.",
    )


def test_an_empty_draft_is_saved_but_not_submitted():
    draft = TeamMeeting(id="m", case_id="c1")
    assert problems(draft, for_submit=False) == []
    fields = {p.field for p in problems(draft, for_submit=True)}
    assert fields == {
        "held_at",
        "place",
        "facilitator",
        "purpose",
        "child_ids",
        "attendees",
        "decisions",
    }


@pytest.mark.parametrize(
    "changes,field",
    [
        (dict(purpose=MeetingPurpose.OTHER, purpose_detail=" "), "purpose_detail"),
        (dict(attendees=(Attendee(role="Parent", present=True),)), "attendees[0].person_id"),
        (
            dict(
                attendees=(
                    Attendee(person_id="mother", present=True),
                    Attendee(name="GAL", present=True),
                )
            ),
            "attendees[1].role",
        ),
        (
            dict(
                attendees=(
                    Attendee(person_id="mother", role="Parent", present=True),
                    Attendee(name="GAL", role="Guardian ad litem"),
                )
            ),
            "attendees[1].present",
        ),
        (dict(services=(ServiceAgreed(service=""),)), "services[0].service"),
    ],
)
def test_what_a_submitted_meeting_needs(changes, field):
    found = problems(meeting(**changes), for_submit=True, on=date(2025, 3, 9))
    assert [p.field for p in found] == [field]


def test_nobody_present_is_no_meeting():
    found = problems(meeting(present=False), for_submit=True, on=date(2025, 3, 9))
    assert [p.message for p in found] == [
        "Nobody is marked present: a meeting nobody attended was not held."
    ]


def test_impossible_values_are_refused_even_in_a_draft():
    m = meeting(
        ended_at=at(date(2025, 3, 9), 8),
        next_meeting_on=date(2025, 3, 1),
        attendees=(
            Attendee(person_id="mother", present=False, signed=True),
            Attendee(person_id="mother"),
        ),
    )
    found = {p.field: p.message for p in problems(m, for_submit=False)}
    assert found == {
        "ended_at": "The meeting ends before it starts; check the times.",
        "next_meeting_on": "The next meeting is dated before this one; check the date.",
        "attendees[0].signed": "Person 1 was not present, so cannot have signed.",
        "attendees[1].person_id": "Person 2 is listed twice.",
    }


def test_a_meeting_dated_tomorrow_is_not_submitted_yet():
    found = problems(meeting(date(2025, 3, 10)), for_submit=True, on=date(2025, 3, 9))
    assert [p.field for p in found] == ["held_at"]
    assert problems(meeting(date(2025, 3, 10)), for_submit=True, on=date(2025, 3, 10)) == []


# --------------------------------------------------------------------------- held


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED]
)
def test_a_meeting_with_someone_present_was_held_whatever_its_paperwork(status):
    assert held_on(meeting(status=status)) == date(2025, 3, 9)


def test_invitations_only_a_voided_record_or_no_date_hold_nothing():
    assert held_on(meeting(present=None)) is None  # started before the meeting: nobody marked yet
    assert held_on(meeting(status=Status.VOIDED)) is None
    assert held_on(meeting(None)) is None


def test_the_facts_read_by_the_screens_give_the_same_answer():
    facts = TeamMeetingFacts(
        id="m",
        case_id="c1",
        status=Status.SUBMITTED,
        held_at=at(date(2025, 3, 9)),
        attendees=(AttendeeFacts(False), AttendeeFacts(True)),
    )
    assert held_on(facts) == date(2025, 3, 9)
    assert held_on(facts._replace(attendees=(AttendeeFacts(None),))) is None


# --------------------------------------------------------------------------- the deadlines


def deadlines(meetings, as_of, placements=(), **changes):
    return family_support_team_deadlines(
        case(removal_date=CUSTODY, **changes),
        as_of=as_of,
        team_meetings=meetings,
        placements=placements,
    )


def test_a_held_meeting_on_sunday_meets_the_72_hour_rule_and_the_30_day_one_is_still_needed():
    first, second = deadlines([meeting(date(2025, 3, 9))], date(2025, 3, 20))
    assert (first.due, first.state, first.met_on) == (
        date(2025, 3, 10),
        DeadlineState.MET,
        date(2025, 3, 9),
    )
    assert (second.due, second.state) == (date(2025, 4, 6), DeadlineState.PENDING)


def test_the_second_meeting_answers_the_30_day_rule():
    first, second = deadlines(
        [meeting(date(2025, 4, 3)), meeting(date(2025, 3, 9))], date(2025, 4, 10)
    )
    assert (first.state, second.state, second.met_on) == (
        DeadlineState.MET,
        DeadlineState.MET,
        date(2025, 4, 3),
    )


def test_a_meeting_on_wednesday_is_late_for_the_72_hours():
    first, _second = deadlines([meeting(date(2025, 3, 12))], date(2025, 3, 20))
    assert (first.state, first.met_on) == (DeadlineState.MET_LATE, date(2025, 3, 12))


def test_a_draft_of_invitations_only_or_a_voided_meeting_leaves_the_72_hours_overdue():
    first, _ = deadlines(
        [meeting(present=None), meeting(date(2025, 3, 8), status=Status.VOIDED)], date(2025, 3, 11)
    )
    assert first.state is DeadlineState.OVERDUE and first.days_left == -1


def test_another_cases_meeting_and_a_meeting_not_yet_come_do_not_count():
    other = dataclasses.replace(meeting(date(2025, 3, 9)), case_id="c2")
    ahead = meeting(date(2025, 3, 12))  # a draft dated ahead: held only once its day comes
    first, _ = deadlines([other, ahead], date(2025, 3, 11))
    assert first.state is DeadlineState.OVERDUE


def test_dates_the_agency_entered_on_the_case_still_count_beside_the_records():
    first, second = deadlines(
        [meeting(date(2025, 4, 1))],
        date(2025, 4, 10),
        family_support_team_meetings=(date(2025, 3, 8),),
    )
    assert (first.met_on, second.met_on) == (date(2025, 3, 8), date(2025, 4, 1))


def test_a_placement_change_calls_a_new_meeting_within_72_hours():
    # the child moves on Tuesday 15 April: a meeting is due by Friday 18 April
    moves = [placement("child-a", CUSTODY), placement("child-a", date(2025, 4, 15))]
    held = [meeting(date(2025, 3, 9)), meeting(date(2025, 4, 3))]
    *_custody, move = deadlines(held, date(2025, 4, 19), placements=moves)
    assert (move.due, move.state, move.placement_id, move.sequence) == (
        date(2025, 4, 18),
        DeadlineState.OVERDUE,
        "p-child-a-2025-04-15",
        2,
    )
    *_custody, move = deadlines(
        [*held, meeting(date(2025, 4, 17), purpose=MeetingPurpose.PLACEMENT_CHANGE)],
        date(2025, 4, 19),
        placements=moves,
    )
    assert (move.state, move.met_on) == (DeadlineState.MET, date(2025, 4, 17))


def test_a_meeting_in_the_week_before_a_planned_move_answers_it_and_siblings_moved_together_call_one():
    moves = [
        placement("child-a", CUSTODY),
        placement("child-b", CUSTODY),
        placement("child-a", date(2025, 5, 12)),
        placement("child-b", date(2025, 5, 12)),
    ]
    held = [
        meeting(date(2025, 3, 9)),
        meeting(date(2025, 4, 3)),
        meeting(date(2025, 5, 6)),
    ]  # Tuesday before the move
    found = deadlines(held, date(2025, 5, 20), placements=moves)
    assert len(found) == 3  # 72 hours, 30 days, one move for both children
    assert (found[2].state, found[2].met_on) == (DeadlineState.MET, date(2025, 5, 6))
    # a meeting two weeks before the move was about something else
    early = deadlines([*held[:2], meeting(date(2025, 4, 28))], date(2025, 5, 20), placements=moves)
    assert early[2].state is DeadlineState.OVERDUE


def test_the_caseload_counts_a_missing_meeting_and_a_held_one_clears_it():
    cases = [case(removal_date=CUSTODY)]
    moves = [placement("child-a", CUSTODY)]
    missing = caseload_compliance(cases=cases, placements=moves, as_of=date(2025, 3, 12))
    assert missing.counts.family_support_team_overdue == 1
    assert "1 family support team meeting overdue" in missing.lines
    held = caseload_compliance(
        cases=cases,
        placements=moves,
        team_meetings=[meeting(date(2025, 3, 9), status=Status.SUBMITTED)],
        as_of=date(2025, 3, 12),
    )
    assert held.counts.family_support_team_overdue == 0


# --------------------------------------------------------------------------- the week ahead


def test_the_week_ahead_lists_the_meeting_due_until_a_held_meeting_record_meets_it():
    from fieldcase.domain.agenda import AgendaSources, week_ahead

    today = date(2025, 3, 9)  # custody on the 7th: the 72-hour meeting is due tomorrow
    removed = case(removal_date=CUSTODY, last_case_plan_review=date(2025, 3, 1))
    due = [
        i
        for i in week_ahead(AgendaSources(today, {"case": [removed]}))
        if i.title == "Family support team meeting due"
    ]
    assert [(i.due, i.overdue) for i in due] == [(date(2025, 3, 10), False)]
    held = AgendaSources(
        today,
        {"case": [removed], "team_meeting": [meeting(date(2025, 3, 9), status=Status.SUBMITTED)]},
    )
    assert [i for i in week_ahead(held) if i.title == "Family support team meeting due"] == []
    # eleven days on, the child moves (the 18th): a new meeting is due by the 21st
    moved = AgendaSources(
        date(2025, 3, 20),
        {
            "case": [removed],
            "team_meeting": [meeting(date(2025, 3, 9))],
            "placement": [placement("child-a", CUSTODY), placement("child-a", date(2025, 3, 18))],
        },
    )
    assert [i.due for i in week_ahead(moved) if i.title == "Family support team meeting due"] == [
        date(2025, 3, 21)
    ]
