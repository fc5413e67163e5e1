"""A family support team meeting (RSMo 210.110; domain.md "The rest of the caseworker's week"): the
family, the resource family and the professionals meet within 72 hours of a child's placement, at
30 days, before plan reviews and when the child moves. Held in homes, offices and courts, often with
no signal: the record is a field record (draft → submitted → approved, addenda), written offline.

Who was invited and who came is one row per person: a person of the case, or a professional by
name and organisation; each row says invited, present and signed (the signatures themselves are
drawn on the pad and kept as attachments, as on a home visit). The changes the team proposes to the
case plan are kept as rows of text, so one action can start a case-plan draft from them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from .attachments import AttachmentRef
from .field_record import FieldRecord
from .safe_repr import record_repr
from .workflow import Status


class MeetingPurpose(enum.Enum):
    # RSMo 210.110: within 72 hours of the child's placement, and at 30 days
    WITHIN_72_HOURS = "within_72_hours"
    AT_30_DAYS = "at_30_days"
    REVIEW = "review"  # before a case-plan review, or as the case needs
    PLACEMENT_CHANGE = "placement_change"
    PERMANENCY = "permanency"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendee:
    """One person invited to or present at the meeting: a person of the case (`person_id`) or a
    professional named in free text with their organisation (a therapist, the guardian ad litem)."""

    person_id: str | None = None
    name: str | None = None
    organisation: str | None = None
    #: a `case_plans.ParticipantRole` value ("therapist"), or words typed before the list ("CASA volunteer")
    role: str | None = None
    #: None: not recorded yet (a row is started before the meeting, and "no" is an answer)
    invited: bool | None = None
    present: bool | None = None
    signed: bool | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceAgreed:
    service: str = ""
    provider: str | None = None
    responsible: str | None = None  # who sees that it happens
    by: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanChange:
    """One change the team proposes to the case plan, in its words."""

    change: str = ""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class TeamMeeting(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    held_at: datetime | None = None
    ended_at: datetime | None = None
    #: where it was held; restricted (kinds.py): a meeting in the resource family's home is at their address
    place: str | None = None
    facilitator: str | None = None
    recorded_by: str | None = None
    purpose: MeetingPurpose | None = None
    purpose_detail: str | None = None
    #: the children the meeting is about
    child_ids: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    decisions: str | None = None
    services: tuple[ServiceAgreed, ...] = ()
    plan_changes: tuple[PlanChange, ...] = ()
    next_meeting_on: date | None = None
    #: signatures captured on the pad (and any document handed round)
    attachments: tuple[AttachmentRef, ...] = ()

    @property
    def proposed_changes(self) -> tuple[str, ...]:
        """The proposed plan changes that say something, in order (what a case-plan draft starts from)."""
        return tuple(text for row in self.plan_changes if (text := (row.change or "").strip()))


def held_on(meeting: object) -> date | None:
    """The day a meeting was held, or None when its record does not (yet) say it was held.

    One rule, as `seen.py` is for visits, read by the compliance deadlines and the screens: a
    meeting record was held when it has its date and time and at least one person marked present,
    and is not voided. The paperwork state does not matter — a draft, a submitted, a returned and an
    approved record all record a meeting that happened, as a home visit's draft records a contact
    that happened (domain.md "Seen"): the statute asks for the meeting, and writing it up on time
    and having it approved are the supervisor's columns, not the meeting's. A draft started before
    the meeting, with the invitations only and nobody marked present, held nothing.

    Takes the record or its compliance facts (the same attribute names)."""
    if meeting.status is Status.VOIDED or meeting.held_at is None:  # type: ignore[attr-defined]
        return None
    if not any(a.present is True for a in meeting.attendees):  # type: ignore[attr-defined]
        return None
    return meeting.held_at.date()  # type: ignore[attr-defined]
