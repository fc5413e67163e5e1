"""Who may change what: the case in scope (or lost recently enough for late work), no server-owned
or unknown fields in an edit, and supervisors never edit a caseworker's narrative."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcase.domain import metadata
from fieldcase.protocol import Mutation
from fieldcase.server import case_edits
from fieldcase.server.models import Record, ScopeEventRow
from fieldcase.server.record_bodies import _fields_of, noun
from fieldcase.server.record_context import Context
from fieldcase.server.refusals import Refused

#: never accepted from a client edit: the domain's server-owned fields, plus the case a record belongs
#: to (moving a record to another case would move it into someone else's caseload)
REFUSED_IN_EDITS = metadata.SERVER_OWNED_FIELDS | {
    "case_id",
    "approved_rev",
    "content_hash",
    "submitted_by",
    "updated_by",
}


def _reachable(session: Session, ctx: Context, case_id: str, mutation: Mutation | None) -> None:
    """Raise unless `case_id` is in scope, or was lost recently enough for late work to count."""
    if case_id in ctx.scope:
        return
    lost = session.execute(
        select(ScopeEventRow.created_at)
        .where(
            ScopeEventRow.device_id == ctx.principal.device_id,
            ScopeEventRow.case_id == case_id,
            ScopeEventRow.event == "revoke",
        )
        .order_by(ScopeEventRow.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if lost is None:
        raise Refused("not_found", "This record or case was not found.")
    if (ctx.now - lost).total_seconds() <= ctx.grace_seconds:
        return  # late upload of work done while the case was still this user's (sync.md)
    raise Refused(
        "case_reassigned",
        "This case is no longer yours; the change was sent to your supervisor.",
        result="deferred",
    )


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
        raise Refused(
            "unknown_field",
            f"The edit names fields a {noun(kind)} does not have: {', '.join(unknown)}.",
        )
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
