"""The supervisor's review: the commands on one entry (submit, approve, return, addenda, comments,
acknowledge), each a POST /records/{record_id}/<name> run by server/records.py, and
GET /approvals/queue, what waits for the supervisor."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import select

from fieldcase.domain import kinds
from fieldcase.domain.rule_pack import RulePack
from fieldcase.protocol import (
    AcknowledgeRequest,
    AddendumQueueItem,
    AddendumRequest,
    ApprovalQueue,
    ApproveRequest,
    Change,
    CommentRequest,
    QueueItem,
    ReturnRequest,
)
from fieldcase.server import changes, devices
from fieldcase.server.apierrors import ApiError
from fieldcase.server.audit import AuditTrail
from fieldcase.server.db import Database
from fieldcase.server.models import Addendum, Record, utcnow
from fieldcase.server.records import (
    ACKNOWLEDGED_KINDS,
    Context,
    Refused,
    commit_mutation_changes,
    run_command,
)
from fieldcase.server.routes.deps import Caller, DatabaseDep, RulesDep, Trail
from fieldcase.server.routes.records import RecordId
from fieldcase.server.scope import accessible_case_ids, find_record

router = APIRouter(tags=["approvals"])

_REFUSAL_STATUS = {
    "not_found": 404,
    "forbidden": 403,
    "stale_revision": 409,
    "invalid": 422,
    "incomplete": 422,
}


@router.post("/records/{record_id}/submit", response_model=Change)
def submit(
    record_id: RecordId,
    body: ApproveRequest,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    rules: RulesDep,
) -> Change:
    return _command(db, audit, who, rules, record_id, "submit", {"rev": body.rev})


@router.post("/records/{record_id}/approve", response_model=Change)
def approve(
    record_id: RecordId,
    body: ApproveRequest,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    rules: RulesDep,
) -> Change:
    return _command(db, audit, who, rules, record_id, "approve", {"rev": body.rev})


@router.post("/records/{record_id}/return", response_model=Change)
def return_(
    record_id: RecordId,
    body: ReturnRequest,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    rules: RulesDep,
) -> Change:
    return _command(db, audit, who, rules, record_id, "return", {"reason": body.reason})


@router.post("/records/{record_id}/addenda", response_model=Change)
def addendum(
    record_id: RecordId,
    body: AddendumRequest,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    rules: RulesDep,
) -> Change:
    return _command(db, audit, who, rules, record_id, "add_addendum", {"text": body.text})


@router.post("/records/{record_id}/comments", response_model=Change)
def comment(
    record_id: RecordId,
    body: CommentRequest,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    rules: RulesDep,
) -> Change:
    """A question or an answer about the entry; the entry's revision stays (domain/comments.py)."""
    return _command(
        db,
        audit,
        who,
        rules,
        record_id,
        "comment",
        {"comment_id": body.comment_id, "text": body.text},
    )


@router.post("/records/{record_id}/acknowledge", response_model=Change)
def acknowledge(
    record_id: RecordId,
    body: AcknowledgeRequest,
    who: Caller,
    db: DatabaseDep,
    audit: Trail,
    rules: RulesDep,
) -> Change:
    return _command(
        db, audit, who, rules, record_id, "acknowledge_addendum", {"addendum_id": body.addendum_id}
    )


@router.get("/approvals/queue", response_model=ApprovalQueue)
def queue(who: Caller, db: DatabaseDep, audit: Trail) -> ApprovalQueue:
    if who.role != "supervisor":
        audit.add("queue", outcome="denied")
        raise ApiError(403, "forbidden", "Only supervisors have a review queue.")
    with db.read() as session:
        rows = session.execute(
            select(Record)
            .where(
                Record.case_id.in_(accessible_case_ids(who)),
                Record.status == "submitted",
                Record.kind.in_(sorted(kinds.WORKFLOW_KINDS)),
            )
            .where(Record.created_by != who.user_id)
            .order_by(Record.submitted_at)
        ).scalars()
        items = [
            QueueItem(
                record_id=r.id,
                record_kind=r.kind,
                case_id=r.case_id,
                rev=r.rev,
                submitted_by=r.submitted_by,
                submitted_at=devices.iso(r.submitted_at),
            )
            for r in rows
        ]
        # proposals too: a caseworker's correction that arrived after the approval must not sit unread
        unread = session.execute(
            select(
                Record.id,
                Record.kind,
                Record.case_id,
                Addendum.id,
                Addendum.author,
                Addendum.created_at,
                Addendum.kind,
            )
            .join(Addendum, Addendum.record_id == Record.id)
            .where(
                Record.case_id.in_(accessible_case_ids(who)),
                Record.status == "approved",
                Record.kind.in_(sorted(kinds.WORKFLOW_KINDS)),
            )
            .where(
                Addendum.kind.in_(ACKNOWLEDGED_KINDS),
                Addendum.acknowledged_by.is_(None),
                Addendum.author != who.user_id,
            )
            .order_by(Addendum.created_at, Addendum.id)
        ).all()
        addenda = [
            AddendumQueueItem(
                record_id=r[0],
                record_kind=r[1],
                case_id=r[2],
                addendum_id=r[3],
                author=r[4],
                created_at=devices.iso(r[5]),
                kind=r[6],  # type: ignore[arg-type]  # pydantic checks the column's text against the Literal
            )
            for r in unread
        ]
    proposals = sum(a.kind == "proposal" for a in addenda)
    audit.add(
        "queue",
        detail={"items": len(items), "addenda": len(addenda) - proposals, "proposals": proposals},
    )
    return ApprovalQueue(items=items, addenda=addenda)


def _command(
    db: Database,
    audit: AuditTrail,
    who: devices.Principal,
    rules: RulePack,
    record_id: str,
    name: str,
    args: dict[str, Any],
) -> Change:
    with db.read() as session:
        scope = set(session.execute(accessible_case_ids(who)).scalars())
    try:
        with db.write() as session:
            record = find_record(session, who, record_id, for_update=True)
            if record is None:
                raise Refused("not_found", "Not found.")
            ctx = Context(principal=who, scope=scope, now=utcnow(), grace_seconds=0, rules=rules)
            run_command(session, ctx, record, name, args)
            commit_mutation_changes(session)
            kept = record
    except Refused as refused:
        outcome = "denied" if refused.code in ("not_found", "forbidden") else "failed"
        audit.add(
            name,
            outcome=outcome,
            target_kind="record",
            target_id=record_id[:64],
            detail={"code": refused.code},
        )
        raise ApiError(
            _REFUSAL_STATUS.get(refused.code, 409),
            refused.code if refused.code != "stale_revision" else "conflict",
            refused.reason,
        ) from None
    audit.add(name, target_kind=kept.kind, target_id=kept.id, detail={"rev": kept.rev})
    with db.read() as session:
        return changes.build_changes(session, [session.get(Record, record_id)])[0]
