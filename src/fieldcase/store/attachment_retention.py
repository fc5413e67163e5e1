"""Attachment bytes on the laptop: what waits to go up, and when they may go (sync.md "upload pending
work for a lost case, then remove it").

The rule: bytes this laptop holds and has not uploaded are never erased — not when their record
leaves the laptop (a case reassigned away, a re-download, a purge), not when the server refuses
them. A case taken off the caseload waits on the laptop until the attachments its records name
are uploaded; one the server refuses no longer holds the case back, but its bytes stay here and
"needs attention" says so (topic `attachment_kept`), until an upload succeeds.

Uploaded bytes (and downloaded ones) go with the last record that names them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldcase.store.tables import attachment, attention, outbox, record

#: the attention topic of bytes the server refused, kept on this laptop
KEPT = "attachment_kept"
KEPT_MESSAGE = (
    "A photo or document attached on this laptop could not be uploaded: the server refused it. "
    "It is kept on this laptop and is uploaded again at every sync; tell your supervisor if this stays."
)

#: held and not uploaded: never erased
_HELD_UNSENT = (attachment.c.uploaded.is_(False)) & (attachment.c.content.is_not(None))
#: any record or outbox row on the laptop naming the hash (their JSON holds it as text; 64 hex
#: digits never occur by chance) — one scan in SQLite rather than parsing every body in Python
_NAMED_HERE = text(
    "SELECT 1 FROM record WHERE instr(body, :sha) > 0 UNION ALL SELECT 1 FROM outbox WHERE instr(payload, :sha) > 0 LIMIT 1"
)


def kept_id(sha256: str) -> str:
    return f"{KEPT}:{sha256}"


def hashes_in(body: Any) -> set[str]:
    """Every attachment hash a record body names, at any depth."""
    found: set[str] = set()
    if isinstance(body, dict):
        sha = body.get("sha256")
        if isinstance(sha, str) and len(sha) == 64:
            found.add(sha)
        for value in body.values():
            found |= hashes_in(value)
    elif isinstance(body, list):
        for value in body:
            found |= hashes_in(value)
    return found


def waiting_for(connection: Connection, record_ids: list[str]) -> set[str]:
    """Hashes named by these records (or by changes to them, even ones the server sent to the
    supervisor's queue) whose bytes are here, not uploaded, and not refused by the server: their
    case stays on the laptop until they are up."""
    if not record_ids:
        return set()
    unsent = set(connection.execute(select(attachment.c.sha256).where(_HELD_UNSENT)).scalars())
    if not unsent:
        return set()
    named: set[str] = set()
    for body in connection.execute(
        select(record.c.body).where(record.c.id.in_(record_ids))
    ).scalars():
        named |= hashes_in(json.loads(body)) & unsent
    for payload in connection.execute(
        select(outbox.c.payload).where(outbox.c.record_id.in_(record_ids))
    ).scalars():
        named |= hashes_in(json.loads(payload)) & unsent
    if not named:
        return set()
    refused = set(
        connection.execute(
            select(attention.c.id).where(attention.c.id.in_([kept_id(s) for s in named]))
        ).scalars()
    )
    return {sha for sha in named if kept_id(sha) not in refused}


def release(connection: Connection, shas: set[str]) -> None:
    """Erase the bytes of these hashes that are uploaded (or were only downloaded) and that no record
    or outbox row on the laptop names any more. Bytes not uploaded stay."""
    for sha in sorted(shas):
        if connection.execute(_NAMED_HERE, {"sha": sha}).first() is not None:
            continue
        connection.execute(delete(attachment).where(attachment.c.sha256 == sha, ~_HELD_UNSENT))


def keep_refused(connection: Connection, sha256: str, code: str, now_iso: str) -> None:
    """The server refused these bytes for good (too large, damaged, not accepted): they stay here,
    and "needs attention" says so, once (a user who dismissed it is not asked again)."""
    stmt = sqlite_insert(attention).on_conflict_do_nothing(index_elements=[attention.c.id])
    connection.execute(
        stmt,
        [
            dict(
                id=kept_id(sha256),
                topic=KEPT,
                record_kind=None,
                record_id=None,
                mutation_id=None,
                message=KEPT_MESSAGE,
                details=json.dumps({"sha256": sha256, "code": code}, sort_keys=True),
                created_at=now_iso,
                resolved_at=None,
            )
        ],
    )


def uploaded(connection: Connection, sha256: str) -> None:
    """The server has the bytes whole: a refusal noted before is over (its notice goes), and bytes
    kept only because they were not up yet go now if no record here names them."""
    connection.execute(
        update(attachment).where(attachment.c.sha256 == sha256).values(uploaded=True)
    )
    was_kept = connection.execute(
        delete(attention).where(attention.c.id == kept_id(sha256))
    ).rowcount
    if was_kept:
        release(connection, {sha256})


def to_upload(connection: Connection) -> list[tuple[str, int, str]]:
    """(sha256, size, mime) of every held attachment not uploaded, oldest first."""
    rows = connection.execute(
        select(attachment.c.sha256, attachment.c.size, attachment.c.mime)
        .where(_HELD_UNSENT)
        .order_by(attachment.c.created_at, attachment.c.sha256)
    ).all()
    return [(r.sha256, r.size, r.mime) for r in rows]


def chunk(connection: Connection, sha256: str, offset: int, size: int) -> bytes:
    return connection.execute(
        select(func.substr(attachment.c.content, bindparam("start"), bindparam("length"))).where(
            attachment.c.sha256 == sha256
        ),
        {"start": offset + 1, "length": size},
    ).scalar_one()
