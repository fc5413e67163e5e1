"""The log of one planned family-time visit: who came, what happened, what the worker recommends."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from .field_record import FieldRecord
from .safe_repr import record_repr
from .visitation_plans import SupervisionLevel


class VisitationOutcome(enum.Enum):
    OCCURRED = "occurred"
    ENDED_EARLY = "ended_early"
    CANCELLED_BY_FAMILY = "cancelled_by_family"
    CANCELLED_BY_AGENCY = "cancelled_by_agency"
    CANCELLED_BY_PROVIDER = "cancelled_by_provider"
    PARENT_NO_SHOW = "parent_no_show"
    CHILD_UNABLE = "child_unable"
    CHILD_REFUSED = "child_refused"
    RESCHEDULED = "rescheduled"

    @property
    def is_cancellation(self) -> bool:
        return self.value.startswith("cancelled_by_") or self is VisitationOutcome.RESCHEDULED


class NonOccurrenceReason(enum.Enum):
    """Why a planned visit did not happen (or ended early). `WORKER_SCHEDULE` exists so that old or
    imported data can be read, and is refused by the Missouri rule pack."""

    PARENT_ILL = "parent_ill"
    CHILD_ILL = "child_ill"
    TRANSPORTATION = "transportation"
    WEATHER = "weather"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    SUPERVISOR_UNAVAILABLE = "supervisor_unavailable"
    COURT_ORDER = "court_order"
    SAFETY_CONCERN = "safety_concern"
    PARENT_IMPAIRED = "parent_impaired"
    CHILD_REFUSED = "child_refused"
    PARENT_DID_NOT_CONFIRM = "parent_did_not_confirm"
    SCHOOL_OR_MEDICAL_CONFLICT = "school_or_medical_conflict"
    WORKER_SCHEDULE = "worker_schedule"
    OTHER = "other"


class SupervisionRecommendation(enum.Enum):
    STEP_UP = "step_up"  # more supervision
    SAME = "same"
    STEP_DOWN = "step_down"  # less supervision


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendance:
    person_id: str
    expected: bool = True
    arrived_at: datetime | None = None
    departed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class VisitationEntry(FieldRecord):
    __repr__ = record_repr  # no personal data in logs and tracebacks

    plan_id: str | None = None
    # The children whose family time this was (the plan may cover a sibling group).
    child_ids: tuple[str, ...] = ()
    scheduled_start: datetime | None = None
    scheduled_end: datetime | None = None
    actual_location: str | None = None
    supervision_level: SupervisionLevel | None = None  # actual, may differ from the plan
    supervised_by: str | None = None
    attendance: tuple[Attendance, ...] = ()
    outcome: VisitationOutcome | None = None
    reason: NonOccurrenceReason | None = None
    reason_detail: str | None = None
    cancelled_by: str | None = None  # person id or name of whoever cancelled
    cancelled_at: datetime | None = None
    greeting_and_departure: str | None = None
    activities: str | None = None
    meets_childs_needs: str | None = None
    interventions_and_response: str | None = None
    safety_concerns: str | None = None
    quotes: str | None = None
    strengths: str | None = None
    concerns: str | None = None
    tasks_for_parent: str | None = None
    recommendation: SupervisionRecommendation | None = None
    caregiver_handoff_report: str | None = None
    trip_ids: tuple[str, ...] = ()

    @property
    def notice_hours(self) -> float | None:
        """How much notice a cancellation gave, in hours before the scheduled start."""
        if self.cancelled_at is None or self.scheduled_start is None:
            return None
        return (self.scheduled_start - self.cancelled_at).total_seconds() / 3600
