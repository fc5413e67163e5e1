"""What every field record (home visit, visitation entry, transport trip) carries besides its content:
identity, workflow state and review trail. These fields change only through commands (workflow.py),
never through edits; see `metadata.SERVER_OWNED_FIELDS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .addenda import Addendum
from .safe_repr import record_repr
from .workflow import Status


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class FieldRecord:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    case_id: str
    status: Status = Status.DRAFT
    rev: int = 0  # server revision; 0 = never synced
    created_by: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = None
    returned_reason: str | None = None
    voided_reason: str | None = None
    addenda: tuple[Addendum, ...] = ()
