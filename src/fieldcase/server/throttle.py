"""Back-off for password and code guessing: per account and per client address, kept in the database
so every worker process and every host behind a load balancer sees the same count, plus a cap on how
many Argon2id checks (64 MiB each) one process runs at once.

An attempt is charged *before* the password is checked, inside one write transaction with the rows
locked (SELECT … FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite): eight attempts sent at once get
eight distinct counts, so the ones past the limit are refused without being hashed. A right password
takes the charge back (the account's count is cleared); a wrong one keeps it. While a key is locked,
every attempt — the right password too — is answered 429 with Retry-After.

The keys are SHA-256 of the username (case-folded) or of the address (an IPv6 address by its /64,
which one attacker holds whole): a password typed into the username field is not stored.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import random
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldcase.errors import UserError
from fieldcase.server.apierrors import ApiError
from fieldcase.server.audit import AuditTrail
from fieldcase.server.config import Backoff, Limits
from fieldcase.server.db import Database
from fieldcase.server.models import SignInThrottle, User, utcnow

ACCOUNT, ADDRESS = "account", "address"
#: one attempt in this many also deletes rows forgotten long ago (the table stays small under a spray)
_SWEEP_ONE_IN = 64


def account_key(username: str) -> str:
    return _digest(ACCOUNT, username.strip().casefold())


def address_key(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        value = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    except ValueError:
        value = address
    return _digest(ADDRESS, value)


def _digest(scope: str, value: str) -> str:
    return hashlib.sha256(
        f"fieldcase/sign-in/{scope}\x00{value}".encode("utf-8", "surrogatepass")
    ).hexdigest()


def lock_seconds(policy: Backoff, failures: int) -> float:
    """How long the key is locked once it has `failures` (counting this one); 0 below the limit."""
    if failures < policy.free:
        return 0.0
    return min(policy.max_lock, policy.first_lock * 2 ** min(failures - policy.free, 30))


def too_many(wait: float) -> ApiError:
    seconds = max(1, math.ceil(wait))
    when = f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"
    return ApiError(
        429,
        "rate_limited",
        f"Too many failed sign-ins. Try again in {when}, or ask IT to unlock the account.",
        retry_after=seconds,
    )


@dataclass
class Attempt:
    """A charged attempt; hand it to `succeeded` when the password (and code) were right."""

    keys: dict[str, str]  # scope -> key hash
    policies: dict[str, Backoff]
    locked: list[str] = field(default_factory=list)  # scopes this attempt locked


def _policies(limits: Limits) -> dict[str, Backoff]:
    return {ACCOUNT: limits.account_backoff, ADDRESS: limits.address_backoff}


def _locked_rows(session, keys: dict[str, str]) -> dict[str, SignInThrottle]:
    """The rows of `keys` (made if missing), locked until commit; in key order (no deadlock)."""
    table = SignInThrottle.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values = [
        {"key_hash": key, "scope": scope, "failures": 0}
        for scope, key in sorted(keys.items(), key=lambda kv: kv[1])
    ]
    session.execute(
        insert(table).values(values).on_conflict_do_nothing(index_elements=["key_hash"])
    )
    rows = session.execute(
        select(SignInThrottle)
        .where(SignInThrottle.key_hash.in_(list(keys.values())))
        .order_by(SignInThrottle.key_hash)
        .with_for_update()
    ).scalars()
    by_key = {row.key_hash: row for row in rows}
    return {scope: by_key[key] for scope, key in keys.items()}


def _wait(row: SignInThrottle, now: datetime) -> float:
    return (
        (row.locked_until - now).total_seconds()
        if row.locked_until is not None and row.locked_until > now
        else 0.0
    )


def begin(
    db: Database,
    limits: Limits,
    keys: dict[str, str],
    audit: AuditTrail,
    *,
    user_id: str | None = None,
    action: str = "enroll",
) -> Attempt:
    """Charge one attempt to every key, or raise 429 (nothing charged) if any of them is locked."""
    policies = _policies(limits)
    attempt = Attempt(keys, policies)
    with db.write() as session:
        rows = _locked_rows(session, keys)
        now = utcnow()  # after the row locks: another attempt may have held them
        wait = max(_wait(row, now) for row in rows.values())
        if wait > 0:
            blocked = None
        else:
            for scope, row in rows.items():
                policy = policies[scope]
                if (
                    row.last_failure_at is not None
                    and (now - row.last_failure_at).total_seconds() > policy.forget_after
                ):
                    row.failures = 0
                row.failures += 1
                row.last_failure_at = now
                seconds = lock_seconds(policy, row.failures)
                if seconds:
                    row.locked_until = now + timedelta(seconds=seconds)
                    attempt.locked.append(scope)
                    if row.failures == policy.free:  # the lock begins: worth its own audit entry
                        audit.add(
                            "sign_in_locked",
                            outcome="denied",
                            target_kind="user" if scope == ACCOUNT else "address",
                            target_id=user_id if scope == ACCOUNT else None,
                            detail={"scope": scope, "seconds": int(seconds)},
                        )
            blocked = attempt
            if random.randrange(_SWEEP_ONE_IN) == 0:
                _sweep(session, limits, now)
    if blocked is None:
        audit.add(
            action,
            outcome="denied",
            target_kind="user",
            target_id=user_id,
            detail={"why": "locked"},
            user_id=user_id,
        )
        raise too_many(wait)
    return attempt


def succeeded(db: Database, attempt: Attempt) -> None:
    """The password and code were right: the account starts afresh; the address gets its charge back."""
    with db.write() as session:
        rows = _locked_rows(session, attempt.keys)
        for scope, row in rows.items():
            if scope == ACCOUNT:
                session.delete(row)
            else:
                row.failures = max(0, row.failures - 1)
                if lock_seconds(attempt.policies[scope], row.failures) == 0:
                    row.locked_until = None


def check(db: Database, keys: dict[str, str]) -> None:
    """429 if any key is locked now (for endpoints whose failures are recorded after the fact)."""
    now = utcnow()
    with db.read() as session:
        found = session.execute(
            select(SignInThrottle).where(SignInThrottle.key_hash.in_(list(keys.values())))
        ).scalars()
        wait = max([_wait(row, now) for row in found], default=0.0)
    if wait > 0:
        raise too_many(wait)


@contextmanager
def counting_failures(
    db: Database, limits: Limits, keys: dict[str, str], audit: AuditTrail, *, action: str
) -> Iterator[None]:
    """For a guess that costs no password check (a refresh token): refused while locked, and a 401
    inside counts as a failure afterwards (the lock then holds for the next attempt)."""
    try:
        check(db, keys)
    except ApiError:
        audit.add(action, outcome="denied", detail={"why": "locked"})
        raise
    try:
        yield
    except ApiError as error:
        if error.status == 401:
            try:
                begin(db, limits, keys, AuditTrail(), action=action)
            except ApiError:
                pass  # locked meanwhile: nothing more to count
        raise


def client_keys(username: str | None, address: str | None) -> dict[str, str]:
    keys = {ADDRESS: address_key(address or "unknown")}
    if username is not None:
        keys[ACCOUNT] = account_key(username)
    return keys


def _sweep(session, limits: Limits, now: datetime) -> None:
    horizon = now - timedelta(
        seconds=max(p.forget_after + p.max_lock for p in _policies(limits).values())
    )
    stale = or_(
        SignInThrottle.last_failure_at < horizon,
        and_(SignInThrottle.last_failure_at.is_(None), SignInThrottle.failures == 0),
    )
    session.execute(delete(SignInThrottle).where(stale))


# ---------------------------------------------------------------------- the admin's unlock


def unlock_account(db: Database, username: str, *, by: str | None = None) -> int:
    """Forget the account's failed sign-ins and lift its lock (audited). Returns the failures forgotten."""
    from fieldcase.server.audit import write_in

    key = account_key(username)
    with db.write() as session:
        user = session.execute(
            select(User.id).where(User.username == username)
        ).scalar_one_or_none()
        if user is None:
            raise UserError("No such user.", code="no_user")
        admin = (
            session.execute(select(User.id).where(User.username == by)).scalar_one_or_none()
            if by
            else None
        )
        row = session.get(SignInThrottle, key, with_for_update=True)
        forgotten = row.failures if row is not None else 0
        if row is not None:
            session.delete(row)
        trail = AuditTrail(user_id=admin)
        write_in(
            session,
            trail,
            trail.entry(
                "sign_in_unlocked",
                target_kind="user",
                target_id=user,
                detail={"failures": forgotten},
            ),
        )
    return forgotten


def locked_accounts(db: Database) -> list[tuple[str, int, datetime | None]]:
    """(username, failures, locked until) of the accounts with failed sign-ins on record."""
    now = utcnow()
    with db.read() as session:
        rows = {
            r.key_hash: r
            for r in session.execute(
                select(SignInThrottle).where(SignInThrottle.scope == ACCOUNT)
            ).scalars()
        }
        if not rows:
            return []
        names = session.execute(select(User.username)).scalars()
        found = [(name, rows[account_key(name)]) for name in names if account_key(name) in rows]
    return [
        (name, row.failures, row.locked_until if _wait(row, now) > 0 else None)
        for name, row in found
    ]


# ---------------------------------------------------------------------- the cap on password hashing


class HashGate:
    """At most `slots` Argon2id checks at once in this process; a sign-in that cannot get a turn
    within `wait` seconds is answered 503 with Retry-After rather than queueing without bound."""

    def __init__(self, slots: int, wait: float) -> None:
        self._slots = threading.BoundedSemaphore(max(1, slots))
        self._wait = wait

    @contextmanager
    def turn(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self._wait):
            raise ApiError(
                503,
                "server_busy",
                "The server is busy checking other sign-ins; try again in a moment.",
                retry_after=2,
            )
        try:
            yield
        finally:
            self._slots.release()
