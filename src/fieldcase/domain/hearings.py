"""A court hearing in a child's case: when and where, what kind, what the court decided and when
the court sits next. Hearings come from the agency's system of record (the import) and from the
caseworker, who is often in the courtroom and records the outcome and the next date offline."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from .safe_repr import record_repr


class HearingType(enum.Enum):
    PROTECTIVE_CUSTODY = "protective_custody"
    ADJUDICATION = "adjudication"
    DISPOSITION = "disposition"
    REVIEW = "review"
    PERMANENCY = "permanency"
    TERMINATION_OF_PARENTAL_RIGHTS = "termination_of_parental_rights"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Hearing:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    case_id: str
    rev: int = 0
    #: the state system's identifier of the hearing (None for one recorded on a laptop)
    state_id: str | None = None
    #: the children the hearing is about (person ids); empty = every child of the case
    child_ids: tuple[str, ...] = ()
    scheduled_at: datetime | None = None
    court: str = ""
    hearing_type: HearingType | None = None
    #: what the court decided, in the caseworker's or the clerk's words
    outcome: str | None = None
    next_hearing_on: date | None = None

    @property
    def held(self) -> bool:
        return self.outcome is not None and self.outcome.strip() != ""
