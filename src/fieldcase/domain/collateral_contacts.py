"""A collateral contact: the caseworker's contact with someone around the child who is not the
family — the school, a therapist, a doctor, the attorney or guardian ad litem, the CASA volunteer,
the court, the police, another agency (domain.md "The rest of the caseworker's week"). Several a
week, often a phone call from the car; documented like a home visit (draft → submitted → approved,
the documentation-timeliness rule) and shown in the case's timeline and the court report's contact
list.

The party's own details (a phone number, an e-mail, an office address) are restricted like
addresses: a therapist of a domestic-violence survivor or a shelter's line must not reach a printed
summary for the family (domain/kinds.py `restricted`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .field_record import FieldRecord
from .home_visits import FollowUpTask
from .problems import Problem, blank
from .safe_repr import record_repr
from .workflow import Status


class CollateralRole(enum.Enum):
    """Who the party is to the child."""

    SCHOOL = "school"
    THERAPIST = "therapist"
    MEDICAL = "medical"
    ATTORNEY_GAL = "attorney_or_guardian_ad_litem"
    CASA = "court_appointed_special_advocate"  # CASA
    COURT = "court"
    LAW_ENFORCEMENT = "law_enforcement"
    OTHER_AGENCY = "other_agency"


class CollateralMethod(enum.Enum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    EMAIL = "email"
    LETTER = "letter"
    #: tried and did not reach them (a voicemail left): still documented, it shows the effort
    ATTEMPTED = "attempted"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class CollateralContact(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    recorded_by: str | None = None
    #: when the note was written (documentation timeliness counts from the contact's end to this)
    recorded_at: datetime | None = None
    contact_start: datetime | None = None
    contact_end: datetime | None = None
    party_name: str | None = None
    party_organisation: str | None = None
    party_role: CollateralRole | None = None
    #: phone, e-mail, address of the party: restricted (withheld from family and court copies)
    party_contact: str | None = None
    method: CollateralMethod | None = None
    child_ids: tuple[str, ...] = ()
    purpose: str | None = None
    summary: str | None = None
    follow_up_tasks: tuple[FollowUpTask, ...] = ()


def collateral_contact_problems(contact: CollateralContact, *, for_submit: bool) -> list[Problem]:
    found: list[Problem] = []
    if (
        contact.contact_start
        and contact.contact_end
        and contact.contact_end < contact.contact_start
    ):
        found.append(Problem("contact_end", "The contact ends before it starts; check the times."))
    if len(set(contact.child_ids)) != len(contact.child_ids):
        found.append(Problem("child_ids", "A child is listed twice."))
    for i, task in enumerate(contact.follow_up_tasks):
        if for_submit and blank(task.action):
            found.append(
                Problem.of(
                    f"follow_up_tasks[{i}].action",
                    "Task {number}: say what is to be done.",
                    number=i + 1,
                )
            )
    if not for_submit:
        return found
    if contact.contact_start is None:
        found.append(Problem("contact_start", "Enter when the contact took place."))
    if blank(contact.party_name) and blank(contact.party_organisation):
        found.append(Problem("party_name", "Say who you spoke with: a name or an organisation."))
    if contact.party_role is None:
        found.append(
            Problem("party_role", "Choose who the party is to the child (school, therapist …).")
        )
    if contact.method is None:
        found.append(Problem("method", "Choose how the contact was made."))
    if not contact.child_ids:
        found.append(Problem("child_ids", "Choose the children the contact was about."))
    if blank(contact.summary):
        found.append(Problem("summary", "Write what was said or learned."))
    return found


def contacts_in_period(
    contacts: Iterable[CollateralContact],
    *,
    case_id: str,
    start: date,
    end: date,
    approved_only: bool = True,
) -> tuple[CollateralContact, ...]:
    """The case's collateral contacts from `start` to `end` (both days included), oldest first: the
    court report's contact list (a court report is composed from the approved record since the last
    hearing, so only approved contacts by default). Voided contacts never count."""
    found = []
    for c in contacts:
        if c.case_id != case_id or c.contact_start is None or c.status is Status.VOIDED:
            continue
        if approved_only and c.status is not Status.APPROVED:
            continue
        if start <= c.contact_start.date() <= end:
            found.append(c)
    return tuple(sorted(found, key=lambda c: (c.contact_start, c.id)))
