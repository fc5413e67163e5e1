"""Device enrollment, access/refresh tokens, device states and the signed wipe command.

Tokens are random (security.tokens) and stored only as SHA-256 hashes. An access token lives minutes;
a refresh token is single-use: using it returns a new pair of the same family, and presenting a used
one again means it was stolen — the whole family is revoked (security.md "Server side").

Except for a lost answer: if the response to a refresh is lost after the server committed, the laptop
retries with the token it still holds (at once, or at its next sync when it was locked before it
could keep the answer). Within REFRESH_GRACE of its first use, presenting the
immediately-previous refresh token (its successor still unused and unrevoked) answers the same new
pair again instead of revoking. The successor pair is derived from the presented token with a
server-side key (HMAC), so it can be recomputed without storing any token in plaintext.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update

from fieldcase.domain.ids import new_id
from fieldcase.protocol import (
    EnrollRequest,
    EnrollResponse,
    RefreshRequest,
    SignedCommand,
    TokenPair,
    UserInfo,
)
from fieldcase.security import passwords, tokens
from fieldcase.server import throttle
from fieldcase.server.apierrors import ApiError, invalid_token
from fieldcase.server.audit import AuditTrail
from fieldcase.server.config import Settings
from fieldcase.server.db import Database
from fieldcase.server.models import (
    AccessToken,
    Device,
    EnrollmentCode,
    RefreshToken,
    ServerState,
    User,
    utcnow,
)

#: how long after its use the previous refresh token still answers (the same pair) instead of revoking.
#: Not only a retry seconds later: a laptop locked while its refresh was on the network cannot keep
#: the answer (the store's key is gone) and presents the old token at its next sync, after a night
#: or a weekend — with a minute's grace that revoked the family and the caseworker had to enroll the
#: laptop again (an IT visit). Reuse detection is unchanged in substance: the replay only ever gives
#: back the family's one live pair, and only while nobody has used it; once either holder uses it,
#: the other's token is real reuse and revokes the family. A stolen old token is no more useful than
#: the stolen store it would come from (the current tokens sit next to it).
REFRESH_GRACE = timedelta(days=14)
_SUCCESSOR_CONTEXT = b"fieldcase/refresh-successor/v1\x00"

DEVICE_STATES = ("active", "suspended", "wipe_pending", "wiped", "retired")

# Verified when the username is unknown, so a wrong username costs as much time as a wrong password.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$3q2+7w3q2+7w3q2+7w3q2+7w3q2+7w3q2+7w3q2+7w0"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the user behind a device. Scope is computed from it on every request."""

    user_id: str
    role: str
    team_id: str | None
    org_id: str
    device_id: str


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def create_enrollment_code(
    db: Database, settings: Settings, *, org_id: str, created_by: str | None
) -> tuple[str, datetime]:
    code = tokens.new_enrollment_code()
    expires = utcnow() + settings.enrollment_ttl
    with db.write() as session:
        session.add(
            EnrollmentCode(
                code_hash=tokens.token_hash(tokens.normalize_enrollment_code(code)),
                org_id=org_id,
                created_by=created_by,
                expires_at=expires,
            )
        )
    return code, expires


def _successor_tokens(session, presented: str) -> tuple[str, str]:
    """The (access, refresh) pair a refresh with `presented` issues: HMAC of the presented token under a
    key only the server holds (derived from its signing key), so a retry can recompute it."""
    state = session.get(ServerState, 1)
    assert state is not None, "init-db has not been run"
    key = hashlib.sha256(_SUCCESSOR_CONTEXT + bytes(state.signing_private_key)).digest()

    def derive(label: bytes) -> str:
        mac = hmac.new(key, label + b"\x00" + presented.encode("utf-8"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")

    return derive(b"access"), derive(b"refresh")


def _issue(
    session, settings: Settings, device_id: str, family_id: str, pair: tuple[str, str] | None = None
) -> TokenPair:
    now = utcnow()
    access, refresh = pair if pair is not None else (tokens.new_token(), tokens.new_token())
    access_exp, refresh_exp = now + settings.access_ttl, now + settings.refresh_ttl
    session.add(
        AccessToken(
            token_hash=tokens.token_hash(access),
            device_id=device_id,
            family_id=family_id,
            expires_at=access_exp,
        )
    )
    session.add(
        RefreshToken(
            token_hash=tokens.token_hash(refresh),
            device_id=device_id,
            family_id=family_id,
            expires_at=refresh_exp,
        )
    )
    return TokenPair(
        access_token=access,
        access_expires_at=iso(access_exp) or "",
        refresh_token=refresh,
        refresh_expires_at=iso(refresh_exp) or "",
    )


def enroll(
    db: Database,
    settings: Settings,
    req: EnrollRequest,
    audit: AuditTrail,
    *,
    address: str | None = None,
) -> EnrollResponse:
    """Sign-in and enrollment in one: password, then the single-use code. Every attempt is charged to
    the account and the client address first (server/throttle.py); only a full success takes it back."""
    refused = ApiError(
        401,
        "enrollment_refused",
        "The username, password or enrollment code is not right, or the code has expired.",
    )
    gate = hash_gate(settings)
    with db.read() as session:
        user = session.execute(
            select(User).where(User.username == req.username)
        ).scalar_one_or_none()
        user_hash = user.password_hash if user is not None else _DUMMY_HASH
    with gate.turn():
        attempt = throttle.begin(
            db,
            settings.limits,
            throttle.client_keys(req.username, address),
            audit,
            user_id=user.id if user else None,
        )
        # The slow hash runs outside any transaction (SQLite has one writer).
        password_ok = passwords.verify_password(user_hash, req.password)
    if user is None or not user.active or not password_ok:
        audit.add(
            "enroll",
            outcome="denied",
            target_kind="user",
            target_id=user.id if user else None,
            detail={"why": "credentials"},
        )
        raise refused
    code_hash = tokens.token_hash(tokens.normalize_enrollment_code(req.enrollment_code))
    now = utcnow()
    with db.write() as session:
        # Single use even under concurrency: only one UPDATE can flip used_at from NULL.
        device_id = new_id()
        taken = session.execute(
            update(EnrollmentCode)
            .where(
                EnrollmentCode.code_hash == code_hash,
                EnrollmentCode.used_at.is_(None),
                EnrollmentCode.expires_at > now,
                EnrollmentCode.org_id == user.org_id,
            )
            .values(used_at=now, used_by_device=device_id)
        ).rowcount  # type: ignore[attr-defined]  # a DML statement's Result is a CursorResult
        if taken != 1:
            session.rollback()
            audit.add(
                "enroll",
                outcome="denied",
                target_kind="user",
                target_id=user.id,
                detail={"why": "code"},
                user_id=user.id,
            )
            raise refused
        session.add(
            Device(
                id=device_id,
                user_id=user.id,
                label=req.device_label,
                state="active",
                last_seen_at=now,
            )
        )
        session.flush()
        pair = _issue(session, settings, device_id, new_id())
        state = session.get(ServerState, 1)
        assert state is not None, "init-db has not been run"
        public_key, epoch = state.signing_public_key, state.epoch
    throttle.succeeded(db, attempt)
    if passwords.needs_rehash(user_hash):
        with gate.turn():
            rehashed = passwords.hash_password(req.password)
        with db.write() as session:
            session.execute(update(User).where(User.id == user.id).values(password_hash=rehashed))
    audit.add(
        "enroll", target_kind="device", target_id=device_id, user_id=user.id, device_id=device_id
    )
    return EnrollResponse(
        device_id=device_id,
        tokens=pair,
        user=UserInfo(
            user_id=user.id,
            username=user.username,
            role=user.role,  # type: ignore[arg-type]  # a column's text, which pydantic checks against the Literal
            team_id=user.team_id,
        ),
        server_public_key=base64.b64encode(public_key).decode("ascii"),
        epoch=epoch,
    )


_gates: dict[tuple[int, float], throttle.HashGate] = {}
_gates_lock = threading.Lock()


def hash_gate(settings: Settings) -> throttle.HashGate:
    """The process's cap on concurrent password hashing (one per set of limits: tests vary them)."""
    key = (settings.limits.concurrent_hashes, settings.limits.hash_wait_seconds)
    with _gates_lock:
        return _gates.setdefault(key, throttle.HashGate(*key))


def refresh(db: Database, settings: Settings, req: RefreshRequest, audit: AuditTrail) -> TokenPair:
    now = utcnow()
    with db.write() as session:
        row = session.get(RefreshToken, tokens.token_hash(req.refresh_token))
        if row is None or row.device_id != req.device_id:
            audit.add(
                "refresh",
                outcome="denied",
                target_kind="device",
                target_id=req.device_id,
                detail={"why": "unknown"},
            )
            raise invalid_token()
        device = session.get(Device, row.device_id)
        assert device is not None
        audit.user_id, audit.device_id = device.user_id, device.id
        if row.used_at is not None and not row.revoked and now - row.used_at <= REFRESH_GRACE:
            replay = _replay(session, req.refresh_token, row)
            if replay is not None:
                check_device_state(session, device)
                # The answer to the first use was lost: the same pair again, nothing revoked.
                audit.add(
                    "refresh", target_kind="device", target_id=device.id, detail={"why": "retry"}
                )
                return replay
        if row.used_at is not None or row.revoked:
            if row.used_at is not None and not row.revoked:
                # A used refresh token came back: someone holds a copy. Revoke the whole family.
                _revoke_family(session, row.family_id)
                audit.add(
                    "refresh_reuse", outcome="denied", target_kind="device", target_id=device.id
                )
                error = ApiError(
                    401,
                    "token_reused",
                    "This sign-in was revoked for safety; enroll the laptop again.",
                )
            else:
                audit.add(
                    "refresh",
                    outcome="denied",
                    target_kind="device",
                    target_id=device.id,
                    detail={"why": "revoked"},
                )
                error = invalid_token()
            # Commit the revocation, then answer.
            session.flush()
            raise_after = error
        elif row.expires_at <= now:
            audit.add(
                "refresh",
                outcome="denied",
                target_kind="device",
                target_id=device.id,
                detail={"why": "expired"},
            )
            raise_after = invalid_token()
        else:
            check_device_state(session, device)
            row.used_at = now
            pair = _issue(
                session,
                settings,
                device.id,
                row.family_id,
                _successor_tokens(session, req.refresh_token),
            )
            audit.add("refresh", target_kind="device", target_id=device.id)
            raise_after = None
    if raise_after is not None:
        raise raise_after
    return pair


def _replay(session, presented: str, row: RefreshToken) -> TokenPair | None:
    """The pair issued when `row` was used, if it is still the family's live pair (the successor refresh
    token unused, both tokens unrevoked); None otherwise (then the reuse is real)."""
    access, refresh = _successor_tokens(session, presented)
    next_refresh = session.get(RefreshToken, tokens.token_hash(refresh))
    next_access = session.get(AccessToken, tokens.token_hash(access))
    if (
        next_refresh is None
        or next_access is None
        or next_refresh.family_id != row.family_id
        or next_refresh.used_at is not None
        or next_refresh.revoked
        or next_access.revoked
    ):
        return None
    return TokenPair(
        access_token=access,
        access_expires_at=iso(next_access.expires_at) or "",
        refresh_token=refresh,
        refresh_expires_at=iso(next_refresh.expires_at) or "",
    )


def _revoke_family(session, family_id: str) -> None:
    session.execute(
        update(RefreshToken).where(RefreshToken.family_id == family_id).values(revoked=True)
    )
    session.execute(
        update(AccessToken).where(AccessToken.family_id == family_id).values(revoked=True)
    )


def revoke_device_tokens(session, device_id: str) -> None:
    session.execute(
        update(RefreshToken).where(RefreshToken.device_id == device_id).values(revoked=True)
    )
    session.execute(
        update(AccessToken).where(AccessToken.device_id == device_id).values(revoked=True)
    )


def wipe_command(session, device: Device) -> SignedCommand:
    state = session.get(ServerState, 1)
    payload = json.dumps(
        {
            "command": "wipe",
            "device_id": device.id,
            "issued_at": iso(device.wipe_requested_at),
            "nonce": device.wipe_nonce,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")
    signature = tokens.sign_command(state.signing_private_key, payload)
    return SignedCommand(
        command="wipe",
        payload=base64.b64encode(payload).decode("ascii"),
        signature=base64.b64encode(signature).decode("ascii"),
    )


def check_device_state(session, device: Device, *, allow_wipe_pending: bool = False) -> None:
    if device.state == "active":
        return
    if device.state == "suspended":
        raise ApiError(
            403,
            "device_suspended",
            "This laptop was suspended by the agency; call your supervisor or IT.",
        )
    if device.state == "wipe_pending":
        if allow_wipe_pending:
            return
        raise ApiError(
            401,
            "device_revoked",
            "This laptop was revoked and must be wiped.",
            wipe_command=wipe_command(session, device).model_dump(),
        )
    if device.state == "retired":
        raise ApiError(401, "device_retired", "This laptop was retired; enroll it again to use it.")
    raise ApiError(401, "device_wiped", "This laptop was wiped; enroll it again to use it.")


def request_wipe(session, device: Device) -> None:
    device.state = "wipe_pending"
    device.wipe_nonce = secrets.token_hex(16)
    device.wipe_requested_at = utcnow()


class RateLimiter:
    """A token bucket per key (device id, or client address before sign-in), in memory."""

    def __init__(self, per_second: float, burst: int) -> None:
        self.per_second, self.burst = per_second, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """None if allowed (and counted); otherwise seconds to wait."""
        now = time.monotonic()
        with self._lock:
            level, last = self._buckets.get(key, (float(self.burst), now))
            level = min(float(self.burst), level + (now - last) * self.per_second)
            if level < 1.0:
                self._buckets[key] = (level, now)
                return max(1, int((1.0 - level) / self.per_second + 0.999))
            self._buckets[key] = (level - 1.0, now)
            if len(self._buckets) > 100_000:  # forget idle keys rather than grow without bound
                self._buckets.clear()
            return None


def authenticate(
    db: Database,
    authorization: str | None,
    device_header: str | None,
    audit: AuditTrail,
    limiter: RateLimiter,
    *,
    allow_wipe_pending: bool = False,
    session: Any = None,
) -> Principal:
    """Who is calling. With `session`, inside that (read or write) transaction rather than one of its own."""
    if not authorization or not authorization.startswith("Bearer ") or not device_header:
        audit.add("auth", outcome="denied", detail={"why": "missing"})
        raise invalid_token()
    token = authorization[len("Bearer ") :].strip()
    if not token or len(token) > 200:
        raise invalid_token()
    if session is not None:
        return _authenticate(session, token, device_header, audit, limiter, allow_wipe_pending)
    with db.read() as own:
        return _authenticate(own, token, device_header, audit, limiter, allow_wipe_pending)


@functools.lru_cache(maxsize=1)
def _caller_by_token() -> Any:
    """One row of plain columns (no ORM objects), built once: this runs on every request."""
    return (
        select(
            AccessToken.revoked,
            AccessToken.expires_at,
            Device.id.label("device_id"),
            Device.state,
            User.id.label("user_id"),
            User.role,
            User.team_id,
            User.org_id,
            User.active,
        )
        .join(Device, Device.id == AccessToken.device_id)
        .join(User, User.id == Device.user_id)
        .where(AccessToken.token_hash == bindparam("token_hash", type_=AccessToken.token_hash.type))
    )


def _authenticate(
    session: Any,
    token: str,
    device_header: str,
    audit: AuditTrail,
    limiter: RateLimiter,
    allow_wipe_pending: bool,
) -> Principal:
    now = utcnow()
    found = session.execute(
        _caller_by_token(), {"token_hash": tokens.token_hash(token)}
    ).one_or_none()
    if found is None or found.device_id != device_header:
        audit.add("auth", outcome="denied", detail={"why": "unknown_token"})
        raise invalid_token()
    audit.user_id, audit.device_id = found.user_id, found.device_id
    wait = limiter.retry_after(found.device_id)
    if wait is not None:
        raise ApiError(
            429,
            "rate_limited",
            "Too many requests from this laptop; sync will retry shortly.",
            retry_after=wait,
        )
    if found.state != "active":
        # A revoked laptop learns it must wipe with any token it was ever given, even an expired one.
        audit.add(
            "auth",
            outcome="denied",
            target_kind="device",
            target_id=found.device_id,
            detail={"why": found.state},
        )
        check_device_state(
            session, session.get(Device, found.device_id), allow_wipe_pending=allow_wipe_pending
        )
    if found.revoked or found.expires_at <= now or not found.active:
        audit.add(
            "auth",
            outcome="denied",
            target_kind="device",
            target_id=found.device_id,
            detail={"why": "expired_or_revoked"},
        )
        raise invalid_token()
    return Principal(
        user_id=found.user_id,
        role=found.role,
        team_id=found.team_id,
        org_id=found.org_id,
        device_id=found.device_id,
    )


def mark_wiped(db: Database, device_id: str) -> None:
    with db.write() as session:
        device = session.get(Device, device_id)
        if device is not None and device.state == "wipe_pending":
            device.state = "wiped"
            device.wiped_at = utcnow()
            revoke_device_tokens(session, device_id)


def expiry_in(settings: Settings) -> timedelta:
    return settings.access_ttl


def register_device(
    db: Database, settings: Settings, user_id: str, *, label: str = ""
) -> tuple[str, TokenPair]:
    """An enrolled device for `user_id` without the enrollment dance (tests, demo tooling)."""
    with db.write() as session:
        device_id = new_id()
        session.add(
            Device(
                id=device_id, user_id=user_id, label=label, state="active", last_seen_at=utcnow()
            )
        )
        session.flush()
        return device_id, _issue(session, settings, device_id, new_id())
