"""The family case: who works it, its permanency goals and the dates the rules count from."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from .safe_repr import record_repr


class CaseStatus(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class PermanencyGoal(enum.Enum):
    REUNIFICATION = "reunification"
    ADOPTION = "adoption"
    GUARDIANSHIP = "guardianship"
    RELATIVE_PLACEMENT = "relative_placement"
    # A case plan's goal for a child who stays at home with services (13 CSR 40-30.010).
    MAINTAIN_WITH_PARENTS = "maintain_with_parents"
    # Another planned permanent living arrangement: only for youth aged 16 and over
    # (Preventing Sex Trafficking and Strengthening Families Act 2014).
    APPLA = "appla"


@dataclass(frozen=True, slots=True, kw_only=True)
class CoveringWorker:
    """A secondary worker covering the case for a bounded period (leave, caseload moves)."""

    worker_id: str
    starts_on: date
    ends_on: date | None = None  # None = until further notice

    def covers(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Case:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    rev: int = 0
    #: the state system's identifier (None for a record first made on a laptop); set by the import only
    state_id: str | None = None
    case_number: str = ""  # the agency's number, as printed on court papers
    county: str = ""
    office: str = ""
    opened_on: date | None = None
    status: CaseStatus = CaseStatus.OPEN
    primary_worker_id: str | None = None
    covering_workers: tuple[CoveringWorker, ...] = ()
    permanency_goal: PermanencyGoal | None = None
    concurrent_goal: PermanencyGoal | None = None
    removal_date: date | None = None
    #: the day the court gave the Children's Division custody (the case plan's 30-day clock)
    custody_date: date | None = None
    referral_date: date | None = None
    case_plan_due: date | None = None
    last_case_plan_review: date | None = None
    next_court_hearing: datetime | None = None
    family_support_team_meetings: tuple[date, ...] = ()
    # Reporter identity is confidential (RSMo 210.150); restricted everywhere it could be shown.
    reporter_name: str | None = None
    reporter_contact: str | None = None

    def workers_on(self, on: date) -> tuple[str, ...]:
        """The primary worker and everyone covering on that day."""
        covering = tuple(c.worker_id for c in self.covering_workers if c.covers(on))
        return ((self.primary_worker_id,) if self.primary_worker_id else ()) + covering
