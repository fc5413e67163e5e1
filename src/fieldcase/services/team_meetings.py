"""Starting a family support team meeting record (domain/team_meetings.py): now, the case's
children, and a row for each parent, relative and resource parent of the case marked invited —
who came is marked at the meeting. Everything after that is the field records' (drafts, submit,
addenda: services/field_records.py); the proposed plan changes start a case-plan draft."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole
from fieldcase.domain.team_meetings import Attendee, TeamMeeting
from fieldcase.errors import UserError

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

KIND = "team_meeting"
#: the people of a case a family support team meeting invites (RSMo 210.110: the parents, the
#: resource family, relatives the family names); professionals are added by name at the meeting
_INVITED_ROLES = (PersonRole.PARENT, PersonRole.RESOURCE_PARENT, PersonRole.RELATIVE)


def new_team_meeting(store: Store, *, case_id: str, user_id: str, now: datetime) -> TeamMeeting:
    people = store.repository("person").list(case_id=case_id)
    children = tuple(
        sorted(p.id for p in people if p.role is PersonRole.CHILD and p.exit_date is None)
    )
    invited = sorted(
        (p for p in people if p.role in _INVITED_ROLES),
        key=lambda p: (_INVITED_ROLES.index(p.role), p.display_name, p.id),
    )
    return TeamMeeting(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        recorded_by=user_id,
        held_at=now.replace(second=0, microsecond=0),
        child_ids=children,
        attendees=tuple(Attendee(person_id=p.id, invited=True) for p in invited),
    )


class NoProposedChanges(UserError):
    code = "team_meeting.no_proposed_changes"

    def __init__(self) -> None:
        super().__init__("Write the changes proposed to the case plan first.")


def start_plan_draft(store: Store, *, meeting_id: str) -> str:
    """ "Start a case-plan draft from these changes": the case plan being written for the meeting's
    case (or the next version of the approved one) gets the meeting's proposed changes, one line each
    (services/case_plans.start_draft); the plan's record id. Reads the meeting as stored, so the
    form saves first."""
    from fieldcase.services import case_plans  # the plan's module loads when a plan is asked for

    meeting = store.get(meeting_id).to_domain()
    if not isinstance(meeting, TeamMeeting) or not meeting.proposed_changes:
        raise NoProposedChanges()
    return case_plans.start_draft(
        store,
        meeting.case_id,
        from_meeting_changes=list(meeting.proposed_changes),
        user_id=store.header.user_id,
    )
