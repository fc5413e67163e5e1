"""POST /sync/hello, the first call of every sync: the versions, the laptop's state (a wipe command
when it must wipe), its audit chain and clock checked; and POST /sync/wiped, the laptop's word that
it crypto-erased its store."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcase.protocol import (
    SUPPORTED_PROTOCOL_VERSIONS,
    AuditChainHead,
    ChangesPage,
    HelloRequest,
    HelloResponse,
)
from fieldcase.protocol.version import HEADER_LISTS
from fieldcase.server import audit as audit_log
from fieldcase.server import changes, devices, list_versions
from fieldcase.server.apierrors import ApiError
from fieldcase.server.models import Device, ServerState, utcnow
from fieldcase.server.routes.deps import (
    DatabaseDep,
    RulesDep,
    SettingsDep,
    Trail,
    WipingAuthenticate,
    WipingCaller,
)

router = APIRouter(tags=["sync"])

SCHEMA_VERSIONS = [1]
#: a hello refreshes the device's last-seen time only when it is older than this (fewer writes)
LAST_SEEN_EVERY = timedelta(minutes=1)


@router.post("/sync/hello", response_model=HelloResponse)
def hello(
    body: HelloRequest,
    db: DatabaseDep,
    settings: SettingsDep,
    rules: RulesDep,
    audit: Trail,
    authenticate: WipingAuthenticate,
    pull_limit: int | None = Query(default=None, ge=1),
    pull_cursor: str | None = Query(default=None, max_length=500, pattern=r"^[A-Za-z0-9_-]*$"),
) -> Response:
    """`pull_limit` (and `pull_cursor`, as `GET /sync/changes` takes them): the answer brings the
    first page of changes too (`first_page`), so that a sync with nothing new is this one request."""
    now = utcnow()
    actions: list[str] = []
    wipe = None
    if (
        body.protocol_version not in SUPPORTED_PROTOCOL_VERSIONS
        or body.schema_version not in SCHEMA_VERSIONS
    ):
        actions.append("upgrade")
    # the caller is checked inside this read (one transaction fewer), which ends before any write
    with db.read() as session:
        who = authenticate(session)
        device = session.get(Device, who.device_id)
        assert device is not None
        epoch = session.execute(select(ServerState.epoch)).scalar_one()
        # which reference lists moved: the laptop asks only for those (server/list_versions.py)
        lists = list_versions.versions(session, who, epoch)
        first_page = (
            _first_page(session, who, pull_cursor, min(pull_limit, settings.limits.max_page), audit)
            if pull_limit is not None and not actions and device.state == "active"
            else None
        )
        # Most hellos change nothing: then no write transaction (SQLite has one writer). The
        # last-seen time is only refreshed when it is older than LAST_SEEN_EVERY.
        write = (
            device.state == "wipe_pending"
            or device.last_seen_at is None
            or now - device.last_seen_at >= LAST_SEEN_EVERY
            or _chain_changes(device, body)
        )
    skew_limit = settings.clock_skew_flag.total_seconds()
    written = 0
    if write:
        with db.write() as session:
            device = session.get(Device, who.device_id)
            assert device is not None
            device.last_seen_at = now
            if device.state == "wipe_pending":
                actions.append("wipe")
                wipe = devices.wipe_command(session, device)
                audit.add("wipe_delivered", target_kind="device", target_id=device.id)
            _check_chain(device, body, audit)
            _hello_audit(audit, who, body, now, skew_limit)
            written = audit_log.write_in(session, audit)  # with the hello's own transaction
            ack, last_seq, state = _hello_state(device)
        audit_log.written(audit, written)
    else:
        _check_chain(device, body, audit)  # changes nothing here (else it would have written)
        _hello_audit(audit, who, body, now, skew_limit)
        ack, last_seq, state = _hello_state(device)
    answer = HelloResponse(
        server_time=devices.iso(now) or "",
        epoch=epoch,
        protocol_versions=list(SUPPORTED_PROTOCOL_VERSIONS),
        schema_versions=SCHEMA_VERSIONS,
        device_state=state,
        actions=actions,  # type: ignore[arg-type]
        wipe_command=wipe,
        last_device_seq=last_seq,
        clock_skew_seconds=_skew_seconds(body.client_time, now),
        audit_ack=ack,
        # the agency's choice of what a supervisor approves: the laptop files or submits by it offline
        approval_required=sorted(rules.approval_required),
        first_page=first_page,
    )
    # a laptop that did not ask knows no `first_page` field (its models refuse unknown fields)
    content = answer.model_dump_json(exclude=None if pull_limit is not None else {"first_page"})
    headers = {HEADER_LISTS: list_versions.header_value(lists)} if lists else None
    return Response(content, media_type="application/json", headers=headers)


def _first_page(
    session: Session, who: devices.Principal, cursor: str | None, limit: int, audit: Any
) -> ChangesPage | None:
    """What `GET /sync/changes` would answer, read in the hello's own snapshot; None when that
    route must answer instead: the caseload changed (it reconciles first, a write) or the cursor is
    refused (it answers 410 or 422, and the laptop acts on that)."""
    try:
        page = changes.settled_page(session, who, cursor or None, limit)
    except ApiError:
        return None
    if page is not None:
        changes.audit_pull(audit, page)
    return page


@router.post("/sync/wiped", status_code=204)
def wiped(who: WipingCaller, db: DatabaseDep, audit: Trail) -> Response:
    """The laptop confirms it crypto-erased its store after a wipe command."""
    devices.mark_wiped(db, who.device_id)
    audit.add("wiped", target_kind="device", target_id=who.device_id)
    return Response(status_code=204)


def _hello_audit(
    audit: Any, who: devices.Principal, body: HelloRequest, now: datetime, skew_limit: float
) -> None:
    skew = _skew_seconds(body.client_time, now)
    if abs(skew) > skew_limit:
        audit.add(
            "clock_skew",
            outcome="failed",
            target_kind="device",
            target_id=who.device_id,
            detail={"seconds": int(skew)},
        )
    audit.add("hello", target_kind="device", target_id=who.device_id)


def _skew_seconds(client_time: str, now: datetime) -> float:
    try:
        parsed = datetime.fromisoformat(client_time.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return 0.0
        return round((now - parsed).total_seconds(), 3)
    except ValueError:
        return 0.0


def _hello_state(device: Device):
    ack = (
        AuditChainHead(count=device.audit_count, head=device.audit_head)
        if device.audit_head
        else None
    )
    return ack, device.last_device_seq, device.state


def _chain_verdict(device: Device, body: HelloRequest) -> tuple[str | None, bool]:
    """(why the device is suspect or None, whether the acknowledged chain head moves forward)."""
    why = None
    if body.last_device_seq < device.last_device_seq:
        why = "device_seq_regression"
    chain = body.audit_chain
    if chain is not None:
        if device.audit_head is not None and (chain.count, chain.head) == (
            device.audit_count,
            device.audit_head,
        ):
            pass  # the head the server already holds: a hello retried after its answer was lost
        elif device.audit_head is not None:
            if (
                chain.acknowledged_count != device.audit_count
                or chain.acknowledged_head != device.audit_head
            ):
                why = why or "audit_chain_fork"
            elif chain.count < device.audit_count:
                why = why or "audit_chain_regression"
            elif chain.count == device.audit_count and chain.head != device.audit_head:
                why = why or "audit_chain_fork"
    advance = why is None and chain is not None and chain.count >= device.audit_count
    return why, advance


def _chain_changes(device: Device, body: HelloRequest) -> bool:
    """True if `_check_chain` would change the device row."""
    why, advance = _chain_verdict(device, body)
    chain = body.audit_chain
    if (
        advance
        and chain is not None
        and (chain.count, chain.head) != (device.audit_count, device.audit_head)
    ):
        return True
    return why is not None and not device.suspect


def _check_chain(device: Device, body: HelloRequest, audit: Any) -> None:
    """A gap, fork or regression in the device's audit chain (or its device_seq) marks it suspect."""
    why, advance = _chain_verdict(device, body)
    chain = body.audit_chain
    if advance and chain is not None:
        device.audit_count, device.audit_head = chain.count, chain.head
    if why is not None:
        if not device.suspect:
            device.suspect, device.suspect_reason = True, why
        audit.add(
            "device_suspect",
            outcome="failed",
            target_kind="device",
            target_id=device.id,
            detail={"why": why},
        )
