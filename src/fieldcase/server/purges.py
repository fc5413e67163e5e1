"""Purging a record (expungement, retention, a court order, a record entered in error or twice): its
content is deleted, a tombstone and a purge change remain, so laptops delete their copy on the next
pull. The `fieldcase-server purge` command calls these."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from fieldcase.errors import UserError
from fieldcase.server.admin import _user_id
from fieldcase.server.db import Database, note_change
from fieldcase.server.models import (
    Addendum,
    AuditLog,
    ChangeLog,
    Conflict,
    Record,
    RecordAttachment,
    utcnow,
)

#: why a record is purged (a code, never free text: the audit log holds ids and codes only)
PURGE_REASONS = ("expungement", "retention", "court_order", "entered_in_error", "duplicate")


def describe_record(db: Database, record_id: str) -> dict | None:
    """Kind, case and state of a record (ids only), or None: what an admin confirms before a purge."""
    with db.read() as session:
        record = session.get(Record, record_id)
        if record is None:
            return None
        found = {
            "id": record.id,
            "kind": record.kind,
            "case_id": record.case_id,
            "rev": record.rev,
            "status": record.status,
            "purged": bool(record.deleted),
        }
        if record.kind == "case":
            found["records"] = session.execute(
                select(func.count())
                .select_from(Record)
                .where(
                    Record.case_id == record.id, Record.id != record.id, Record.deleted.is_(False)
                )
            ).scalar_one()
        return found


def purge_record(
    db: Database, record_id: str, *, reason: str | None = None, by: str | None = None
) -> None:
    """Expungement/retention: the content is deleted, a tombstone and a purge change remain.
    Laptops delete their copy on the next pull; a later edit of it is quarantined for review.
    With `reason` (one of PURGE_REASONS) the purge is audited in the same transaction, and a record
    already purged is refused instead of being purged again.

    Purging a case purges every record of the case with it (people, placements, plans, visits,
    visitation entries, trips), in one transaction and with one audit entry."""
    if reason is not None and reason not in PURGE_REASONS:
        raise UserError(f"The reason must be one of {', '.join(PURGE_REASONS)}.", code="bad_reason")
    with db.write() as session:
        record = session.get(Record, record_id)
        if record is None:
            raise UserError("No such record.", code="no_record")
        if reason is not None and record.deleted:
            raise UserError("That record is already purged.", code="already_purged")
        if record.kind == "case":
            # the case itself last: its tombstone is the last change a laptop pulls for it
            records = list(
                session.execute(
                    select(Record)
                    .where(Record.case_id == record.id, Record.id != record.id)
                    .order_by(Record.id)
                    .with_for_update()
                ).scalars()
            )
            # what is kept beside records purged earlier (edits held for review) goes too
            ids = [r.id for r in records] + [record.id]
            records = [r for r in records if not r.deleted] + [record]
        else:
            records = [record]
            ids = [record.id]
        shas = _purge_contents(session, ids)
        if reason is not None:
            actor = _user_id(session, by) if by else None
            detail: dict = {"reason": reason, "case_id": record.case_id, "rev": record.rev}
            if record.kind == "case":
                detail.update(records=len(records), attachments=len(shas))
            session.add(
                AuditLog(
                    at=utcnow(),
                    actor_user_id=actor,
                    action="purge",
                    outcome="ok",
                    target_kind=record.kind,
                    target_id=record.id,
                    detail=detail,
                )
            )
        for item in records:
            _tombstone(session, item)


def _purge_contents(session, ids: list[str]) -> set[str]:
    """Delete what is kept beside these records' content: conflicts, addenda (and comments), edits
    held for review, attachment links, and the attachments no other record links. Returns the hashes
    of the attachments that were linked."""
    from fieldcase.server.models import Blob, BlobChunk, DeviceBlob, Quarantine

    shas: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        shas |= set(
            session.execute(
                select(RecordAttachment.sha256).where(RecordAttachment.record_id.in_(chunk))
            ).scalars()
        )
        for model in (Conflict, Addendum, Quarantine, RecordAttachment):
            session.execute(delete(model).where(model.record_id.in_(chunk)))
        _scrub_ledger(session, chunk)
    for sha in sorted(shas):
        if (
            session.execute(
                select(RecordAttachment.record_id).where(RecordAttachment.sha256 == sha).limit(1)
            ).first()
            is not None
        ):
            continue  # the same photo is attached to a record of another case: it stays for that one
        for blob_model in (BlobChunk, DeviceBlob, Blob):
            session.execute(delete(blob_model).where(blob_model.sha256 == sha))
    return shas


def _scrub_ledger(session, record_ids: list[str]) -> None:
    """The mutation ledger keeps every answer so a retry gets the same one; a conflict answer quotes
    both values of the field. For purged records the values go (the answer, its ids and the field
    names stay, so a late retry is still answered the same way, without content)."""
    from fieldcase.server.models import MutationLedger

    rows = session.execute(
        select(MutationLedger).where(
            MutationLedger.record_id.in_(record_ids), MutationLedger.result == "conflict"
        )
    ).scalars()
    for row in rows:
        conflicts = row.outcome.get("conflicts") or []
        if any(
            c.get("server_value") is not None or c.get("client_value") is not None
            for c in conflicts
        ):
            scrubbed = [{**c, "server_value": None, "client_value": None} for c in conflicts]
            row.outcome = {
                **row.outcome,
                "conflicts": scrubbed,
            }  # a new dict: the JSON column sees the change


def _tombstone(session, record: Record) -> None:
    record.body, record.deleted, record.field_authors = None, True, {}
    record.return_reason = record.void_reason = None
    record.rev += 1

    def assign(seq: int) -> None:
        record.last_seq = seq
        session.add(
            ChangeLog(
                seq=seq, what="purge", record_id=record.id, case_id=record.case_id, rev=record.rev
            )
        )

    note_change(session, assign)
