"""Links between records and attachment content, and the proof of holding that makes a link readable.

A record's body names its attachments by SHA-256 (sync.md "Identifiers"). Knowing a hash is not
holding the content: a hash can be read off a screen, a report or a log, and one attach naming it
would otherwise make another team's photo readable to the attacher and their supervisor (issue 16,
item 4). So a link only opens the blob to the record's scope (blobs.readable) once the device that
made it has proven it holds the content:

- it uploaded the same bytes (a `device_blob` row, written by blobs.commit), or
- the content is already readable in its own scope (a proven link in one of its cases).

Otherwise the link is kept *pending* (`proven` false, `linked_by_device` set): sync.md lets an
attach arrive before its upload (attachments travel on their own queue), so the honest order —
attach, then upload — ends with the same device's upload, and blobs.commit then proves its pending
links (`prove_pending`). A device that never uploads the bytes never opens the link. An attach of
content the server already holds, by a device that has not proven it holds it, is audited as a
denial; a declared size that does not match the stored content is refused (the caller answers it
like a missing record, and the push audits that as a denial).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldcase.server.devices import Principal
from fieldcase.server.models import AuditLog, Blob, DeviceBlob, RecordAttachment, utcnow
from fieldcase.server.scope import accessible_case_ids


def holds(session: Session, principal: Principal, sha256: str) -> bool:
    """The device proved it holds this content: it uploaded it, or it can read it in its scope."""
    if session.get(DeviceBlob, (principal.device_id, sha256)) is not None:
        return True
    attached = session.execute(
        select(RecordAttachment.record_id)
        .where(
            RecordAttachment.sha256 == sha256,
            RecordAttachment.proven.is_(True),
            RecordAttachment.case_id.in_(accessible_case_ids(principal)),
        )
        .limit(1)
    ).first()
    return attached is not None


def size_matches(session: Session, sha256: str, declared: int) -> bool:
    """False when the server holds this content and its size is not the declared one: the device
    does not hold what it names (a device that holds the file knows its size)."""
    blob = session.get(Blob, sha256)
    return blob is None or blob.size == declared


def link(
    session: Session, principal: Principal, record: Any, refs: Iterable[tuple[str, str]], add: Any
) -> None:
    """Link the record to each `(field, sha256)` it references; `add(row)` writes a new row (in a
    push, inside the mutation's savepoint). A pending link the device can now prove becomes proven."""
    wanted = set(refs)
    if not wanted:
        return
    rows = session.execute(
        select(RecordAttachment.field, RecordAttachment.sha256, RecordAttachment.proven).where(
            RecordAttachment.record_id == record.id
        )
    ).all()
    linked = {(row[0], row[1]): row[2] for row in rows}
    proofs: dict[str, bool] = {}

    def proven(sha256: str) -> bool:
        if sha256 not in proofs:
            proofs[sha256] = holds(session, principal, sha256)
        return proofs[sha256]

    for name, sha256 in sorted(wanted):
        if (name, sha256) in linked:
            if not linked[(name, sha256)] and proven(sha256):
                session.execute(
                    update(RecordAttachment)
                    .where(
                        RecordAttachment.record_id == record.id,
                        RecordAttachment.field == name,
                        RecordAttachment.sha256 == sha256,
                    )
                    .values(proven=True)
                    .execution_options(synchronize_session=False)
                )
            continue
        ok = proven(sha256)
        add(
            RecordAttachment(
                record_id=record.id,
                field=name,
                sha256=sha256,
                case_id=record.case_id,
                proven=ok,
                linked_by_device=None if ok else principal.device_id,
            )
        )
        if not ok and session.get(Blob, sha256) is not None:
            # The server holds this content and the device has not shown it holds it: the link stays
            # closed until the device uploads the same bytes.
            add(
                AuditLog(
                    at=utcnow(),
                    actor_user_id=principal.user_id,
                    device_id=principal.device_id,
                    action="attachment_link",
                    outcome="denied",
                    target_kind="blob",
                    target_id=sha256,
                    detail={"code": "not_proven", "record_id": record.id},
                )
            )


def prove_pending(session: Session, device_id: str, sha256: str) -> None:
    """The device has just proven it holds the content: the links it made to it open."""
    session.execute(
        update(RecordAttachment)
        .where(
            RecordAttachment.sha256 == sha256,
            RecordAttachment.linked_by_device == device_id,
            RecordAttachment.proven.is_(False),
        )
        .values(proven=True)
        .execution_options(synchronize_session=False)
    )
