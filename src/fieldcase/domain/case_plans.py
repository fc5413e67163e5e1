"""The case plan (Missouri 13 CSR 40-30.010, RSMo 210.112): written with the family within 30 days of
custody (14 days of referral for contracted case management), reviewed every 6 months, presented to
the court. One record per version: version 1 is the initial plan; a 6-month review is version N+1,
started from version N (`previous_version_id`, `review_of`) with the progress made on each service and
goal. A version travels like every field record (draft → submitted → approved or returned, addenda
once approved); an approved version never changes, so the court reads the plan it approved.

Its fields follow the regulation's list of contents, in its order. Rows (services, participants,
visiting arrangements, progress) are plain frozen dataclasses: the court report reads the services
of the approved plan as they are.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .attachments import AttachmentRef
from .cases import PermanencyGoal
from .field_record import FieldRecord
from .safe_repr import record_repr
from .visitation_plans import SupervisionLevel, VisitFrequency


class ServiceFor(enum.Enum):
    """Whom a service is for: the parents' services and the child's are read apart by the court."""

    PARENT = "parent"
    CHILD = "child"
    FAMILY = "family"
    RESOURCE_FAMILY = "resource_family"


class Progress(enum.Enum):
    """Progress on a service or a goal at a 6-month review, in the words the review uses."""

    NOT_STARTED = "not_started"
    SOME_PROGRESS = "some_progress"
    SUBSTANTIAL_PROGRESS = "substantial_progress"
    ACHIEVED = "achieved"
    NO_PROGRESS = "no_progress"
    NO_LONGER_NEEDED = "no_longer_needed"


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanService:
    """One service of the plan: what, who provides it, who is responsible for it and by when."""

    description: str = ""  # what: "Parenting classes, 10 sessions"
    provider: str | None = None  # the agency or professional providing it
    responsible: str | None = None  # who sees that it happens: a person id of the case, or a name
    service_for: ServiceFor | None = None
    person_id: str | None = None  # the parent or child it is for, when one
    starts_on: date | None = None
    ends_by: date | None = None  # the timeframe's end
    court_ordered: bool | None = None  # None = not yet said


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitingArrangement:
    """The parental visiting schedule, one row per visitation plan of the case (drawn from them when
    the plan is started): frequency, location, arrangements and how the visits are documented."""

    plan_id: str | None = None  # the visitation plan it was drawn from
    who: str | None = None  # "Mother with both children"
    frequency: VisitFrequency | None = None
    duration_minutes: int | None = None
    location: str | None = None
    supervision: SupervisionLevel | None = None
    arrangements: str | None = None  # transport, supervisor, backup
    documented_by: str | None = None  # "Family visit entries by the visit supervisor"


class ParticipantRole(enum.Enum):
    """What a participant is to the plan (a case plan, a transition plan), chosen from a list so that it
    reads in the family's language on screen and on paper. `PlanParticipant.role` holds the value as
    text: a plan written before the list keeps the words typed then ("Mother"), shown as they were."""

    PARENT = "parent"
    CHILD = "child"
    YOUTH = "youth"  # a transition plan's own youth
    RESOURCE_PARENT = "resource_parent"
    RELATIVE = "relative"
    GUARDIAN_AD_LITEM = "guardian_ad_litem"
    COURT_APPOINTED_SPECIAL_ADVOCATE = "court_appointed_special_advocate"
    ATTORNEY = "attorney"
    THERAPIST = "therapist"
    SERVICE_PROVIDER = "service_provider"
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    OTHER = "other"


def participant_role(role: str | None) -> ParticipantRole | None:
    """The role chosen from the list; None for no role or one typed before the list existed."""
    try:
        return ParticipantRole(role) if role else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanParticipant:
    """Someone who took part in writing the plan: a person of the case or a professional by name.
    `signed` and `signed_on` are what the printed plan shows; a signature drawn on the pad is an
    attachment of the record (`CasePlan.attachments`)."""

    person_id: str | None = None
    name: str | None = None
    #: a `ParticipantRole` value ("guardian_ad_litem"), or the words typed before the list ("Mother")
    role: str | None = None
    signed: bool | None = None
    signed_on: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProgressNote:
    """At a 6-month review: how far one service or one goal of the previous version got."""

    item: str = ""  # the service's description or the goal, as the previous version said it
    is_goal: bool = False
    progress: Progress | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class CasePlan(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    # --- which plan
    version: int = 1
    previous_version_id: str | None = None  # the version this one was started from
    review_of: str | None = None  # set on a 6-month review: the version it reviews
    plan_date: date | None = None  # the day the plan was written with the family (the clocks' day)
    period_starts: date | None = None
    period_ends: date | None = None
    written_by: str | None = None

    # --- identifying information: the child and the immediate and extended family
    child_ids: tuple[str, ...] = ()
    family_ids: tuple[str, ...] = ()  # parents, siblings, relatives: people of the case
    family_notes: str | None = None  # extended family not in the case, free text

    # --- why care is needed
    conditions: str | None = None  # the factors and conditions that made services or care necessary
    judicial_determination: str | None = None
    psychological_needs: str | None = None  # the child's

    # --- efforts made
    efforts_prevent_removal: str | None = None
    efforts_reunify: str | None = None
    efforts_permanency: str | None = None

    # --- permanency plan and concurrent plan (APPLA only at 16 or older: case_plan_rules.py)
    permanency_goal: PermanencyGoal | None = None
    concurrent_goal: PermanencyGoal | None = None
    goal_rationale: str | None = None

    # --- services, court orders, responsibilities
    services: tuple[PlanService, ...] = ()
    court_order_requirements: str | None = None
    parent_responsibilities: str | None = None
    behaviours_ending_services: str | None = (
        None  # the parental behaviours that show care is no longer needed
    )

    # --- placement appropriateness
    least_restrictive: bool | None = None
    placement_appropriateness: str | None = (
        None  # why this is the least restrictive, most family-like setting
    )
    proximity_to_parents: str | None = None
    needs_met: str | None = None  # how the placement meets the child's needs

    # --- parental visiting schedule (drawn from the visitation plans)
    visiting: tuple[VisitingArrangement, ...] = ()

    # --- evaluation of achievement, by all parties
    evaluation: str | None = None
    evaluation_from: date | None = None
    evaluation_to: date | None = None

    # --- 6-month review: progress per service and per goal of the previous version
    progress: tuple[ProgressNote, ...] = ()
    #: what changes from the previous version and why (a family support team meeting's proposed
    #: changes are appended here: services/case_plans.start_draft)
    plan_changes: str | None = None

    # --- who took part and signed
    participants: tuple[PlanParticipant, ...] = ()
    attachments: tuple[AttachmentRef, ...] = ()  # signatures drawn on the pad

    @property
    def is_review(self) -> bool:
        return self.review_of is not None
