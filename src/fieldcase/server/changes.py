"""`GET /sync/changes`: what changed in a device's caseload since its cursor, from one snapshot.

The stream a device sees is ordered by (position, record id) where a record's position is its
latest change number, or the number of the grant that brought its case to this device if that is
later — so a newly granted case arrives whole, old records included (WatermelonDB #1264).
A page is read by index in two parts merged here (sync.md "Pull by index"): the records each grant
brought, grant by grant, and the records changed since their grant, by (case, change number) — so a
page reads about the rows it returns, never the whole scope.
Scope events (grant/revoke) are written when the live scope (scope.py) differs from what the device
was last given; the cursor is opaque: "v1:<epoch>:<seq>:<record id or marker>".
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from typing import Any

from sqlalchemy import String, any_, bindparam, delete, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from fieldcase.domain.text import has_control
from fieldcase.protocol import AddendumInfo, Change, ChangesPage, ScopeEvent
from fieldcase.protocol.base import MAX_WIRE_INT
from fieldcase.server import feed_statements as feed
from fieldcase.server.apierrors import ApiError
from fieldcase.server.db import Database, current_seq, note_change
from fieldcase.server.devices import Principal, iso
from fieldcase.server.feed_statements import ALL_DONE
from fieldcase.server.models import (
    Addendum,
    ChangeLog,
    Conflict,
    DeviceCaseScope,
    ScopeEventRow,
    ServerState,
    utcnow,
)
from fieldcase.server.records import conflict_info, full_body, proposal_acknowledgements
from fieldcase.server.scope import accessible_case_ids_bound, scope_values


def resync_required(why: str) -> ApiError:
    return ApiError(
        410, "resync_required", f"Download your caseload again ({why}); your unsent work is kept."
    )


def encode_cursor(epoch: str, seq: int, after: str) -> str:
    return base64.urlsafe_b64encode(f"v1:{epoch}:{seq}:{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, epoch, seq, after = raw.split(":", 3)
        if version != "v1" or not 0 <= int(seq) <= MAX_WIRE_INT or has_control(epoch + after):
            raise ValueError  # the protocol's number and text rules hold inside a cursor too
        return epoch, int(seq), after
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(
            422, "invalid_request", "The cursor is not one this server gave out.", fields=["cursor"]
        ) from None


def reconcile_scope(db: Database, principal: Principal) -> None:
    """Write grant/revoke events for the difference between the live scope and what the device holds."""
    with db.read() as session:
        live, held = _live_and_held(session, principal)
    if live == held:
        return
    with (
        db.write() as session
    ):  # recomputed inside the write transaction: that one is authoritative
        live, held = _live_and_held(session, principal)
        for case_id in sorted(live - held):
            _scope_event(session, principal.device_id, case_id, "grant")
        for case_id in sorted(held - live):
            session.execute(
                delete(DeviceCaseScope).where(
                    DeviceCaseScope.device_id == principal.device_id,
                    DeviceCaseScope.case_id == case_id,
                )
            )
            _scope_event(session, principal.device_id, case_id, "revoke")


def _scope_event(session: Session, device_id: str, case_id: str, event: str) -> None:
    def assign(seq: int) -> None:
        session.add(ScopeEventRow(seq=seq, device_id=device_id, case_id=case_id, event=event))
        session.add(ChangeLog(seq=seq, what=event, case_id=case_id, device_id=device_id))
        if event == "grant":
            session.add(DeviceCaseScope(device_id=device_id, case_id=case_id, granted_seq=seq))

    note_change(session, assign)


def settled_page(
    session: Session, principal: Principal, cursor: str | None, limit: int
) -> ChangesPage | None:
    """One page read from `session` (a read snapshot, e.g. the one that authenticated the caller), or
    None when the device does not hold exactly its live scope there: then close that snapshot and
    call `changes_page`. Never reconcile while holding it: a pull holding one pooled read connection
    while it waits for a second deadlocks the pool when every connection is held that way (50 new
    laptops, or 50 caseloads changed by an import, pulling at once on one worker: 500s after 30 s)."""
    return _page(session, principal, cursor, limit) if _scope_settled(session, principal) else None


def audit_pull(audit: Any, page: ChangesPage) -> None:
    """A page handed to a laptop, in the audit trail (`GET /sync/changes`, or the hello's first page)."""
    audit.add("pull", detail={"changes": len(page.changes), "scope_events": len(page.scope_events)})


def changes_page(db: Database, principal: Principal, cursor: str | None, limit: int) -> ChangesPage:
    """One page, the scope reconciled first (a write) and the page read from a new snapshot. The
    caller holds no other session of `db` (see `settled_page`)."""
    reconcile_scope(db, principal)
    with db.read() as fresh:
        return _page(fresh, principal, cursor, limit)


def _scope_settled(session: Session, principal: Principal) -> bool:
    live, held = _live_and_held(session, principal)
    return live == held


def _live_and_held(session: Session, principal: Principal) -> tuple[set[str], set[str]]:
    """The cases `principal` may see now, and those its device was last given."""
    live = accessible_case_ids_bound(principal.role)
    live_ids = set(session.execute(live, scope_values(principal)).scalars())
    held = set(session.execute(feed.held_cases(), {"device_id": principal.device_id}).scalars())
    return live_ids, held


def _page(session: Session, principal: Principal, cursor: str | None, limit: int) -> ChangesPage:
    # the two columns, not the row: its signing key would be decrypted at every pull for nothing
    state = session.execute(
        select(ServerState.epoch, ServerState.horizon_seq).where(ServerState.id == 1)
    ).one()
    top = current_seq(session)  # every change numbered up to here is committed and visible
    if cursor:
        epoch, after_seq, after_id = decode_cursor(cursor)
        if epoch != state.epoch:
            raise resync_required("the server was restored")
        if after_seq < state.horizon_seq or after_seq > top:
            raise resync_required("your copy is older than the server keeps history for")
    else:
        after_seq, after_id = 0, ""
    dialect = session.get_bind().dialect.name
    bound = feed.values(principal, after_seq, after_id, top, limit)
    all_done = after_id == ALL_DONE
    rows = [
        *session.execute(feed.granted(principal.role, all_done, dialect), bound),
        *session.execute(feed.updated(principal.role, all_done), bound),
    ]
    events = session.execute(feed.scope_events(), bound).scalars().all()
    # each part is sorted and cut at limit + 1, so the first limit + 1 of the merge are exact
    items: list[tuple[int, str, object]] = [(row.position, row.id, row) for row in rows]
    items += [(ev.seq, "", ev) for ev in events]
    items.sort(key=lambda item: (item[0], item[1]))
    has_more = len(items) > limit
    items = items[:limit]
    records = [item[2] for item in items if item[1]]  # record rows (scope events have no id here)
    changes = build_changes(session, records, {item[1]: item[0] for item in items if item[1]})
    scope_events = [
        ScopeEvent(seq=ev.seq, event=ev.event, case_id=ev.case_id)  # type: ignore[arg-type]  # a column's text, which pydantic checks against the Literal
        for _, _, ev in items
        if isinstance(ev, ScopeEventRow)
    ]
    if has_more:
        last_seq, last_id = items[-1][0], items[-1][1]
        next_cursor = encode_cursor(state.epoch, last_seq, last_id)
    else:
        next_cursor = encode_cursor(state.epoch, top, ALL_DONE)
    return ChangesPage(
        epoch=state.epoch,
        changes=changes,
        scope_events=scope_events,
        next_cursor=next_cursor,
        has_more=has_more,
        server_time=iso(utcnow()) or "",
    )


def build_changes(
    session: Session, records: list[Any], positions: dict[str, int] | None = None
) -> list[Change]:
    """Changes of `records`: ORM `Record`s or rows of the record table."""
    ids = [r.id for r in records]
    conflicts: dict[str, list] = defaultdict(list)
    addenda: dict[str, list] = defaultdict(list)
    if ids:
        for row in session.execute(
            select(Conflict)
            .where(_among(session, Conflict.record_id, ids), Conflict.resolved.is_(False))
            .order_by(Conflict.created_at)
        ).scalars():
            conflicts[row.record_id].append(row)
        for addendum in session.execute(
            select(Addendum)
            .where(_among(session, Addendum.record_id, ids))
            .order_by(Addendum.created_at)
        ).scalars():
            addenda[addendum.record_id].append(addendum)
    return [
        change_of(r, conflicts[r.id], addenda[r.id], seq=(positions or {}).get(r.id, r.last_seq))
        for r in records
    ]


def _among(session: Session, column: Any, ids: list[str]) -> Any:
    """`column IN (ids)`; on PostgreSQL `= ANY(:ids)`, one array parameter instead of up to 1000 (the
    statement text then stays the same from page to page)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("ids", ids, type_=ARRAY(String)))
    return column.in_(ids)


def change_of(
    record: Any, conflicts: list[Conflict], addenda: list[Addendum], *, seq: int | None = None
) -> Change:
    return Change(
        seq=record.last_seq if seq is None else seq,
        record_kind=record.kind,
        record_id=record.id,
        case_id=record.case_id,
        rev=record.rev,
        status=record.status,
        deleted=record.deleted,
        body=full_body(record, addenda),
        meta={
            "created_by": record.created_by,
            "created_at": iso(record.created_at),
            "updated_by": record.updated_by,
            "updated_at": iso(record.updated_at),
            "submitted_by": record.submitted_by,
            "submitted_at": iso(record.submitted_at),
            "approved_by": record.approved_by,
            "approved_at": iso(record.approved_at),
            "approved_rev": record.approved_rev,
            "content_hash": record.content_hash,
            "return_reason": record.return_reason,
            "void_reason": record.void_reason,
            **proposal_acknowledgements(addenda),
        },
        conflicts=[conflict_info(c) for c in conflicts],
        addenda=[
            AddendumInfo(
                addendum_id=a.id,
                kind=a.kind,  # type: ignore[arg-type]  # a column's text, which pydantic checks against the Literal
                author=a.author,
                created_at=iso(a.created_at) or "",
                text=a.text,
                proposed_patch=a.proposed_patch,
                mutation_id=a.mutation_id,
            )
            for a in addenda
        ],
        origin_device_id=record.origin_device_id,
        origin_mutation_id=record.origin_mutation_id,
    )
