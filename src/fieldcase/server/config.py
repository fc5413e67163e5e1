"""Server settings: time limits of tokens and codes, and the request limits (security.md "Limits")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class Backoff:
    """Failed sign-ins allowed before a lock, then locks doubling from `first_lock` to `max_lock`
    seconds; failures older than `forget_after` seconds are forgotten (server/throttle.py)."""

    free: int
    first_lock: float
    max_lock: float
    forget_after: float


@dataclass(frozen=True, slots=True)
class Limits:
    max_body_bytes: int = 16 * 1024 * 1024  # a full push of 500 mutations with long narratives fits
    max_json_depth: int = 32
    max_attachment_bytes: int = 200 * 1024 * 1024
    max_chunk_bytes: int = 4 * 1024 * 1024
    max_page: int = 1000
    default_page: int = 500
    #: token bucket per device: sustained requests per second and burst size
    rate_per_second: float = 20.0
    rate_burst: int = 200
    #: wrong passwords or codes per account, then back-off (held in the database: every worker, every host)
    account_backoff: Backoff = Backoff(free=5, first_lock=60, max_lock=3600, forget_after=86400)
    #: per client address (an office behind one NAT address shares it: more lenient)
    address_backoff: Backoff = Backoff(free=30, first_lock=60, max_lock=900, forget_after=3600)
    #: Argon2id password checks running at once in one server process (64 MiB each), and how long a
    #: sign-in waits for its turn before it is answered 503 with Retry-After
    concurrent_hashes: int = 3
    hash_wait_seconds: float = 5.0
    #: seconds to receive a whole request body once the handler starts reading it (408 after);
    #: `run --body-timeout` sets it, with the same bound on the connection (server/slow_clients.py)
    body_timeout: float = 120.0


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    access_ttl: timedelta = timedelta(minutes=15)
    refresh_ttl: timedelta = timedelta(days=60)  # longer than the longest expected offline period
    enrollment_ttl: timedelta = timedelta(minutes=15)
    #: late work on a case the user lost is accepted if the loss is this recent (sync.md "Caseload scope")
    grace_period: timedelta = timedelta(days=14)
    clock_skew_flag: timedelta = timedelta(minutes=5)
    limits: Limits = field(default_factory=Limits)
