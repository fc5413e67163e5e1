"""When a family support team meeting record is believable (always) and complete enough to submit."""

from __future__ import annotations

from .problems import Problem, blank
from .team_meetings import MeetingPurpose, TeamMeeting


def team_meeting_problems(meeting: TeamMeeting, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    add = lambda field, message, **values: found.append(Problem.of(field, message, **values))  # noqa: E731

    # values that cannot be true, refused even in a draft
    if meeting.held_at and meeting.ended_at and meeting.ended_at < meeting.held_at:
        add("ended_at", "The meeting ends before it starts; check the times.")
    if (
        meeting.held_at
        and meeting.next_meeting_on
        and meeting.next_meeting_on < meeting.held_at.date()
    ):
        add("next_meeting_on", "The next meeting is dated before this one; check the date.")
    people: set[str] = set()
    for i, row in enumerate(meeting.attendees):
        if row.person_id:
            if row.person_id in people:
                add(f"attendees[{i}].person_id", "Person {number} is listed twice.", number=i + 1)
            people.add(row.person_id)
        if row.signed is True and row.present is False:
            add(
                f"attendees[{i}].signed",
                "Person {number} was not present, so cannot have signed.",
                number=i + 1,
            )

    if not for_submit:
        return found

    if meeting.held_at is None:
        add("held_at", "Enter when the meeting was held.")
    if blank(meeting.place):
        add("place", "Say where the meeting was held.")
    if blank(meeting.facilitator):
        add("facilitator", "Say who facilitated the meeting.")
    if meeting.purpose is None:
        add("purpose", "Choose the purpose of the meeting.")
    elif meeting.purpose is MeetingPurpose.OTHER and blank(meeting.purpose_detail):
        add("purpose_detail", "Say what the meeting was for.")
    if not meeting.child_ids:
        add("child_ids", "Choose the children the meeting is about.")
    if not meeting.attendees:
        add("attendees", "List who was invited and who came.")
    for i, row in enumerate(meeting.attendees):
        if blank(row.person_id) and blank(row.name):
            add(
                f"attendees[{i}].person_id",
                "Person {number}: choose a person of the case or type a name.",
                number=i + 1,
            )
        if blank(row.role) and blank(
            row.person_id
        ):  # a person of the case has their role in the case
            add(
                f"attendees[{i}].role",
                "Person {number}: give their role in the meeting.",
                number=i + 1,
            )
        if row.present is None:
            add(
                f"attendees[{i}].present",
                "Person {number}: say whether they were present.",
                number=i + 1,
            )
    if meeting.attendees and not any(row.present is True for row in meeting.attendees):
        add("attendees", "Nobody is marked present: a meeting nobody attended was not held.")
    if blank(meeting.decisions):
        add("decisions", "Write the decisions the team made.")
    for i, service in enumerate(meeting.services):
        if blank(service.service):
            add(
                f"services[{i}].service", "Service {number}: say what the service is.", number=i + 1
            )
    return found
