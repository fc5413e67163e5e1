"""Server settings: time limits of tokens and codes, and the request limits (security.md "Limits")."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from fieldcase.errors import UserError

#: the at-rest key-encryption keys (keyring.py): a key file, or the keys themselves
ENV_KEY_FILE = "FIELDCASE_SERVER_KEY_FILE"
ENV_KEY = "FIELDCASE_SERVER_KEY"


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


def at_rest_key_text() -> tuple[str, str] | None:
    """Where the at-rest keys come from and their text (keyring.parse_keks), or None when none is
    configured. Read here only: the keys are never in the database nor in `Settings`."""
    path, inline = os.environ.get(ENV_KEY_FILE), os.environ.get(ENV_KEY)
    if path and inline:
        raise UserError(f"Set either {ENV_KEY_FILE} or {ENV_KEY}, not both.", code="two_at_rest_keys")
    if inline:
        return ENV_KEY, inline
    if not path:
        return None
    key_file = Path(path).expanduser()
    try:
        mode = key_file.stat().st_mode
        text = key_file.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise UserError(f"The key file named by {ENV_KEY_FILE} cannot be read.", code="no_at_rest_key") from None
    if mode & stat.S_IROTH:
        raise UserError(f"The key file named by {ENV_KEY_FILE} is readable by every user; chmod 600 it.", code="key_file_open")
    return f"the key file {key_file.name}", text
