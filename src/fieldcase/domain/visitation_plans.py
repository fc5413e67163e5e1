"""The court-ordered plan for family time: one per parent and per sibling group."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .safe_repr import record_repr


class SupervisionLevel(enum.Enum):
    # Ordered from least to most restrictive; `rank` relies on this order.
    UNSUPERVISED = "unsupervised"
    MONITORED = "monitored"
    SUPERVISED = "supervised"
    THERAPEUTIC = "therapeutic"

    @property
    def rank(self) -> int:
        return list(SupervisionLevel).index(self)


class VisitFrequency(enum.Enum):
    # Missouri: weekly recommended, monthly minimum.
    TWICE_WEEKLY = "twice_weekly"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class VisitationPlan:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    case_id: str
    rev: int = 0
    #: the state system's identifier (None for a record first made on a laptop); set by the import only
    state_id: str | None = None
    participants: tuple[str, ...] = ()  # person ids
    # Court no-contact orders: these people must never be at a visit under this plan.
    excluded_persons: tuple[str, ...] = ()
    frequency: VisitFrequency | None = None
    duration_minutes: int | None = None
    location_preference: str | None = None
    supervision_level: SupervisionLevel | None = None
    supervisor: str | None = None  # person or user id, or a name
    transporter: str | None = None
    backup_plan: str | None = None
    effective_from: date | None = None
    effective_until: date | None = None
    court_order_reference: str | None = None
