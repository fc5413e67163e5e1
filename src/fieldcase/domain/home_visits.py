"""The caseworker's contact with a child and family (federal monthly caseworker visit, SSA §424(e))."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from .attachments import AttachmentRef
from .field_record import FieldRecord
from .safe_repr import record_repr


class ContactMethod(enum.Enum):
    FACE_TO_FACE = "face_to_face"
    VIDEO = "video"
    PHONE = "phone"
    ATTEMPTED_UNSUCCESSFUL = "attempted_unsuccessful"
    COLLATERAL = "collateral"


class VisitPurpose(enum.Enum):
    MONTHLY_CASEWORKER_VISIT = "monthly_caseworker_visit"
    INITIAL_PLACEMENT_VISIT = "initial_placement_visit"
    PLACEMENT_CHANGE_VISIT = "placement_change_visit"
    TRIAL_HOME_VISIT = "trial_home_visit"
    PARENT_VISIT = "parent_visit"
    CAREGIVER_VISIT = "caregiver_visit"
    FAMILY_SUPPORT_TEAM = "family_support_team"


class VisitOutcome(enum.Enum):
    COMPLETED = "completed"
    ATTEMPTED = "attempted"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class LocationType(enum.Enum):
    CHILD_RESIDENCE = "child_residence"  # the child's home or placement
    PARENT_HOME = "parent_home"
    SCHOOL = "school"
    OFFICE = "office"
    COMMUNITY = "community"
    OTHER = "other"


class Topic(enum.Enum):
    SAFETY = "safety"
    PERMANENCY = "permanency"  # permanency and the case plan
    HEALTH = "health"
    EDUCATION = "education"
    DEVELOPMENT = "development"
    FAMILY_VISITS = "family_visits"
    NORMALCY = "normalcy"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildSeen:
    """One row per child the visit concerns."""

    child_id: str
    seen: bool | None = None  # None = not yet recorded
    reason_not_seen: str | None = None
    seen_privately: bool | None = None
    reason_not_private: str | None = None  # e.g. a non-verbal infant
    topics: frozenset[Topic] = frozenset()
    present_danger: bool | None = None
    safety_narrative: str | None = None
    safety_plan_triggered: bool = False
    well_being_notes: str | None = None
    child_statements: str | None = None  # the child's own words, quoted


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    """Someone at the visit: a person in the case, or a free-text name (a neighbour, a therapist)."""

    person_id: str | None = None
    name: str | None = None
    role: str | None = None
    present: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUpTask:
    action: str
    owner: str | None = None
    due: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class HomeVisit(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    conducted_by: str | None = None
    recorded_by: str | None = None
    recorded_at: datetime | None = None
    contact_start: datetime | None = None
    contact_end: datetime | None = None
    method: ContactMethod | None = None
    purpose: VisitPurpose | None = None
    outcome: VisitOutcome | None = None
    location_type: LocationType | None = None
    address: str | None = None
    placement_id: str | None = None  # the child's placement at the time of the visit
    # Required when the visit is not in the child's residence (federal monthly visit rule: most
    # visits must be in the residence; a visit elsewhere needs a reason and what it gained the child).
    reason_not_in_residence: str | None = None
    benefit_not_in_residence: str | None = None
    participants: tuple[Participant, ...] = ()
    children: tuple[ChildSeen, ...] = ()
    observations: str | None = None
    home_conditions: str | None = None
    services_status: str | None = None
    caregiver_needs: str | None = None
    follow_up_tasks: tuple[FollowUpTask, ...] = ()
    next_visit_planned: date | None = None
    attachments: tuple[AttachmentRef, ...] = ()
