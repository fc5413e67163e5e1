"""The FastAPI application: routes for enrollment, sync, records, approvals and attachments.

`create_app(settings)` builds everything from settings (no globals); tests use it with a
TestClient, `fieldcase-server run` serves it with uvicorn. OpenAPI at /docs.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Annotated, Any

from fastapi import Body, FastAPI, Header, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from fieldcase import __version__
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack
from fieldcase.protocol import (
    PROTOCOL_VERSION,
    SUPPORTED_PROTOCOL_VERSIONS,
    AcknowledgeRequest,
    AddendumQueueItem,
    AddendumRequest,
    ApprovalQueue,
    ApproveRequest,
    AuditChainHead,
    BlobCommitResponse,
    BlobStatus,
    BlobStatusRequest,
    Change,
    ChangesPage,
    CommentRequest,
    EnrollRequest,
    EnrollResponse,
    HelloRequest,
    HelloResponse,
    PushRequest,
    PushResponse,
    QueueItem,
    RefreshRequest,
    ReturnRequest,
    TokenPair,
)
from fieldcase.protocol.base import MAX_WIRE_INT, SHA256_PATTERN, UUID_PATTERN
from fieldcase.protocol.blobs import HEADER_CHUNK_SHA256
from fieldcase.protocol.instruments import (
    INSTRUMENT_ID_PATTERN,
    INSTRUMENT_VERSION_PATTERN,
    InstrumentEntry,
    InstrumentFile,
    InstrumentList,
)
from fieldcase.protocol.providers import Provider, ProviderDirectory
from fieldcase.protocol.sync import Directory, DirectoryEntry
from fieldcase.server import (
    apierrors,
    blobs,
    changes,
    devices,
    instruments,
    openapi,
    providers,
    pushes,
    resolutions,
    throttle,
)
from fieldcase.server import audit as audit_log
from fieldcase.server.agency_rules import agency_rules
from fieldcase.server.apierrors import ApiError, not_found
from fieldcase.server.audit import trail
from fieldcase.server.config import Settings
from fieldcase.server.db import Database
from fieldcase.server.limits import LimitsMiddleware
from fieldcase.server.models import Addendum, Device, Record, utcnow
from fieldcase.server.records import (
    ACKNOWLEDGED_KINDS,
    WORKFLOW_KINDS,
    Context,
    Refused,
    commit_mutation_changes,
    run_command,
)
from fieldcase.server.request_log import RequestLogMiddleware
from fieldcase.server.scope import accessible_case_ids, directory_users, find_record

log = logging.getLogger("fieldcase.server")

SCHEMA_VERSIONS = [1]
#: a hello refreshes the device's last-seen time only when it is older than this (fewer writes)
LAST_SEEN_EVERY = timedelta(minutes=1)
#: path parameters obey the protocol's id and number rules (a NUL or a 2^64 never reaches a query)
RecordId = Annotated[str, Path(min_length=36, max_length=36, pattern=UUID_PATTERN, description="a record id (UUID)")]
BlobHash = Annotated[str, Path(min_length=64, max_length=64, pattern=SHA256_PATTERN, description="SHA-256 of the content, hex")]
ChunkOffset = Annotated[int, Path(ge=0, le=MAX_WIRE_INT, description="where the chunk starts, in bytes")]
_REFUSAL_STATUS = {"not_found": 404, "forbidden": 403, "stale_revision": 409, "invalid": 422, "incomplete": 422}


def create_app(settings: Settings, db: Database | None = None, *, rules: RulePack = DEFAULT_RULES) -> FastAPI:
    db = db or Database(settings.database_url, pool=settings.db_pool)
    limiter = devices.RateLimiter(settings.limits.rate_per_second, settings.limits.rate_burst)
    app = FastAPI(title="fieldcase server", version=__version__, docs_url="/docs", lifespan=audit_log.lifespan(db))
    app.state.db, app.state.settings, app.state.limiter = db, settings, limiter
    # the agency's rule pack: which kinds a supervisor approves (domain/approval.py), the settings'
    # choice over the built-in pack's (server/agency_rules.py)
    app.state.rules = agency_rules(settings.approval_required, rules)
    app.add_middleware(LimitsMiddleware, limits=settings.limits, db=db, audit_batch_seconds=settings.audit_batch_seconds)
    app.add_middleware(RequestLogMiddleware)  # outermost: one JSON line per request, a request id (request_log.py)

    apierrors.install(app)  # every error in the protocol's shape
    openapi.describe(app)  # ... and declared, operation by operation

    def principal(request: Request, *, allow_wipe_pending: bool = False, session=None) -> devices.Principal:
        """Who is calling; with `session`, checked inside the handler's own transaction (one fewer)."""
        return devices.authenticate(
            db,
            request.headers.get("authorization"),
            request.headers.get("x-fc-device"),
            trail(request),
            limiter,
            allow_wipe_pending=allow_wipe_pending,
            session=session,
        )

    def address(request: Request) -> str | None:
        return request.client.host if request.client else None  # X-Forwarded-For only from 127.0.0.1 (uvicorn)

    # ------------------------------------------------------------------ health, auth

    @app.get("/health", tags=["server"])
    def health() -> dict:
        with db.read() as session:
            session.execute(select(1))
        return {"status": "ok", "version": __version__, "protocol_versions": list(SUPPORTED_PROTOCOL_VERSIONS)}

    @app.post("/auth/enroll", response_model=EnrollResponse, tags=["auth"])
    def enroll(request: Request, body: EnrollRequest) -> EnrollResponse:
        # back-off per account and per address, in the database (server/throttle.py)
        return devices.enroll(db, settings, body, trail(request), address=address(request))

    @app.post("/auth/refresh", response_model=TokenPair, tags=["auth"])
    def refresh(request: Request, body: RefreshRequest) -> TokenPair:
        keys = throttle.client_keys(None, address(request))
        with throttle.counting_failures(db, settings.limits, keys, trail(request), action="refresh"):
            return devices.refresh(db, settings, body, trail(request))

    # ------------------------------------------------------------------ sync

    @app.post("/sync/hello", response_model=HelloResponse, tags=["sync"])
    def hello(request: Request, body: HelloRequest) -> HelloResponse:
        audit = trail(request)
        now = utcnow()
        actions: list[str] = []
        wipe = None
        if body.protocol_version not in SUPPORTED_PROTOCOL_VERSIONS or body.schema_version not in SCHEMA_VERSIONS:
            actions.append("upgrade")
        with db.read() as session:
            who = principal(request, allow_wipe_pending=True, session=session)
            device = session.get(Device, who.device_id)
            assert device is not None
            epoch = session.execute(select(_epoch_column())).scalar_one()
            # Most hellos change nothing: then no write transaction (SQLite has one writer). The
            # last-seen time is only refreshed when it is older than LAST_SEEN_EVERY.
            write = (
                device.state == "wipe_pending"
                or device.last_seen_at is None
                or now - device.last_seen_at >= LAST_SEEN_EVERY
                or _chain_changes(device, body)
            )
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
                _hello_audit(audit, who, body, now)
                written = audit_log.write_in(session, audit)  # with the hello's own transaction
                ack, last_seq, state = _hello_state(device)
            audit_log.written(audit, written)
        else:
            _check_chain(device, body, audit)  # changes nothing here (else it would have written)
            _hello_audit(audit, who, body, now)
            ack, last_seq, state = _hello_state(device)
        return HelloResponse(
            server_time=devices.iso(now) or "",
            epoch=epoch,
            protocol_versions=list(SUPPORTED_PROTOCOL_VERSIONS),
            schema_versions=SCHEMA_VERSIONS,
            device_state=state,
            actions=actions,  # type: ignore[arg-type]  # a column's text, which pydantic checks against the Literal
            wipe_command=wipe,
            last_device_seq=last_seq,
            clock_skew_seconds=_skew_seconds(body.client_time, now),
            audit_ack=ack,
            approval_required=sorted(request.app.state.rules.approval_required),
        )

    def _hello_audit(audit, who: devices.Principal, body: HelloRequest, now) -> None:
        skew = _skew_seconds(body.client_time, now)
        if abs(skew) > settings.clock_skew_flag.total_seconds():
            audit.add("clock_skew", outcome="failed", target_kind="device", target_id=who.device_id, detail={"seconds": int(skew)})
        audit.add("hello", target_kind="device", target_id=who.device_id)

    @app.get("/directory", response_model=Directory, tags=["sync"])
    def directory(request: Request) -> Directory:
        """Names of the people the caller works with (scope.directory_users), for the laptop to show."""
        with db.read() as session:
            who = principal(request, session=session)
            users = session.execute(directory_users(who)).scalars()
            entries = [DirectoryEntry(user_id=u.id, display_name=(u.display_name or u.username)[:200], role=u.role) for u in users]
        trail(request).add("directory", detail={"entries": len(entries)})
        return Directory(entries=entries)

    @app.get("/providers", response_model=ProviderDirectory, tags=["sync"])
    def provider_directory(request: Request) -> ProviderDirectory:
        """The office's resource directory (server/providers.py), whole, for every enrolled laptop."""
        with db.read() as session:
            principal(request, session=session)
            rows = providers.active_providers(session)
        listed = [Provider(id=r.id, name=providers.clean(r.name), service_types=list(r.service_types), county=providers.clean(r.county),
                           address=providers.clean(r.address), phone=providers.clean(r.phone), notes=providers.clean(r.notes)[:4000]) for r in rows]
        trail(request).add("providers", detail={"entries": len(listed)})
        return ProviderDirectory(providers=listed)

    @app.get("/instruments", response_model=InstrumentList, tags=["sync"])
    def instrument_list(request: Request) -> InstrumentList:
        """The assessment instruments the office loaded (server/instruments.py): ids, versions and
        hashes, retired ones marked; the laptop fetches the files it lacks."""
        with db.read() as session:
            principal(request, session=session)
            rows = instruments.every_instrument(session)
        trail(request).add("instruments", detail={"entries": len(rows)})
        return InstrumentList(instruments=[InstrumentEntry(instrument_id=r.instrument_id, version=r.version, sha256=r.sha256, retired=not r.active)
                                           for r in rows])

    @app.get("/instruments/{instrument_id}/{version}", response_model=InstrumentFile, tags=["sync"])
    def instrument_file(
        request: Request,
        instrument_id: Annotated[str, Path(max_length=64, pattern=INSTRUMENT_ID_PATTERN)],
        version: Annotated[str, Path(max_length=32, pattern=INSTRUMENT_VERSION_PATTERN)],
    ) -> InstrumentFile:
        """One instrument file, as the office loaded it."""
        with db.read() as session:
            principal(request, session=session)
            found = instruments.content_of(session, instrument_id, version)
        if found is None:
            raise not_found()
        row, content = found
        trail(request).add("instrument", target_kind="instrument", target_id=f"{row.instrument_id}@{row.version}"[:64])
        return InstrumentFile(instrument_id=row.instrument_id, version=row.version, sha256=row.sha256, content=content)

    @app.post("/sync/wiped", status_code=204, tags=["sync"])
    def wiped(request: Request) -> Response:
        """The laptop confirms it crypto-erased its store after a wipe command."""
        who = principal(request, allow_wipe_pending=True)
        devices.mark_wiped(db, who.device_id)
        trail(request).add("wiped", target_kind="device", target_id=who.device_id)
        return Response(status_code=204)

    @app.post("/sync/push", response_model=PushResponse, tags=["sync"])
    def push(request: Request, body: PushRequest) -> Response:
        caller: list[devices.Principal] = []

        def who(session):
            caller.append(principal(request, session=session))
            return caller[-1]

        answer = pushes.push(db, who, body, trail(request), grace=settings.grace_period, rules=request.app.state.rules)
        if any(m.resolves for m in body.readable()):
            resolutions.settle_conflicts(db, caller[-1], body.readable(), answer.results, trail(request))
        return _json(answer)

    @app.get("/sync/changes", response_model=ChangesPage, tags=["sync"])
    def pull(
        request: Request,
        cursor: str | None = Query(default=None, max_length=500, pattern=r"^[A-Za-z0-9_-]*$"),
        limit: int = Query(default=settings.limits.default_page, ge=1, le=settings.limits.max_page),
    ) -> Response:
        with db.read() as session:
            who = principal(request, session=session)
            page = changes.settled_page(session, who, cursor, limit)
        if page is None:  # the caseload changed: recorded first, with the read connection given back
            page = changes.changes_page(db, who, cursor, limit)
        trail(request).add("pull", detail={"changes": len(page.changes), "scope_events": len(page.scope_events)})
        return _json(page)

    # ------------------------------------------------------------------ records and approvals

    @app.get("/records/{record_id}", response_model=Change, tags=["records"])
    def get_record(request: Request, record_id: RecordId) -> Change:
        who = principal(request)
        with db.read() as session:
            record = find_record(session, who, record_id)
            if record is None:
                trail(request).add("read", outcome="denied", target_kind="record", target_id=record_id[:64])
                raise not_found()
            trail(request).add("read", target_kind=record.kind, target_id=record.id)
            return changes.build_changes(session, [record])[0]

    def command(request: Request, record_id: str, name: str, args: dict) -> Change:
        who = principal(request)
        with db.read() as session:
            scope = set(session.execute(accessible_case_ids(who)).scalars())
        try:
            with db.write() as session:
                record = find_record(session, who, record_id, for_update=True)
                if record is None:
                    raise Refused("not_found", "Not found.")
                ctx = Context(principal=who, scope=scope, now=utcnow(), grace_seconds=0, rules=request.app.state.rules)
                run_command(session, ctx, record, name, args)
                commit_mutation_changes(session)
                kept = record
        except Refused as refused:
            outcome = "denied" if refused.code in ("not_found", "forbidden") else "failed"
            trail(request).add(name, outcome=outcome, target_kind="record", target_id=record_id[:64], detail={"code": refused.code})
            raise ApiError(_REFUSAL_STATUS.get(refused.code, 409), refused.code if refused.code != "stale_revision" else "conflict", refused.reason) from None
        trail(request).add(name, target_kind=kept.kind, target_id=kept.id, detail={"rev": kept.rev})
        with db.read() as session:
            return changes.build_changes(session, [session.get(Record, record_id)])[0]

    @app.post("/records/{record_id}/submit", response_model=Change, tags=["approvals"])
    def submit(request: Request, record_id: RecordId, body: ApproveRequest) -> Change:
        return command(request, record_id, "submit", {"rev": body.rev})

    @app.post("/records/{record_id}/approve", response_model=Change, tags=["approvals"])
    def approve(request: Request, record_id: RecordId, body: ApproveRequest) -> Change:
        return command(request, record_id, "approve", {"rev": body.rev})

    @app.post("/records/{record_id}/return", response_model=Change, tags=["approvals"])
    def return_(request: Request, record_id: RecordId, body: ReturnRequest) -> Change:
        return command(request, record_id, "return", {"reason": body.reason})

    @app.post("/records/{record_id}/addenda", response_model=Change, tags=["approvals"])
    def addendum(request: Request, record_id: RecordId, body: AddendumRequest) -> Change:
        return command(request, record_id, "add_addendum", {"text": body.text})

    @app.post("/records/{record_id}/comments", response_model=Change, tags=["approvals"])
    def comment(request: Request, record_id: RecordId, body: CommentRequest) -> Change:
        """A question or an answer about the entry; the entry's revision stays (domain/comments.py)."""
        return command(request, record_id, "comment", {"comment_id": body.comment_id, "text": body.text})

    @app.post("/records/{record_id}/acknowledge", response_model=Change, tags=["approvals"])
    def acknowledge(request: Request, record_id: RecordId, body: AcknowledgeRequest) -> Change:
        return command(request, record_id, "acknowledge_addendum", {"addendum_id": body.addendum_id})

    @app.get("/approvals/queue", response_model=ApprovalQueue, tags=["approvals"])
    def queue(request: Request) -> ApprovalQueue:
        who = principal(request)
        if who.role != "supervisor":
            trail(request).add("queue", outcome="denied")
            raise ApiError(403, "forbidden", "Only supervisors have a review queue.")
        with db.read() as session:
            rows = session.execute(
                select(Record)
                .where(Record.case_id.in_(accessible_case_ids(who)), Record.status == "submitted", Record.kind.in_(sorted(WORKFLOW_KINDS)))
                .where(Record.created_by != who.user_id)
                .order_by(Record.submitted_at)
            ).scalars()
            items = [
                QueueItem(
                    record_id=r.id, record_kind=r.kind, case_id=r.case_id, rev=r.rev, submitted_by=r.submitted_by, submitted_at=devices.iso(r.submitted_at)
                )
                for r in rows
            ]
            # proposals too: a caseworker's correction that arrived after the approval must not sit unread
            unread = session.execute(
                select(Record.id, Record.kind, Record.case_id, Addendum.id, Addendum.author, Addendum.created_at, Addendum.kind)
                .join(Addendum, Addendum.record_id == Record.id)
                .where(Record.case_id.in_(accessible_case_ids(who)), Record.status == "approved", Record.kind.in_(sorted(WORKFLOW_KINDS)))
                .where(Addendum.kind.in_(ACKNOWLEDGED_KINDS), Addendum.acknowledged_by.is_(None), Addendum.author != who.user_id)
                .order_by(Addendum.created_at, Addendum.id)
            ).all()
            addenda = [
                AddendumQueueItem(
                    record_id=r[0], record_kind=r[1], case_id=r[2], addendum_id=r[3], author=r[4], created_at=devices.iso(r[5]), kind=r[6]  # type: ignore[arg-type]  # pydantic checks the column's text against the Literal
                )
                for r in unread
            ]
        proposals = sum(a.kind == "proposal" for a in addenda)
        trail(request).add("queue", detail={"items": len(items), "addenda": len(addenda) - proposals, "proposals": proposals})
        return ApprovalQueue(items=items, addenda=addenda)

    # ------------------------------------------------------------------ attachments

    @app.post("/blobs/{sha256}", response_model=BlobStatus, tags=["attachments"])
    def blob_status(request: Request, sha256: BlobHash, body: BlobStatusRequest) -> BlobStatus:
        who = principal(request)
        return blobs.status(db, settings.limits, who, sha256, body)

    @app.put("/blobs/{sha256}/chunks/{offset}", response_model=BlobStatus, tags=["attachments"])
    def blob_chunk(
        request: Request,
        sha256: BlobHash,
        offset: ChunkOffset,
        data: bytes = Body(default=b"", media_type="application/octet-stream"),
        chunk_sha: str | None = Header(default=None, alias=HEADER_CHUNK_SHA256, pattern=SHA256_PATTERN),
    ) -> BlobStatus:
        who = principal(request)
        return blobs.put_chunk(db, settings.limits, who, sha256, offset, data, chunk_sha)

    @app.post("/blobs/{sha256}/commit", response_model=BlobCommitResponse, tags=["attachments"])
    def blob_commit(request: Request, sha256: BlobHash) -> BlobCommitResponse:
        who = principal(request)
        result = blobs.commit(db, who, sha256)
        trail(request).add("blob_commit", target_kind="blob", target_id=sha256)
        return result

    @app.get("/blobs/{sha256}", tags=["attachments"])
    def blob_get(request: Request, sha256: BlobHash, range_header: str | None = Header(default=None, alias="Range")) -> Response:
        who = principal(request)
        start, end = 0, None
        if range_header:
            found = re.fullmatch(r"bytes=(\d{1,18})-(\d{0,18})", range_header.strip())  # < 2^63: the wire's integer rule
            if not found:
                raise ApiError(416, "range_not_satisfiable", "Only one byte range (bytes=a-b) is supported.")
            start, end = int(found.group(1)), int(found.group(2)) if found.group(2) else None
        try:
            data, size, mime = blobs.read(db, who, sha256, start, end)
        except ApiError as error:
            if error.status == 404:
                trail(request).add("blob_read", outcome="denied", target_kind="blob", target_id=sha256[:64])
            raise
        trail(request).add("blob_read", target_kind="blob", target_id=sha256)
        headers = {"Accept-Ranges": "bytes", "ETag": f'"{sha256}"'}
        if range_header:
            headers["Content-Range"] = f"bytes {start}-{start + len(data) - 1}/{size}"
            return Response(data, status_code=206, media_type=mime, headers=headers)
        return Response(data, media_type=mime, headers=headers)

    return app


def _json(model: Any) -> Response:
    """An answer already built as its protocol model (validated when it was made): serialised once,
    without FastAPI's re-validation against the response model (the OpenAPI schema still names it).
    Pages of 500-1000 records and pushes of 500 results are where that second pass costs."""
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")


def app_from_env() -> FastAPI:
    """The app of one `fieldcase-server run` worker: the database from $FIELDCASE_SERVER_DB
    (set by `run` from --db), default settings otherwise."""
    import os

    from fieldcase.server.db import database_url
    from fieldcase.server.slow_clients import (
        DEFAULT_BODY_TIMEOUT,
        ENV_BODY_TIMEOUT,
        seconds_from_env,
    )

    settings = Settings(database_url=database_url())  # FIELDCASE_* and the settings file
    if os.environ.get(ENV_BODY_TIMEOUT):  # `run --body-timeout`: the same bound as the connection's
        timeout = seconds_from_env(ENV_BODY_TIMEOUT, DEFAULT_BODY_TIMEOUT)
        settings = settings.model_copy(update={"limits": settings.limits.model_copy(update={"body_timeout": timeout})})
    return create_app(settings)


def _epoch_column():
    from fieldcase.server.models import ServerState

    return ServerState.epoch


def _skew_seconds(client_time: str, now) -> float:
    from datetime import datetime

    try:
        parsed = datetime.fromisoformat(client_time.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            return 0.0
        return round((now - parsed).total_seconds(), 3)
    except ValueError:
        return 0.0


def _hello_state(device: Device):
    ack = AuditChainHead(count=device.audit_count, head=device.audit_head) if device.audit_head else None
    return ack, device.last_device_seq, device.state


def _chain_verdict(device: Device, body: HelloRequest) -> tuple[str | None, bool]:
    """(why the device is suspect or None, whether the acknowledged chain head moves forward)."""
    why = None
    if body.last_device_seq < device.last_device_seq:
        why = "device_seq_regression"
    chain = body.audit_chain
    if chain is not None:
        if device.audit_head is not None and (chain.count, chain.head) == (device.audit_count, device.audit_head):
            pass  # the head the server already holds: a hello retried after its answer was lost
        elif device.audit_head is not None:
            if chain.acknowledged_count != device.audit_count or chain.acknowledged_head != device.audit_head:
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
    if advance and chain is not None and (chain.count, chain.head) != (device.audit_count, device.audit_head):
        return True
    return why is not None and not device.suspect


def _check_chain(device: Device, body: HelloRequest, audit) -> None:
    """A gap, fork or regression in the device's audit chain (or its device_seq) marks it suspect."""
    why, advance = _chain_verdict(device, body)
    chain = body.audit_chain
    if advance and chain is not None:
        device.audit_count, device.audit_head = chain.count, chain.head
    if why is not None:
        if not device.suspect:
            device.suspect, device.suspect_reason = True, why
        audit.add("device_suspect", outcome="failed", target_kind="device", target_id=device.id, detail={"why": why})


__all__ = ["PROTOCOL_VERSION", "app_from_env", "create_app", "timedelta"]
