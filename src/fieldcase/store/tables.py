"""The tables of the local store (SQLAlchemy Core). Alembic migrations in migrations/local build them;
tests fail when this file and the migrations disagree.

One `record` table holds every kind of record (cases, persons, placements, visitation plans and the
three field records) as the domain's JSON form, with the columns the app filters and sorts on pulled
out beside it. The sync tables follow sync.md: `outbox`, `shadow`, `sync_state`, `attention`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: the virtual FTS5 table (and its shadow tables) are made by migrations 0002 and 0011 and are not in `metadata`
SEARCH_TABLE = "record_search"
#: its words, one row each (an fts5vocab table over it, migration 0011: it stores nothing itself)
SEARCH_TERMS_TABLE = "record_search_terms"

# Which store this is; must match the key file header (security.md, "Opening").
meta = Table(
    "meta",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("db_uuid", String(36), nullable=False),
    Column("device_id", String(36), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

#: the contacts whose note may be late (documentation timeliness): not recorded, recorded more than
#: 12 hours after the contact ended, or a time SQLite cannot read. A superset of what the rule
#: counts late for any rule pack allowing 12 hours or more; the rule itself decides (stored times
#: carry their UTC offset, which julianday applies). Text, not an expression: the partial index
#: `ix_record_late_note` and the query that uses it must say it word for word.
LATE_NOTE_WHERE = (
    "kind IN ('home_visit', 'collateral_contact') AND coalesce(julianday(json_extract(body, '$.recorded_at'))"
    " - julianday(json_extract(body, '$.contact_end')), 1) > 0.5"
)
#: the hours `LATE_NOTE_WHERE` leaves out (12): a rule pack allowing fewer reads every contact
LATE_NOTE_MIN_HOURS = 12

record = Table(
    "record",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("case_id", String(36), nullable=True),
    Column("status", String(16), nullable=True),
    # last server revision this copy is based on (0 = never synced)
    Column("rev", Integer, nullable=False, default=0),
    # bumped by every local edit; an edit based on an older version is refused (no lost updates)
    Column("version", Integer, nullable=False, default=1),
    Column("occurred_on", String(10), nullable=True),
    Column("body", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
    # the record's row in the FTS5 index (whose UNINDEXED columns cannot be looked up without a scan)
    Column("search_rowid", Integer, nullable=True),
    Index(None, "case_id", "kind", "occurred_on"),
    Index(None, "kind", "status"),
    # migration 0012: this fiscal year's contacts by day, and the contacts of any age whose note may
    # be late (store/compliance_facts.py reads a window of the history through them)
    Index(None, "kind", "occurred_on"),
    Index("ix_record_late_note", "kind", "occurred_on", sqlite_where=text(LATE_NOTE_WHERE)),
)

# Which children a record concerns (a home visit has a row per child), for caseload queries.
record_child = Table(
    "record_child",
    metadata,
    Column("record_id", String(36), ForeignKey("record.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", String(36), primary_key=True),
    Column("occurred_on", String(10), nullable=True),
    # a home visit that saw the child (`metadata.children_seen`): the caseload's "last seen" day is
    # found from here without decoding visit bodies (store/last_seen.py)
    Column("seen", Boolean, nullable=False, server_default=false()),
    Index(None, "child_id", "occurred_on"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("mutation_id", String(36), primary_key=True),
    Column("device_seq", BigInteger, nullable=False, unique=True),
    Column("record_kind", String(32), nullable=False),
    Column("record_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),  # create | patch | command | add | remove | attach
    Column("base_rev", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("hlc", String(40), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("state", String(16), nullable=False, default="pending"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", String(32), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("created_at", String(32), nullable=False),
    CheckConstraint(
        "state IN ('pending', 'inflight', 'acked', 'converted', 'conflict', 'quarantined')",
        name="state",
    ),
    Index(None, "state", "device_seq"),
    Index(None, "record_id"),
)

# The last known server state of each record (what pending local edits are re-applied on top of):
# `change` is the pulled change without its body; `body` the server's body, NULL when the record
# row holds that body unchanged (most records: nothing unsent on top), so it is stored once.
# Before a record row's body is rewritten by anything but the server's state, its shadow takes the
# body back (store/shadows.py).
shadow = Table(
    "shadow",
    metadata,
    Column("record_id", String(36), primary_key=True),
    Column("kind", String(32), nullable=False),
    Column("rev", Integer, nullable=False),
    Column("change", Text, nullable=False),
    Column("body", Text, nullable=True),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cursor", Text, nullable=True),
    Column("epoch", String(64), nullable=True),
    Column("server_offset_ms", BigInteger, nullable=False, default=0),
    # gapless per-device counter: taken inside the edit's transaction, so a rollback returns it
    Column("last_device_seq", BigInteger, nullable=False, default=0),
    Column("hlc_wall_ms", BigInteger, nullable=False, default=0),
    Column("hlc_counter", Integer, nullable=False, default=0),
    Column("last_sync_at", String(32), nullable=True),
    # the kinds the agency's supervisor approves, as the server's hello last said (a JSON list;
    # NULL: never said, the laptop's own rule pack decides; store/agency_choice.py)
    Column("approval_required", Text, nullable=True),
    # each reference list's version as the hello named it when the list was last brought (a JSON
    # object; NULL: none yet; sync/lists.py): a sync asks only for the lists that moved
    Column("lists_seen", Text, nullable=True),
    CheckConstraint("id = 1", name="single_row"),
)

# What the user must look at, in words (conflicts, quarantined edits, addendum conversions).
attention = Table(
    "attention",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("topic", String(32), nullable=False),
    Column("record_kind", String(32), nullable=True),
    Column("record_id", String(36), nullable=True),
    Column("mutation_id", String(36), nullable=True),
    Column("message", Text, nullable=False),
    Column("details", Text, nullable=False, default="{}"),
    Column("created_at", String(32), nullable=False),
    Column("resolved_at", String(32), nullable=True),
    Index(None, "resolved_at"),
)

# HMAC-chained: each row's mac covers the previous row's mac (security.md, "Audit"). No personal data.
audit_event = Table(
    "audit_event",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("action", String(48), nullable=False),
    Column("record_kind", String(32), nullable=True),
    Column("record_id", String(36), nullable=True),
    Column("detail", Text, nullable=False, default="{}"),
    Column("mac", String(64), nullable=False),
    Column("uploaded", Boolean, nullable=False, default=False),
)

# Photos, documents and signatures: content-addressed, kept inside the encrypted database.
attachment = Table(
    "attachment",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("mime", String(100), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=True),  # NULL until downloaded (lazy, by hash)
    Column("uploaded", Boolean, nullable=False, default=False),
    Column("created_at", String(32), nullable=False),
)

# --- sync engine (migration 0003) -------------------------------------------------------------

# How this laptop talks to the server: written at enrollment, inside the encrypted store (security.md
# "Tokens are stored inside the encrypted store, not the OS keyring"). One row.
credential = Table(
    "credential",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("server_url", Text, nullable=False),
    Column("username", String(150), nullable=False),
    Column("role", String(16), nullable=False),
    Column("access_token", Text, nullable=False),
    Column("access_expires_at", String(40), nullable=False),
    Column("refresh_token", Text, nullable=False),
    Column("refresh_expires_at", String(40), nullable=False),
    # raw Ed25519 key, base64: verifies the server's signed wipe command
    Column("server_public_key", Text, nullable=False),
    # a custom CA bundle for an agency's own TLS certificate authority (verification stays on)
    Column("ca_bundle", Text, nullable=True),
    # set when the server refused our tokens: sync waits for the user to sign in again
    Column("paused_reason", Text, nullable=True),
    CheckConstraint("id = 1", name="single_row"),
)

# Cases the server took off this caseload while their work was still waiting to upload: purged as
# soon as that work is sent (sync.md "Caseload scope").
revoked_case = Table(
    "revoked_case",
    metadata,
    Column("case_id", String(36), primary_key=True),
    Column("revoked_at", String(32), nullable=False),
)

# Records held before a full re-download (410): whatever the re-download does not bring back is no
# longer ours and is removed when it completes.
resync_leftover = Table(
    "resync_leftover",
    metadata,
    Column("record_id", String(36), primary_key=True),
)

# One row per sync: counts and durations only, never personal data.
sync_log = Table(
    "sync_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("duration_ms", Integer, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("counts", Text, nullable=False, default="{}"),
)

# The people this laptop's user works with, by name (their team and its supervisor; a supervisor's
# teams): the server's `GET /directory`, replaced whole when a sync brings a change. Shown instead
# of "Caseworker N".
directory_entry = Table(
    "directory_entry",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("role", String(16), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

# The office's resource directory (GET /providers, replaced whole when a sync brings a change):
# community providers a caseworker refers parents and children to, searched offline by name,
# service type and county.
# service_types is ";housing;parenting;" so one LIKE finds a type.
resource_provider = Table(
    "resource_provider",
    metadata,
    Column("provider_id", String(36), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("service_types", String(400), nullable=False),
    Column("county", String(100), nullable=False),
    Column("address", String(400), nullable=False),
    Column("phone", String(50), nullable=False),
    Column("notes", Text, nullable=False),
    Column("updated_at", String(32), nullable=False),
)

# The assessment instruments the office loaded on the server (GET /instruments): each file as it was
# loaded, held for offline assessments; `retired` ones are kept so the assessments rated with them
# still open (store/held_instruments.py).
held_instrument = Table(
    "held_instrument",
    metadata,
    Column("instrument_id", String(64), primary_key=True),
    Column("version", String(32), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("content", Text, nullable=False),
    Column("retired", Boolean, nullable=False),
    Column("updated_at", String(32), nullable=False),
)

# The forms open on this laptop (a record id and when it was opened), kept so that a form open when
# the app died is opened again at the next unlock (ui/interrupted_forms.py). Closing a form, locking
# and quitting forget it; only a crash, a kill or a power cut leaves a row here.
open_form = Table(
    "open_form",
    metadata,
    Column("record_id", String(36), primary_key=True),
    Column("opened_at", String(32), nullable=False),
)
