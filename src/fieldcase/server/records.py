"""Applying client mutations and server commands to records (sync.md "Mutations", "Approvals").

Every path that changes a record ends in `_changed`, which bumps the revision and registers a change
(its seq is assigned at commit, see db.py). Rules, in order: scope (404-equivalent when out of
scope), server-owned fields refused, approved records locked (patches become addendum proposals),
voided records edited but flagged, field-level three-way merge keeping both values on a conflict,
and supervisors never edit a caseworker's narrative.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from fieldcase.domain import metadata, patches, serialization, validation
from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.comments import COMMENT_MAX
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import KINDS, MalformedRecord
from fieldcase.domain.workflow import Command, Status, WorkflowError, transition
from fieldcase.protocol import ConflictInfo, Mutation, MutationResult
from fieldcase.server import case_edits, goal_changes
from fieldcase.server.refusals import Refused
from fieldcase.server import attachment_links
from fieldcase.server.db import note_change
from fieldcase.server.devices import Principal, iso
from fieldcase.server.models import (
    Addendum,
    ChangeLog,
    Conflict,
    Record,
    ScopeEventRow,
    utcnow,
)
from fieldcase.server.scope import supervises

log = logging.getLogger("fieldcase.server.records")

WORKFLOW_KINDS = frozenset(metadata.workflow_kinds)
#: never accepted from a client edit: the domain's server-owned fields, plus the case a record belongs
#: to (moving a record to another case would move it into someone else's caseload)
REFUSED_IN_EDITS = metadata.SERVER_OWNED_FIELDS | {"case_id", "approved_rev", "content_hash", "submitted_by", "updated_by"}
#: server-owned fields shown in the body of a record, taken from columns
_ATTACHMENT_FIELDS = frozenset(f.name for f in dataclasses.fields(AttachmentRef))
_OVERLAY = ("id", "rev", "status", "created_by", "approved_by", "approved_at", "returned_reason", "voided_reason", "addenda")


@dataclass(slots=True)
class Outcome:
    result: str
    record_id: str
    rev: int | None = None
    seq: int | None = None
    code: str | None = None
    reason: str | None = None
    conflicts: list[ConflictInfo] = field(default_factory=list)
    addendum_id: str | None = None

    def to_result(self, mutation: Mutation) -> MutationResult:
        return MutationResult(
            mutation_id=mutation.mutation_id,
            device_seq=mutation.device_seq,
            result=self.result,  # type: ignore[arg-type]
            record_id=self.record_id,
            rev=self.rev,
            seq=self.seq,
            code=self.code,
            reason=self.reason,
            conflicts=self.conflicts,
            addendum_id=self.addendum_id,
        )


@dataclass(slots=True)
class Context:
    principal: Principal
    scope: set[str]
    now: datetime
    grace_seconds: float
    mutation_id: str | None = None
    hlc: str | None = None
    #: set by a push: records are plain objects it writes itself (Core statements), see pushes.py
    sink: Any = None


def noun(kind: str) -> str:
    return {"home_visit": "visit", "visitation_entry": "visitation log entry", "transport_trip": "trip", "goal_change": "goal change"}.get(kind, "record")


# ---------------------------------------------------------------- bodies


def full_body(record: Any, addenda: list[Addendum]) -> dict[str, Any] | None:
    """The record as `serialization.to_dict` would give it: stored fields plus server-owned facts."""
    if record.deleted or record.body is None:
        return None
    body = dict(record.body)
    cls_fields = _fields_of(record.kind)
    overlay: dict[str, Any] = {
        "id": record.id,
        "rev": record.rev,
        "created_by": record.created_by,
        "approved_by": record.approved_by,
        "approved_at": iso(record.approved_at),
        "returned_reason": record.return_reason,
        "voided_reason": record.void_reason,
        # comments and proposals are not part of the body: they travel in the change's `addenda` list
        "addenda": [
            {
                "id": a.id, "author": a.author, "at": iso(a.created_at), "text": a.text,
                "acknowledged_by": a.acknowledged_by, "acknowledged_at": iso(a.acknowledged_at),
            }
            for a in addenda
            if a.kind == "addendum"
        ],
    }
    if record.kind in WORKFLOW_KINDS:
        overlay["status"] = record.status
    for name in _OVERLAY:
        if name in cls_fields and name in overlay:
            body[name] = overlay[name]
    if "case_id" in cls_fields:
        body["case_id"] = record.case_id
    return body


def proposal_acknowledgements(addenda: list[Addendum]) -> dict[str, Any]:
    """The change's `meta` entry saying which proposals the supervisor has read, by whom and when
    (`acknowledged_proposals`: [{id, acknowledged_by, acknowledged_at}]); nothing while none is.
    Not in the body: a proposal is not part of the approved entry, and a laptop parses the body
    strictly into the entry (an unknown field refuses the page), while `meta` is open, so a laptop
    of an older version pulls it unharmed. Only when there is one: the other changes stay as they
    were, byte for byte."""
    read = [
        {"id": a.id, "acknowledged_by": a.acknowledged_by, "acknowledged_at": iso(a.acknowledged_at)}
        for a in addenda
        if a.kind == "proposal" and a.acknowledged_by is not None
    ]
    return {"acknowledged_proposals": read} if read else {}


@functools.cache
def _fields_of(kind: str) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(KINDS[kind]))


def _normalise(kind: str, record_id: str, case_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Parse through the domain (strict: unknown or mistyped fields are errors) and keep the
    client-writable part."""
    data = dict(fields)
    data["id"] = record_id
    if "case_id" in _fields_of(kind):
        data["case_id"] = case_id
    try:
        parsed = serialization.from_dict(kind, data)
    except (MalformedRecord, TypeError, ValueError) as exc:
        raise Refused("invalid", f"The {noun(kind)} does not have the expected shape: {_safe(exc)}") from None
    out = serialization.to_dict(parsed)
    for name in metadata.SERVER_OWNED_FIELDS:
        # the state id stays where the agency import put it: an edit of the body keeps it (clients
        # cannot set it: _check_edit_fields refuses it before a body is made)
        if name != "state_id" or out.get(name) is None:
            out.pop(name, None)
    return out


def _safe(exc: Exception) -> str:
    # MalformedRecord messages name kinds and fields only (domain contract); others are cut short.
    return str(exc)[:200] if isinstance(exc, MalformedRecord) else type(exc).__name__


def content_hash(record: Record) -> str:
    canonical = json.dumps(
        {"kind": record.kind, "id": record.id, "case_id": record.case_id, "rev": record.rev, "body": record.body},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- changes


def _link_attachments(session: Session, ctx: Context, record: Record) -> None:
    """Link every attachment the record's body references (however it got there: create, patch or
    attach) so the devices whose scope includes the record may read the blob, and only those
    (blobs.readable) once the device proved it holds the content (attachment_links.py). Links stay
    when a reference is removed: they name the same case."""
    refs = {
        (name, item["sha256"])
        for name, value in (record.body or {}).items()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict) and isinstance(item.get("sha256"), str) and set(item) <= _ATTACHMENT_FIELDS
    }
    attachment_links.link(session, ctx.principal, record, refs, lambda row: _add(session, ctx, row))


def _changed(session: Session, ctx: Context, record: Record, outcome: Outcome | None, *, bump: bool = True) -> None:
    """`bump=False`: a change beside the content (a comment): a new change number, so every laptop in
    scope pulls the record again, but the same revision and the same "last changed" facts."""
    _link_attachments(session, ctx, record)
    if bump:
        record.rev += 1
        record.updated_by = ctx.principal.user_id
        record.updated_at = ctx.now
    record.origin_device_id = ctx.principal.device_id
    record.origin_mutation_id = ctx.mutation_id
    rev, device_id, mutation_id = record.rev, ctx.principal.device_id, ctx.mutation_id
    if outcome is not None:
        outcome.rev = record.rev
    if ctx.sink is not None:
        ctx.sink.changed(record, rev, outcome, mutation_id)
        return

    def assign(seq: int) -> None:
        record.last_seq = seq
        session.add(
            ChangeLog(seq=seq, what="record", record_id=record.id, case_id=record.case_id, rev=rev, device_id=device_id, mutation_id=mutation_id)
        )
        if outcome is not None:
            outcome.seq = seq

    ctx_changes(session).append(assign)


def _add(session: Session, ctx: Context, row: Any) -> None:
    """A new row of another table (conflict, addendum, attachment link): in a push, written by the
    push itself inside the mutation's savepoint; otherwise added to the session."""
    if ctx.sink is not None:
        ctx.sink.add_row(row)
    else:
        session.add(row)


def ctx_changes(session: Session) -> list:
    """Changes of the current mutation; moved to the transaction only when its savepoint succeeds."""
    return session.info.setdefault("fc_mutation_changes", [])


def commit_mutation_changes(session: Session) -> None:
    for assign in session.info.pop("fc_mutation_changes", []):
        note_change(session, assign)


def drop_mutation_changes(session: Session) -> None:
    session.info.pop("fc_mutation_changes", None)


# ---------------------------------------------------------------- access


def _reachable(session: Session, ctx: Context, case_id: str, mutation: Mutation | None) -> None:
    """Raise unless `case_id` is in scope, or was lost recently enough for late work to count."""
    if case_id in ctx.scope:
        return
    lost = session.execute(
        select(ScopeEventRow.created_at)
        .where(ScopeEventRow.device_id == ctx.principal.device_id, ScopeEventRow.case_id == case_id, ScopeEventRow.event == "revoke")
        .order_by(ScopeEventRow.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if lost is None:
        raise Refused("not_found", "This record or case was not found.")
    if (ctx.now - lost).total_seconds() <= ctx.grace_seconds:
        return  # late upload of work done while the case was still this user's (sync.md)
    raise Refused("case_reassigned", "This case is no longer yours; the change was sent to your supervisor.", result="deferred")


def _check_edit_fields(names: set[str], kind: str) -> None:
    owned = sorted(names & REFUSED_IN_EDITS)
    if owned:
        raise Refused(
            "server_owned_field",
            "Status, approval, authorship, revision and case change only through submit, approve, return or an "
            f"administrator, not through an edit (fields: {', '.join(owned)}).",
        )
    unknown = sorted(names - _fields_of(kind))
    if unknown:
        raise Refused("unknown_field", f"The edit names fields a {noun(kind)} does not have: {', '.join(unknown)}.")
    case_edits.check_client_fields(kind, names)  # the case's own fields are the office's (Refused)


def _check_narrative(session: Session, ctx: Context, record: Record, names: set[str]) -> None:
    if ctx.principal.role != "supervisor" or record.created_by in (None, ctx.principal.user_id):
        return
    touched = names & metadata.NARRATIVE_FIELDS.get(record.kind, frozenset())
    if touched:
        raise Refused(
            "separation_of_duties",
            "A supervisor cannot change what a caseworker wrote; return the entry with a reason instead.",
        )


# ---------------------------------------------------------------- mutations


def apply_mutation(session: Session, ctx: Context, m: Mutation) -> Outcome:
    if m.record_kind not in KINDS:
        raise Refused("unknown_kind", "This kind of record is not known to the server; update the app.")
    record = ctx.sink.get(m.record_id) if ctx.sink is not None else session.get(Record, m.record_id)
    if m.kind == "create":
        return _create(session, ctx, m, record)
    if record is None or record.kind != m.record_kind:
        raise Refused("not_found", "This record or case was not found.")
    _reachable(session, ctx, record.case_id, m)
    if record.deleted:
        raise Refused("purged", "This record was removed from the server; the change was kept for review.", result="deferred")
    if m.kind == "patch":
        return _patch(session, ctx, m, record)
    if m.kind in ("add", "remove"):
        return _add_remove(session, ctx, m, record)
    if m.kind == "attach":
        return _attach(session, ctx, m, record)
    assert m.command is not None
    return run_command(session, ctx, record, m.command, m.args or {})


def _create(session: Session, ctx: Context, m: Mutation, existing: Record | None) -> Outcome:
    fields = dict(m.fields or {})
    if m.record_kind == "case":
        raise Refused("forbidden", "Cases are opened by the agency office, not from a laptop.")
    case_id = fields.pop("case_id", None)
    if not isinstance(case_id, str):
        raise Refused("invalid", f"A new {noun(m.record_kind)} must name its case.")
    if fields.get("id", m.record_id) != m.record_id:
        raise Refused("server_owned_field", "The record id is given once, in record_id.")
    fields.pop("id", None)
    if existing is not None:
        _reachable(session, ctx, existing.case_id, None)
    _reachable(session, ctx, case_id, m)
    _check_edit_fields(set(fields), m.record_kind)
    body = _normalise(m.record_kind, m.record_id, case_id, fields)
    if existing is not None:
        if existing.kind == m.record_kind and existing.case_id == case_id and existing.body == body:
            return Outcome("duplicate", existing.id, rev=existing.rev, seq=existing.last_seq)
        if existing.kind != m.record_kind or existing.case_id != case_id or existing.body is None:
            raise Refused("id_taken", "Another record already has this id.")
        # Same id, different content: keep the server's, record a conflict per differing field.
        patch = {k: {"base": None, "new": v} for k, v in body.items() if existing.body.get(k) != v}
        outcome = Outcome("conflict", existing.id, code="create_conflict", reason="This record already existed with other content; both versions are kept.")
        _record_conflicts(session, ctx, existing, [patches.Conflict(k, None, existing.body.get(k), v["new"], k in metadata.NARRATIVE_FIELDS.get(existing.kind, ())) for k, v in patch.items()], outcome, m)
        _changed(session, ctx, existing, outcome)
        return outcome
    record = Record(
        id=m.record_id,
        kind=m.record_kind,
        case_id=case_id,
        rev=0,
        status=Status.DRAFT.value if m.record_kind in WORKFLOW_KINDS else "active",
        body=body,
        field_authors={},
        created_by=ctx.principal.user_id,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    _stamp_authors(record, body.keys(), ctx)
    if ctx.sink is not None:
        ctx.sink.created(record)
    else:
        session.add(record)
    outcome = Outcome("applied", record.id)
    _changed(session, ctx, record, outcome)
    return outcome


def _stamp_authors(record: Record, names: Any, ctx: Context) -> None:
    authors = dict(record.field_authors or {})
    for name in names:
        authors[name] = {"by": ctx.principal.user_id, "at": iso(ctx.now)}
    record.field_authors = authors


def _locked(session: Session, ctx: Context, record: Record, proposal: dict[str, Any], m: Mutation | None) -> Outcome:
    addendum = Addendum(
        id=new_id(),
        record_id=record.id,
        kind="proposal",
        author=ctx.principal.user_id,
        created_at=ctx.now,
        proposed_patch=proposal,
        mutation_id=m.mutation_id if m else None,
    )
    _add(session, ctx, addendum)
    outcome = Outcome(
        "locked",
        record.id,
        code="locked",
        reason=f"This {noun(record.kind)} was approved and is read-only; your change was kept as an addendum proposal.",
        addendum_id=addendum.id,
    )
    _changed(session, ctx, record, outcome)
    return outcome


def _patch(session: Session, ctx: Context, m: Mutation, record: Record) -> Outcome:
    assert m.patch is not None and m.base_rev is not None
    names = set(m.patch)
    _check_edit_fields(names, record.kind)
    _check_narrative(session, ctx, record, names)
    raw = {k: {"base": v.base, "new": v.new} for k, v in m.patch.items()}
    if record.status == Status.APPROVED.value:
        return _locked(session, ctx, record, raw, m)
    if m.base_rev > record.rev:
        raise Refused("bad_base_rev", "The edit refers to a revision the server never had; sync again from the start.")
    current = dict(record.body or {})
    if m.base_rev == record.rev:
        merged, conflicts = dict(current), []
        for name, change in raw.items():
            merged[name] = change["new"]
    else:
        try:
            merged, conflicts = patches.apply_patch(current, raw, kind=record.kind)
        except patches.PatchRefused as exc:
            raise Refused(exc.code, exc.message) from None
    merged = _normalise(record.kind, record.id, record.case_id, merged)
    applied = {k for k in names if merged.get(k) != current.get(k)}
    record.body = merged
    _stamp_authors(record, applied, ctx)
    voided = record.status == Status.VOIDED.value
    if conflicts:
        outcome = Outcome("conflict", record.id, code="conflict", reason="Someone else changed the same field; both values are kept for review.")
        _record_conflicts(session, ctx, record, conflicts, outcome, m)
    elif voided:
        outcome = Outcome("applied_to_voided", record.id, code="voided", reason=f"The change was saved, but this {noun(record.kind)} was voided.")
    else:
        outcome = Outcome("applied", record.id)
    if applied or conflicts:
        _changed(session, ctx, record, outcome)
    else:
        outcome.rev, outcome.seq = record.rev, record.last_seq
    return outcome


def _record_conflicts(session: Session, ctx: Context, record: Record, conflicts: list, outcome: Outcome, m: Mutation | None) -> None:
    authors = record.field_authors or {}
    for c in conflicts:
        server_author = authors.get(c.field, {})
        row = Conflict(
            id=new_id(),
            record_id=record.id,
            field=c.field,
            server_value=c.server,
            client_value=c.mine,
            server_author=server_author.get("by"),
            server_at=server_author.get("at"),
            client_author=ctx.principal.user_id,
            client_at=ctx.hlc,
            mutation_id=m.mutation_id if m else None,
            narrative=bool(c.narrative),
            created_at=ctx.now,
        )
        _add(session, ctx, row)
        outcome.conflicts.append(conflict_info(row))


def conflict_info(row: Conflict) -> ConflictInfo:
    return ConflictInfo(
        conflict_id=row.id,
        field=row.field,
        server_value=row.server_value,
        client_value=row.client_value,
        server_author=row.server_author,
        client_author=row.client_author,
        server_at=row.server_at,
        client_at=row.client_at,
        mutation_id=row.mutation_id,
        narrative=row.narrative,
    )


def _add_remove(session: Session, ctx: Context, m: Mutation, record: Record) -> Outcome:
    assert m.field is not None
    _check_edit_fields({m.field}, record.kind)
    _check_narrative(session, ctx, record, {m.field})
    if record.status == Status.APPROVED.value:
        return _locked(session, ctx, record, {m.field: {m.kind: m.element}}, m)
    current = dict(record.body or {})
    items = current.get(m.field)
    if not isinstance(items, list):
        raise Refused("not_a_collection", f"{m.field} is not a list of items.")
    if m.kind == "add":
        new_items = items if m.element in items else [*items, m.element]
    else:
        new_items = [item for item in items if item != m.element]
    if new_items == items:  # set semantics: already there / already gone
        return Outcome("applied", record.id, rev=record.rev, seq=record.last_seq)
    current[m.field] = new_items
    record.body = _normalise(record.kind, record.id, record.case_id, current)
    _stamp_authors(record, [m.field], ctx)
    outcome = Outcome("applied_to_voided" if record.status == Status.VOIDED.value else "applied", record.id)
    _changed(session, ctx, record, outcome)
    return outcome


def _attach(session: Session, ctx: Context, m: Mutation, record: Record) -> Outcome:
    assert m.field is not None and m.attachment is not None
    _check_edit_fields({m.field}, record.kind)
    att = m.attachment
    if not attachment_links.size_matches(session, att.sha256, att.size):
        # a device holding the file knows its size: it names content it does not hold (issue 16)
        raise Refused("not_found", "This attachment was not found.")
    ref = {"sha256": att.sha256, "size": att.size, "mime": att.mime, "name": att.name.replace("/", "_").replace("\\", "_")}
    if att.attachment_kind is not None:
        ref["kind"] = att.attachment_kind
    ref = {k: v for k, v in ref.items() if k in _ATTACHMENT_FIELDS}
    if record.status == Status.APPROVED.value:
        return _locked(session, ctx, record, {m.field: {"attach": ref}}, m)
    current = dict(record.body or {})
    items = current.get(m.field)
    if not isinstance(items, list):
        raise Refused("not_a_collection", f"{m.field} does not hold attachments.")
    known = {item.get("sha256") for item in items if isinstance(item, dict)}
    if m.attachment.sha256 not in known:
        current[m.field] = [*items, ref]
        record.body = _normalise(record.kind, record.id, record.case_id, current)
    # the link to the blob is made by _changed, from the body (as for a patch or a create)
    outcome = Outcome("applied_to_voided" if record.status == Status.VOIDED.value else "applied", record.id)
    _changed(session, ctx, record, outcome)
    return outcome


# ---------------------------------------------------------------- commands


def run_command(session: Session, ctx: Context, record: Record, command: str, args: dict[str, Any], *, outcome_for: Outcome | None = None) -> Outcome:
    """submit / approve / return / reopen / void / add_addendum, through the domain state machine."""
    try:
        cmd = Command(command)
    except ValueError:
        raise Refused("unknown_command", "This command is not known to the server; update the app.") from None
    text = args.get("reason") if cmd in (Command.RETURN, Command.VOID) else args.get("text")
    if text is not None and not isinstance(text, str):
        raise Refused("invalid", "The reason must be text.")
    rev = args.get("rev")
    if rev is not None and (not isinstance(rev, int) or isinstance(rev, bool)):
        raise Refused("invalid", "The revision must be a number.")

    if record.kind not in WORKFLOW_KINDS:
        if cmd is not Command.VOID or record.status == "voided":
            raise Refused("workflow", f"This {noun(record.kind)} cannot be changed that way.")
        if not text or not text.strip():
            raise Refused("workflow", f"Say why this {noun(record.kind)} is being voided.")
        record.status, record.void_reason = "voided", text
        outcome = Outcome("applied", record.id)
        _changed(session, ctx, record, outcome)
        return outcome

    if cmd in (Command.APPROVE, Command.RETURN):
        # Reviewing is the supervisor's, for the teams they supervise (never their own work).
        if not supervises(session, ctx.principal, record.case_id) or record.created_by == ctx.principal.user_id:
            raise Refused("forbidden", f"Only the supervisor of this caseworker can {cmd.value} a {noun(record.kind)}.")
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
            raise Refused("workflow", f"An addendum can only be added once the {noun(record.kind)} is approved.")
        if not text or not text.strip():
            raise Refused("workflow", "Write the text of the addendum.")
        addendum = Addendum(
            id=new_id(), record_id=record.id, kind="addendum", author=ctx.principal.user_id, created_at=ctx.now, text=text, mutation_id=ctx.mutation_id
        )
        _add(session, ctx, addendum)
        outcome = Outcome("applied", record.id, addendum_id=addendum.id)
        _changed(session, ctx, record, outcome)
        return outcome
    try:
        status = transition(Status(record.status), cmd, reason=text, noun=noun(record.kind), approved_at=record.approved_at)
    except WorkflowError as exc:
        raise Refused(exc.code, exc.message) from None
    if cmd is Command.SUBMIT:
        _check_complete(record)
        record.submitted_by, record.submitted_at, record.submitted_rev = ctx.principal.user_id, ctx.now, record.rev + 1
    elif cmd is Command.APPROVE:
        goal_changes.on_approval(session, ctx, record, changed=_changed)  # an approved goal change sets the case's goals
        record.approved_by, record.approved_at, record.return_reason = ctx.principal.user_id, ctx.now, None
    elif cmd is Command.RETURN:
        record.return_reason = text
    elif cmd is Command.VOID:
        record.void_reason = text
    if cmd is Command.APPROVE:
        # Approved content never changes; its hash (of the reviewed revision) is stored (sync.md P5).
        record.approved_rev = record.rev
        record.content_hash = content_hash(record)
    record.status = status.value
    outcome = Outcome("applied", record.id)
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
        transition(Status(record.status), Command.COMMENT, reason=text, noun=noun(record.kind), approved_at=record.approved_at)
    except WorkflowError as exc:
        raise Refused(exc.code, exc.message) from None
    existing = session.get(Addendum, comment_id)
    if existing is not None:
        # the same comment sent again (through the other path, or after a lost answer): one effect
        if existing.record_id == record.id and existing.kind == "comment" and existing.author == ctx.principal.user_id and existing.text == text:
            return Outcome("applied", record.id, rev=record.rev, seq=record.last_seq, addendum_id=existing.id)
        raise Refused("id_taken", "Another comment already has this id.")
    row = Addendum(
        id=comment_id, record_id=record.id, kind="comment", author=ctx.principal.user_id, created_at=ctx.now, text=text, mutation_id=ctx.mutation_id
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
        raise Refused("forbidden", f"Only the supervisor of this caseworker can acknowledge an addendum to a {noun(record.kind)}.")
    if record.status != Status.APPROVED.value:
        raise Refused("workflow", f"Only the addenda of an approved {noun(record.kind)} are acknowledged.")
    row = session.get(Addendum, addendum_id)
    if row is None or row.record_id != record.id or row.kind not in ACKNOWLEDGED_KINDS:
        raise Refused("not_found", "This addendum was not found.")
    what = "A proposed change" if row.kind == "proposal" else "An addendum"
    if row.author == ctx.principal.user_id:
        raise Refused("forbidden", f"{what} is acknowledged by the supervisor, not by its author.")
    if row.acknowledged_by is not None:
        return Outcome("applied", record.id, rev=record.rev, seq=record.last_seq, addendum_id=row.id)
    # the addendum row is updated in place: in a push it is not one of the batch's plain records,
    # so it is written here, inside the mutation's savepoint (rolled back with it)
    values = {"acknowledged_by": ctx.principal.user_id, "acknowledged_at": ctx.now}
    session.execute(update(Addendum).where(Addendum.id == row.id).values(**values).execution_options(synchronize_session=False))
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


def _check_complete(record: Record) -> None:
    data = full_body(record, []) or {}
    data["status"] = Status.DRAFT.value
    try:
        parsed = serialization.from_dict(record.kind, data)
        found = validation.problems(parsed, for_submit=True)
    except (MalformedRecord, TypeError, ValueError):
        raise Refused("invalid", f"The {noun(record.kind)} does not have the expected shape.") from None
    if found:
        first = found[0].message
        more = f" ({len(found) - 1} more to fix)" if len(found) > 1 else ""
        raise Refused("incomplete", first + more)
