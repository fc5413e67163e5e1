"""Applying client mutations and server commands to records (sync.md "Mutations", "Approvals").

Every path that changes a record ends in `_changed`, which bumps the revision and registers a change
(its seq is assigned at commit, see db.py). Rules, in order: scope (404-equivalent when out of
scope), server-owned fields refused, approved records locked (patches become addendum proposals),
voided records edited but flagged, field-level three-way merge keeping both values on a conflict,
and supervisors never edit a caseworker's narrative.

The parts, one concept a module: record_context (context, outcome), record_bodies (bodies in and
out), change_numbering (`_changed`), record_access (scope and fields), record_merge (edits, locks,
conflicts) and record_commands (the workflow). The names other modules import from here stay here.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from fieldcase.domain import kinds, metadata, patches
from fieldcase.domain.serialization import KINDS
from fieldcase.domain.workflow import Status
from fieldcase.protocol import Mutation
from fieldcase.server import attachment_links
from fieldcase.server.change_numbering import (
    _changed,
    commit_mutation_changes,
    ctx_changes,
    drop_mutation_changes,
)
from fieldcase.server.models import Record
from fieldcase.server.record_access import (
    REFUSED_IN_EDITS,
    _check_edit_fields,
    _check_narrative,
    _reachable,
)
from fieldcase.server.record_bodies import (
    _ATTACHMENT_FIELDS,
    _normalise,
    content_hash,
    full_body,
    noun,
    proposal_acknowledgements,
)
from fieldcase.server.record_commands import ACKNOWLEDGED_KINDS, run_command
from fieldcase.server.record_context import Context, Outcome
from fieldcase.server.record_merge import (
    _locked,
    _patch,
    _record_conflicts,
    _stamp_authors,
    conflict_info,
)
from fieldcase.server.refusals import Refused

log = logging.getLogger("fieldcase.server.records")

__all__ = [
    "ACKNOWLEDGED_KINDS",
    "REFUSED_IN_EDITS",
    "Context",
    "Outcome",
    "Refused",
    "_normalise",
    "apply_mutation",
    "commit_mutation_changes",
    "conflict_info",
    "content_hash",
    "ctx_changes",
    "drop_mutation_changes",
    "full_body",
    "noun",
    "proposal_acknowledgements",
    "run_command",
]


def apply_mutation(session: Session, ctx: Context, m: Mutation) -> Outcome:
    if m.record_kind not in KINDS:
        raise Refused(
            "unknown_kind", "This kind of record is not known to the server; update the app."
        )
    record = ctx.sink.get(m.record_id) if ctx.sink is not None else session.get(Record, m.record_id)
    if m.kind == "create":
        return _create(session, ctx, m, record)
    if record is None or record.kind != m.record_kind:
        raise Refused("not_found", "This record or case was not found.")
    _reachable(session, ctx, record.case_id, m)
    if record.deleted:
        raise Refused(
            "purged",
            "This record was removed from the server; the change was kept for review.",
            result="deferred",
        )
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
        outcome = Outcome(
            "conflict",
            existing.id,
            code="create_conflict",
            reason="This record already existed with other content; both versions are kept.",
        )
        _record_conflicts(
            session,
            ctx,
            existing,
            [
                patches.Conflict(
                    k,
                    None,
                    existing.body.get(k),
                    v["new"],
                    k in metadata.NARRATIVE_FIELDS.get(existing.kind, ()),
                )
                for k, v in patch.items()
            ],
            outcome,
            m,
        )
        _changed(session, ctx, existing, outcome)
        return outcome
    record = Record(
        id=m.record_id,
        kind=m.record_kind,
        case_id=case_id,
        rev=0,
        status=Status.DRAFT.value if m.record_kind in kinds.WORKFLOW_KINDS else "active",
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
    outcome = Outcome(
        "applied_to_voided" if record.status == Status.VOIDED.value else "applied", record.id
    )
    _changed(session, ctx, record, outcome)
    return outcome


def _attach(session: Session, ctx: Context, m: Mutation, record: Record) -> Outcome:
    assert m.field is not None and m.attachment is not None
    _check_edit_fields({m.field}, record.kind)
    att = m.attachment
    if not attachment_links.size_matches(session, att.sha256, att.size):
        # a device holding the file knows its size: it names content it does not hold (issue 16)
        raise Refused("not_found", "This attachment was not found.")
    ref = {
        "sha256": att.sha256,
        "size": att.size,
        "mime": att.mime,
        "name": att.name.replace("/", "_").replace("\\", "_"),
    }
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
    outcome = Outcome(
        "applied_to_voided" if record.status == Status.VOIDED.value else "applied", record.id
    )
    _changed(session, ctx, record, outcome)
    return outcome
