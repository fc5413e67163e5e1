"""Taking records off the laptop (sync.md "Caseload scope": a revoke makes the client upload pending
work for that case and then purge it locally; a purge on the server sends a tombstone; a re-download
leaves behind what no longer comes back).

What a removal never takes: unsent work (outbox rows still to go up), attachment bytes not yet
uploaded (store/attachment_retention.py), and — when the case left this caseload — what the
caseworker was told about their own work: a change kept as a proposal for the supervisor, one sent
to the supervisor's queue, one the server did not accept. Those notices stay in "needs attention"
without the case's content where the server keeps it; work the server never took stays whole, as
the caseworker's own.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import Connection, delete, func, select, update

from fieldcase.store import attachment_retention as retention
from fieldcase.store import search
from fieldcase.store.outbox import INFLIGHT, PENDING
from fieldcase.store.tables import (
    attention,
    outbox,
    record,
    record_child,
    resync_leftover,
    revoked_case,
    shadow,
)

UNSENT = (PENDING, INFLIGHT)

#: notices of the caseworker's own work that outlive its record when the case leaves the laptop.
#: The server holds the content of the first two (the proposal, the supervisor's queue): only the
#: notice stays. A refused change exists nowhere else: it stays whole.
_TOLD_ON_SERVER = {"addendum": ("addendum_id", "code"), "deferred": ("code", "kind")}
_TOLD_ONLY_HERE = frozenset({"quarantined"})
CASE_REMOVED = " The case is no longer on your caseload, so it is no longer on this laptop."


def remove_record(connection: Connection, record_id: str, *, case_left: bool = False) -> int:
    """Delete every trace of a record (row, children, search words, shadow, settled outbox rows,
    attention, attachment bytes no longer needed); secure_delete overwrites the freed pages.
    `case_left`: the case left this caseload — the caseworker's told outcomes stay (see above)."""
    row = connection.execute(
        select(record.c.search_rowid, record.c.body).where(record.c.id == record_id)
    ).first()
    shas: set[str] = set()
    if row is not None:
        search.remove_entry(connection, row.search_rowid)
        shas |= retention.hashes_in(json.loads(row.body))
        connection.execute(delete(record_child).where(record_child.c.record_id == record_id))
        connection.execute(delete(record).where(record.c.id == record_id))
    connection.execute(delete(shadow).where(shadow.c.record_id == record_id))
    connection.execute(delete(resync_leftover).where(resync_leftover.c.record_id == record_id))
    settled = (outbox.c.record_id == record_id) & outbox.c.state.not_in(UNSENT)
    if case_left:  # a change the server refused exists nowhere else: the caseworker's own, kept
        refused = select(attention.c.mutation_id).where(
            attention.c.topic.in_(_TOLD_ONLY_HERE), attention.c.mutation_id.is_not(None)
        )
        settled = settled & ~outbox.c.mutation_id.in_(refused)
    for payload in connection.execute(select(outbox.c.payload).where(settled)).scalars():
        shas |= retention.hashes_in(json.loads(payload))
    connection.execute(delete(outbox).where(settled))
    if case_left:
        _keep_told(connection, record_id)
    connection.execute(delete(attention).where(attention.c.record_id == record_id))
    retention.release(connection, shas)
    return 1 if row is not None else 0


def _keep_told(connection: Connection, record_id: str) -> None:
    """The caseworker's told outcomes of a record whose case left: detached from the record (which
    can no longer be opened here), worded to say so, without the case's content where the server
    keeps it."""
    rows = connection.execute(
        select(attention.c.id, attention.c.topic, attention.c.message, attention.c.details).where(
            attention.c.record_id == record_id,
            attention.c.topic.in_([*_TOLD_ON_SERVER, *_TOLD_ONLY_HERE]),
        )
    ).all()
    for row in rows:
        details = json.loads(row.details)
        if row.topic in _TOLD_ON_SERVER:
            details = {k: details[k] for k in _TOLD_ON_SERVER[row.topic] if k in details}
        details["case_removed"] = True
        message = row.message if row.message.endswith(CASE_REMOVED) else row.message + CASE_REMOVED
        connection.execute(
            update(attention)
            .where(attention.c.id == row.id)
            .values(
                record_id=None,
                message=message,
                details=json.dumps(
                    details, sort_keys=True, separators=(",", ":"), ensure_ascii=False
                ),
            )
        )


def purge_settled_cases(
    connection: Connection, audit: Callable[[Connection, str, int], None]
) -> int:
    """Purge the revoked cases whose work is all on the server: no unsent outbox row and no
    attachment waiting to go up (one the server refused waits no longer: it is kept apart).
    `audit(connection, case_id, count)` records each purge. Returns how many were purged."""
    purged = 0
    for case_id in list(connection.execute(select(revoked_case.c.case_id)).scalars()):
        ids = list(
            connection.execute(select(record.c.id).where(record.c.case_id == case_id)).scalars()
        )
        waiting = (
            connection.execute(
                select(func.count())
                .select_from(outbox)
                .where(outbox.c.state.in_(UNSENT), outbox.c.record_id.in_(ids))
            ).scalar_one()
            if ids
            else 0
        )
        if waiting or retention.waiting_for(connection, ids):
            continue
        for record_id in ids:
            remove_record(connection, record_id, case_left=True)
        connection.execute(delete(revoked_case).where(revoked_case.c.case_id == case_id))
        audit(connection, case_id, len(ids))
        purged += 1
    return purged
