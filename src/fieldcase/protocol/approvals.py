"""Supervisor actions outside push, and the review queue.

`POST /records/{record_id}/approve` (`ApproveRequest`: the revision reviewed — refused with 409
`conflict` when the record moved on), `POST /records/{record_id}/return` (`ReturnRequest`),
`POST /records/{record_id}/submit` (`ApproveRequest`-shaped: the revision submitted),
`POST /records/{record_id}/addenda` (`AddendumRequest`),
`POST /records/{record_id}/comments` (`CommentRequest`: a question or an answer; any worker whose
caseload holds the case and the team's supervisor; changes neither content nor status, so the
record's `rev` stays and an approval of that revision stays valid),
`POST /records/{record_id}/acknowledge` (`AcknowledgeRequest`: the supervisor of the team has read
an addendum or a proposed change; 403 for anyone else in scope, 404 out of scope or for an unknown
addendum; a proposal stays unapplied, and who read it is in the change's
`meta.acknowledged_proposals`),
`GET /approvals/queue` → `ApprovalQueue` (entries waiting for approval, and addenda and proposed
changes waiting to be acknowledged). All but the queue answer the record as a `RecordView` (= `Change`); comments travel
in its `addenda` list with kind "comment".

Through push the same commands are `command` mutations: `comment` with args
`{"comment_id", "text"}` and `acknowledge_addendum` with args `{"addendum_id"}`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from fieldcase.protocol.base import PositiveWireInt, Uuid, WireInt, WireModel, WireRequest
from fieldcase.protocol.sync import Change as RecordView


class ApproveRequest(WireRequest):
    rev: PositiveWireInt


class ReturnRequest(WireRequest):
    reason: str = Field(min_length=1, max_length=2000)


class AddendumRequest(WireRequest):
    text: str = Field(min_length=1, max_length=20000)


#: the longest comment (domain.comments.COMMENT_MAX)
COMMENT_MAX = 2000


class CommentRequest(WireRequest):
    """A question or an answer. `comment_id` is made by the laptop (a UUID): sending the same comment
    again has one effect, and the laptop recognises its comment when the server's copy comes back."""

    comment_id: Uuid
    text: str = Field(min_length=1, max_length=COMMENT_MAX)


class AcknowledgeRequest(WireRequest):
    addendum_id: Uuid


class QueueItem(WireModel):
    record_id: str
    record_kind: str
    case_id: str
    rev: WireInt
    submitted_by: str | None
    submitted_at: str | None


class AddendumQueueItem(WireModel):
    """An addendum, or a proposed change (a caseworker's edit that reached the server after the
    approval), on an approved entry of the team that the supervisor has not acknowledged. `kind`
    says which, so the client can word it; a server that predates proposals in the queue sends only
    addenda and no `kind`, hence the default."""

    record_id: str
    record_kind: str
    case_id: str
    addendum_id: str
    author: str | None
    created_at: str | None
    kind: Literal["addendum", "proposal"] = "addendum"


class ApprovalQueue(WireModel):
    items: list[QueueItem]
    addenda: list[AddendumQueueItem] = Field(default_factory=list)


__all__ = [
    "AcknowledgeRequest",
    "AddendumQueueItem",
    "AddendumRequest",
    "ApprovalQueue",
    "ApproveRequest",
    "CommentRequest",
    "QueueItem",
    "RecordView",
    "ReturnRequest",
]
