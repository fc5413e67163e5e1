"""Server settings: time limits of tokens and codes, and the request limits (security.md "Limits")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


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
