"""Starting a family support team meeting record (domain/team_meetings.py): now, the case's
children, and a row for each parent, relative and resource parent of the case marked invited —
who came is marked at the meeting. Everything after that is the field records' (drafts, submit,
addenda: services/field_records.py)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole
from fieldcase.domain.team_meetings import Attendee, TeamMeeting

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

KIND = "team_meeting"
#: the people of a case a family support team meeting invites (RSMo 210.110: the parents, the
#: resource family, relatives the family names); professionals are added by name at the meeting
_INVITED_ROLES = (PersonRole.PARENT, PersonRole.RESOURCE_PARENT, PersonRole.RELATIVE)


def new_team_meeting(store: Store, *, case_id: str, user_id: str, now: datetime) -> TeamMeeting:
    people = store.repository("person").list(case_id=case_id)
    children = tuple(sorted(p.id for p in people if p.role is PersonRole.CHILD and p.exit_date is None))
    invited = sorted((p for p in people if p.role in _INVITED_ROLES), key=lambda p: (_INVITED_ROLES.index(p.role), p.display_name, p.id))
    return TeamMeeting(
        id=new_id(), case_id=case_id, created_by=user_id, recorded_by=user_id, held_at=now.replace(second=0, microsecond=0),
        child_ids=children, attendees=tuple(Attendee(person_id=p.id, invited=True) for p in invited),
    )
