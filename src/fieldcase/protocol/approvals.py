"""Supervisor actions outside push, and the review queue.

`POST /records/{record_id}/approve` (`ApproveRequest`: the revision reviewed — refused with 409
`conflict` when the record moved on), `POST /records/{record_id}/return` (`ReturnRequest`),
`POST /records/{record_id}/submit` (`ApproveRequest`-shaped: the revision submitted),
`POST /records/{record_id}/addenda` (`AddendumRequest`), `GET /approvals/queue` → `ApprovalQueue`.
All answer the record as a `RecordView` (= `Change`).
"""

from __future__ import annotations

from pydantic import Field

from fieldcase.protocol.base import WireModel
from fieldcase.protocol.sync import Change as RecordView


class ApproveRequest(WireModel):
    rev: int = Field(ge=1)


class ReturnRequest(WireModel):
    reason: str = Field(min_length=1, max_length=2000)


class AddendumRequest(WireModel):
    text: str = Field(min_length=1, max_length=20000)


class QueueItem(WireModel):
    record_id: str
    record_kind: str
    case_id: str
    rev: int
    submitted_by: str | None
    submitted_at: str | None


class ApprovalQueue(WireModel):
    items: list[QueueItem]


__all__ = ["AddendumRequest", "ApprovalQueue", "ApproveRequest", "QueueItem", "RecordView", "ReturnRequest"]
