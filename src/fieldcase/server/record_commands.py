"""Server commands on a record (submit, approve, return, reopen, void, addenda, comments and their
acknowledgement), through the domain state machine."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from fieldcase.domain import approval, kinds, serialization, validation
from fieldcase.domain.comments import COMMENT_MAX
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.serialization import MalformedRecord
from fieldcase.domain.workflow import Command, Status, WorkflowError, transition
from fieldcase.server import goal_changes
from fieldcase.server.change_numbering import _add, _changed
from fieldcase.server.models import Addendum, Record
from fieldcase.server.record_bodies import content_hash, full_body, noun
from fieldcase.server.record_context import Context, Outcome
from fieldcase.server.refusals import Refused
from fieldcase.server.scope import supervises


def run_command(
    session: Session,
    ctx: Context,
    record: Record,
    command: str,
    args: dict[str, Any],
    *,
    outcome_for: Outcome | None = None,
) -> Outcome:
    """submit / approve / return / reopen / void / add_addendum, through the domain state machine."""
    try:
        cmd = Command(command)
    except ValueError:
        raise Refused(
            "unknown_command", "This command is not known to the server; update the app."
        ) from None
    text = args.get("reason") if cmd in (Command.RETURN, Command.VOID) else args.get("text")
    if text is not None and not isinstance(text, str):
        raise Refused("invalid", "The reason must be text.")
    rev = args.get("rev")
    if rev is not None and (not isinstance(rev, int) or isinstance(rev, bool)):
        raise Refused("invalid", "The revision must be a number.")

    if record.kind not in kinds.WORKFLOW_KINDS:
        if cmd is not Command.VOID or record.status == "voided":
            raise Refused("workflow", f"This {noun(record.kind)} cannot be changed that way.")
        if not text or not text.strip():
            raise Refused("workflow", f"Say why this {noun(record.kind)} is being voided.")
        record.status, record.void_reason = "voided", text
        outcome = Outcome("applied", record.id)
        _changed(session, ctx, record, outcome)
        return outcome

    # Reviewing is the supervisor's, for the teams they supervise (never their own work).
    if cmd in (Command.APPROVE, Command.RETURN) and (
        not supervises(session, ctx.principal, record.case_id)
        or record.created_by == ctx.principal.user_id
    ):
        raise Refused(
            "forbidden",
            f"Only the supervisor of this caseworker can {cmd.value} a {noun(record.kind)}.",
        )
    if cmd is Command.APPROVE:
        if rev is None:
            raise Refused("invalid", "Say which revision was reviewed.")
        if rev != record.rev:
            raise Refused(
                "stale_revision",
                f"The {noun(record.kind)} changed after you reviewed it; review the latest version before approving.",
                result="conflict",
            )
    if cmd is Command.COMMENT:
        return _comment(session, ctx, record, args)
    if cmd is Command.ACKNOWLEDGE_ADDENDUM:
        return _acknowledge(session, ctx, record, args)
    if cmd is Command.ADD_ADDENDUM:
        if record.status != Status.APPROVED.value:
            raise Refused(
                "workflow",
                f"An addendum can only be added once the {noun(record.kind)} is approved.",
            )
        if not text or not text.strip():
            raise Refused("workflow", "Write the text of the addendum.")
        addendum = Addendum(
            id=new_id(),
            record_id=record.id,
            kind="addendum",
            author=ctx.principal.user_id,
            created_at=ctx.now,
            text=text,
            mutation_id=ctx.mutation_id,
        )
        _add(session, ctx, addendum)
        outcome = Outcome("applied", record.id, addendum_id=addendum.id)
        _changed(session, ctx, record, outcome)
        return outcome
    try:
        if (
            cmd is Command.FILE
        ):  # never past this server's pack: a laptop's older pack cannot skip approval
            approval.check_may_file(record.kind, ctx.rules)
        elif cmd is Command.SUBMIT and not approval.needs_approval(record.kind, ctx.rules):
            cmd = (
                Command.FILE
            )  # a laptop on an older pack submits what this agency files: filed here
        status = transition(
            Status(record.status),
            cmd,
            reason=text,
            noun=noun(record.kind),
            approved_at=record.approved_at,
        )
    except WorkflowError as exc:
        raise Refused(exc.code, exc.message) from None
    if cmd in (Command.SUBMIT, Command.FILE):
        # a case plan's 16+ rule reads the children's birth dates: the server's copy of them
        _check_complete(
            record,
            people=_children_of(session, record.case_id) if record.kind == "case_plan" else (),
        )
        record.submitted_by, record.submitted_at, record.submitted_rev = (
            ctx.principal.user_id,
            ctx.now,
            record.rev + 1,
        )
    if cmd is Command.FILE:
        # the caseworker made it final: approver and submitter are one, in one instant, and the
        # outcome's code tells the audit no supervisor reviewed it (approval.filed_without_review)
        record.approved_by, record.approved_at, record.return_reason = (
            ctx.principal.user_id,
            ctx.now,
            None,
        )
    elif cmd is Command.APPROVE:
        goal_changes.on_approval(
            session, ctx, record, changed=_changed
        )  # an approved goal change sets the case's goals
        record.approved_by, record.approved_at, record.return_reason = (
            ctx.principal.user_id,
            ctx.now,
            None,
        )
    elif cmd is Command.RETURN:
        record.return_reason = text
    elif cmd is Command.VOID:
        record.void_reason = text
    if cmd in (Command.APPROVE, Command.FILE):
        # Approved content never changes; its hash (of the reviewed revision) is stored (sync.md P5).
        record.approved_rev = record.rev
        record.content_hash = content_hash(record)
    record.status = status.value
    outcome = Outcome(
        "applied", record.id, code="filed_without_review" if cmd is Command.FILE else None
    )
    _changed(session, ctx, record, outcome)
    return outcome


def _comment(session: Session, ctx: Context, record: Record, args: dict[str, Any]) -> Outcome:
    """A question or an answer (domain/comments.py). Whoever holds the case may write one: the
    request already passed the scope check (404 outside it). Kept in the addendum table as kind
    "comment"; the record gets a new change number but keeps its revision, so a supervisor's
    approval of the revision they read is not made stale by a question or its answer."""
    text, comment_id = args.get("text"), args.get("comment_id")
    if not isinstance(comment_id, str) or not _is_uuid(comment_id):
        raise Refused("invalid", "The comment needs an id made by the laptop (a UUID).")
    if not isinstance(text, str) or not text.strip():
        raise Refused("workflow", "Write the question or the answer.")
    if len(text) > COMMENT_MAX:
        raise Refused("invalid", f"Keep a comment under {COMMENT_MAX} characters.")
    try:
        transition(
            Status(record.status),
            Command.COMMENT,
            reason=text,
            noun=noun(record.kind),
            approved_at=record.approved_at,
        )
    except WorkflowError as exc:
        raise Refused(exc.code, exc.message) from None
    existing = session.get(Addendum, comment_id)
    if existing is not None:
        # the same comment sent again (through the other path, or after a lost answer): one effect
        if (
            existing.record_id == record.id
            and existing.kind == "comment"
            and existing.author == ctx.principal.user_id
            and existing.text == text
        ):
            return Outcome(
                "applied", record.id, rev=record.rev, seq=record.last_seq, addendum_id=existing.id
            )
        raise Refused("id_taken", "Another comment already has this id.")
    row = Addendum(
        id=comment_id,
        record_id=record.id,
        kind="comment",
        author=ctx.principal.user_id,
        created_at=ctx.now,
        text=text,
        mutation_id=ctx.mutation_id,
    )
    _add(session, ctx, row)
    outcome = Outcome("applied", record.id, addendum_id=row.id)
    _changed(session, ctx, record, outcome, bump=False)
    return outcome


#: what a supervisor acknowledges: addenda, and proposals (a caseworker's edit that reached the
#: server after the approval, `_locked`) so a late correction never sits unread
ACKNOWLEDGED_KINDS = ("addendum", "proposal")


def _acknowledge(session: Session, ctx: Context, record: Record, args: dict[str, Any]) -> Outcome:
    """The supervisor of the team has read an addendum, or a proposed change, of an approved entry.
    Acknowledging it again changes nothing; its author cannot acknowledge it. Acknowledging a
    proposal does not apply it: the entry stays as approved."""
    addendum_id = args.get("addendum_id")
    if not isinstance(addendum_id, str) or not _is_uuid(addendum_id):
        raise Refused("invalid", "Say which addendum was read.")
    if not supervises(session, ctx.principal, record.case_id):
        raise Refused(
            "forbidden",
            f"Only the supervisor of this caseworker can acknowledge an addendum to a {noun(record.kind)}.",
        )
    if record.status != Status.APPROVED.value:
        raise Refused(
            "workflow", f"Only the addenda of an approved {noun(record.kind)} are acknowledged."
        )
    row = session.get(Addendum, addendum_id)
    if row is None or row.record_id != record.id or row.kind not in ACKNOWLEDGED_KINDS:
        raise Refused("not_found", "This addendum was not found.")
    what = "A proposed change" if row.kind == "proposal" else "An addendum"
    if row.author == ctx.principal.user_id:
        raise Refused("forbidden", f"{what} is acknowledged by the supervisor, not by its author.")
    if row.acknowledged_by is not None:
        return Outcome(
            "applied", record.id, rev=record.rev, seq=record.last_seq, addendum_id=row.id
        )
    # the addendum row is updated in place: in a push it is not one of the batch's plain records,
    # so it is written here, inside the mutation's savepoint (rolled back with it)
    values = {"acknowledged_by": ctx.principal.user_id, "acknowledged_at": ctx.now}
    session.execute(
        update(Addendum)
        .where(Addendum.id == row.id)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    for name, value in values.items():
        set_committed_value(row, name, value)
    outcome = Outcome("applied", record.id, addendum_id=row.id)
    # An addendum's acknowledgement is in the body (addenda[].acknowledged_by), so the revision
    # moves; the entry is approved, so no approval can be made stale by it. A proposal is not part of
    # the entry: its acknowledgement travels in the change's meta (`acknowledged_proposals`), beside
    # the content, so the entry keeps its revision (like a comment) and every laptop in scope still
    # pulls the new change number.
    _changed(session, ctx, record, outcome, bump=row.kind == "addendum")
    return outcome


def _is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _children_of(session: Session, case_id: str | None) -> list[Person]:
    """The case's children with a known birth date, as the rules read them."""
    rows = session.execute(
        select(Record.id, Record.body).where(
            Record.case_id == case_id, Record.kind == "person", Record.deleted.is_(False)
        )
    )
    found = []
    for record_id, body in rows:
        if body and body.get("role") == PersonRole.CHILD.value and body.get("date_of_birth"):
            found.append(
                Person(
                    id=record_id,
                    case_id=case_id or "",
                    role=PersonRole.CHILD,
                    date_of_birth=date.fromisoformat(body["date_of_birth"]),
                )
            )
    return found


def _check_complete(record: Record, *, people: list[Person] | tuple = ()) -> None:
    data = full_body(record, []) or {}
    data["status"] = Status.DRAFT.value
    try:
        parsed = serialization.from_dict(record.kind, data)
        found = validation.problems(parsed, for_submit=True, people=people)
    except (MalformedRecord, TypeError, ValueError):
        raise Refused(
            "invalid", f"The {noun(record.kind)} does not have the expected shape."
        ) from None
    if found:
        first = found[0].message
        more = f" ({len(found) - 1} more to fix)" if len(found) > 1 else ""
        raise Refused("incomplete", first + more)
