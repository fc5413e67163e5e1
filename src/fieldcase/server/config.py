"""Server settings: token and code lifetimes, the grace period, and the request limits
(security.md "Limits"), each documented in docs/server.md "Settings".

Where a value comes from, first match wins (pydantic-settings):
1. what the code passes (`Settings(database_url=...)`: the command line's `--db`, tests);
2. environment variables `FIELDCASE_<NAME>`, and `FIELDCASE_LIMITS__<NAME>` for a limit
   (e.g. `FIELDCASE_ACCESS_TTL=PT10M`, `FIELDCASE_LIMITS__RATE_BURST=100`);
3. the TOML file named by `$FIELDCASE_SETTINGS_FILE` (top-level keys, and a `[limits]` table);
4. the defaults below.
Durations are ISO 8601 (`PT15M`, `P60D`; in the file also a number of seconds). Unknown names in
the file and bad values stop the server at start with a message that names the setting.

Adding a setting: add a field with its default and a `description` to `Settings` (or `Limits` for a
request limit), read it as `settings.<name>`, and add a row to the table in docs/server.md
"Settings" — tests/unit/server/test_config.py fails until the row is there.
"""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from fieldcase.errors import UserError

ENV_PREFIX = "FIELDCASE_"
#: names a TOML file of settings (optional)
ENV_SETTINGS_FILE = "FIELDCASE_SETTINGS_FILE"
#: the at-rest key-encryption keys (keyring.py): a key file, or the keys themselves. Read by
#: `at_rest_key_text` alone, never kept in `Settings` (which is printed and compared)
ENV_KEY_FILE = "FIELDCASE_SERVER_KEY_FILE"
ENV_KEY = "FIELDCASE_SERVER_KEY"


class Backoff(BaseModel):
    """Failed sign-ins allowed before a lock, then locks doubling from `first_lock` to `max_lock`
    seconds; failures older than `forget_after` seconds are forgotten (server/throttle.py)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    free: int = Field(gt=0, description="failures allowed before the first lock")
    first_lock: float = Field(
        gt=0, description="seconds of the first lock; each further lock doubles it"
    )
    max_lock: float = Field(gt=0, description="longest lock, in seconds")
    forget_after: float = Field(
        gt=0, description="failures older than this many seconds are forgotten"
    )


class Limits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_body_bytes: int = Field(
        default=16 * 1024 * 1024,
        gt=0,
        description="largest request body (413 above): a push of 500 mutations with long narratives fits",
    )
    max_json_depth: int = Field(
        default=32, gt=0, description="deepest JSON nesting in a request (422 above)"
    )
    max_attachment_bytes: int = Field(
        default=200 * 1024 * 1024, gt=0, description="largest attachment"
    )
    max_chunk_bytes: int = Field(
        default=4 * 1024 * 1024, gt=0, description="largest attachment chunk per upload request"
    )
    max_page: int = Field(
        default=1000, gt=0, description="most changes a laptop may ask for in one pull page"
    )
    default_page: int = Field(
        default=500, gt=0, description="changes in a pull page when the laptop does not say"
    )
    rate_per_second: float = Field(
        default=20.0,
        gt=0,
        description="token bucket per device (and per address before sign-in): sustained requests per second",
    )
    rate_burst: int = Field(
        default=200, gt=0, description="token bucket size: requests allowed at once"
    )
    account_backoff: Backoff = Field(
        default=Backoff(free=5, first_lock=60, max_lock=3600, forget_after=86400),
        description="wrong passwords or codes per account, then back-off (held in the database: every worker, every host)",
    )
    address_backoff: Backoff = Field(
        default=Backoff(free=30, first_lock=60, max_lock=900, forget_after=3600),
        description="the same per client address (an office behind one NAT address shares it: more lenient)",
    )
    concurrent_hashes: int = Field(
        default=3,
        gt=0,
        description="Argon2id password checks running at once in one server process (64 MiB each)",
    )
    hash_wait_seconds: float = Field(
        default=5.0,
        gt=0,
        description="how long a sign-in waits for its turn to check a password before 503 with Retry-After",
    )
    concurrent_requests: int | None = Field(
        default=None,
        gt=0,
        le=1000,
        description="requests one server process works on at once; the others wait their turn (default: db_pool, so none waits for a database connection)",
    )
    queue_wait_seconds: float = Field(
        default=30.0,
        gt=0,
        description="how long a request waits for its turn before it is answered 503 with Retry-After",
    )
    body_timeout: float = Field(
        default=120.0,
        gt=0,
        description="seconds to receive a whole request body once the handler reads it (408 after); `run --body-timeout` sets it",
    )


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", frozen=True, extra="forbid"
    )

    database_url: str = Field(
        description='set by --db or FIELDCASE_SERVER_DB (docs/server.md "Choosing the database")'
    )
    access_ttl: timedelta = Field(
        default=timedelta(minutes=15), description="lifetime of an access token"
    )
    refresh_ttl: timedelta = Field(
        default=timedelta(days=60),
        description="lifetime of a refresh token: longer than the longest expected offline period",
    )
    enrollment_ttl: timedelta = Field(
        default=timedelta(minutes=15), description="lifetime of an enrollment code"
    )
    #: late work on a case the user lost is accepted if the loss is this recent (sync.md "Caseload scope")
    grace_period: timedelta = Field(
        default=timedelta(days=14),
        description="late work on a case taken off a caseload is accepted this long after; later it goes to the supervisor",
    )
    clock_skew_flag: timedelta = Field(
        default=timedelta(minutes=5),
        description="a laptop clock further off than this is recorded in the audit log",
    )
    limits: Limits = Field(default_factory=Limits, description="request limits (the table below)")
    approval_required: list[str] | None = Field(
        default=None,
        description="the kinds of record a supervisor approves (the others are filed by the caseworker, final at once); "
        "default: the rule pack's (every kind). Told to every laptop at its next sync",
    )
    db_pool: int = Field(
        default=10,
        gt=0,
        le=100,
        description="PostgreSQL connections each server process keeps open for reads (and as many for writes); at peaks it opens as many again",
    )
    audit_batch_seconds: float = Field(
        default=0.25,
        ge=0,
        description="audit rows of reads and denials are committed together this often (0: each request waits for its own)",
    )

    @field_validator("approval_required")
    @classmethod
    def _known_kinds(cls, named: list[str] | None) -> list[str] | None:
        """A typo must stop the server at start, not silently send a kind to nobody's queue."""
        if named is not None:
            from fieldcase.server.agency_rules import check_approval_required

            check_approval_required(named)
        return named

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        file = settings_file()
        if file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=file))
        return tuple(sources)


class SettingsFileMissing(ValueError):
    pass


def settings_file() -> Path | None:
    """The TOML file $FIELDCASE_SETTINGS_FILE names; a name that is not a file is an error, not
    silently the defaults (a typo would otherwise undo the agency's limits)."""
    named = os.environ.get(ENV_SETTINGS_FILE)
    if not named:
        return None
    path = Path(named).expanduser()
    if not path.is_file():
        raise SettingsFileMissing(f"{ENV_SETTINGS_FILE} names {path}, which is not a file")
    return path


def env_names() -> dict[str, Any]:
    """Every setting's environment variable and default (for the docs and their test)."""
    names: dict[str, Any] = {}
    for name, info in Settings.model_fields.items():
        if name == "limits":
            for limit, limit_info in Limits.model_fields.items():
                names[f"{ENV_PREFIX}LIMITS__{limit.upper()}"] = limit_info.default
        elif name != "database_url":
            names[f"{ENV_PREFIX}{name.upper()}"] = info.default
    return names


def at_rest_key_text() -> tuple[str, str] | None:
    """Where the at-rest keys come from and their text (keyring.parse_keks), or None when none is
    configured. Read here only: the keys are never in the database nor in `Settings`."""
    path, inline = os.environ.get(ENV_KEY_FILE), os.environ.get(ENV_KEY)
    if path and inline:
        raise UserError(
            f"Set either {ENV_KEY_FILE} or {ENV_KEY}, not both.", code="two_at_rest_keys"
        )
    if inline:
        return ENV_KEY, inline
    if not path:
        return None
    key_file = Path(path).expanduser()
    try:
        mode = key_file.stat().st_mode
        text = key_file.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        raise UserError(
            f"The key file named by {ENV_KEY_FILE} cannot be read.", code="no_at_rest_key"
        ) from None
    if mode & stat.S_IROTH:
        raise UserError(
            f"The key file named by {ENV_KEY_FILE} is readable by every user; chmod 600 it.",
            code="key_file_open",
        )
    return f"the key file {key_file.name}", text
