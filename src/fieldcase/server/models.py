"""The server's tables (SQLAlchemy 2 declarative). Every change here needs an alembic migration in
migrations/server/versions — `tests/integration/server/test_migrations.py` fails otherwise.

Content a stolen database dump must not reveal (narratives, addresses, the people in a case,
reasons, comments, conflict values, attachment bytes) is in encrypted columns (at_rest.py); ids,
dates, statuses and change numbers stay plaintext because queries filter and sort on them.

The same tables run on SQLite (embedded, the default) and PostgreSQL (production): only portable
types, times stored as UTC, JSON as the generic JSON type.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fieldcase.server.at_rest import EncryptedBytes, EncryptedJSON, EncryptedText

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (which has no time zones) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


ID = String(36)
HASH = String(64)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    # SQLAlchemy types `__table__` as any FromClause (a class may map a join or a subquery); every model
    # here maps one Table, which is what insert() and update() take
    __table__: ClassVar[Table]


class ServerState(Base):
    """One row: the epoch (new after a restore from backup), the tombstone horizon, the signing key."""

    __tablename__ = "server_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(36))
    #: cursors older than this change number get 410 resync_required (tombstones before it are gone)
    horizon_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    signing_private_key: Mapped[bytes] = mapped_column(
        EncryptedBytes("server_state.signing_private_key")
    )
    signing_public_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncCounter(Base):
    """One row; `value` is the last change number handed out. Incremented as the last statement
    before commit so that commit order equals seq order (sync.md "Server change log")."""

    __tablename__ = "sync_counter"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class ListGeneration(Base):
    """One row per reference list sent whole to laptops (directory, providers, instruments): a
    number the database's own triggers move whenever a row the list shows changes (migration 0010),
    so that a hello can tell a laptop which lists moved (server/list_versions.py)."""

    __tablename__ = "list_generation"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class Organisation(Base):
    __tablename__ = "organisation"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Team(Base):
    __tablename__ = "team"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    #: no foreign key: user.team_id already points here, and a cycle would complicate deletes
    supervisor_id: Mapped[str | None] = mapped_column(ID, index=True)


class User(Base):
    __tablename__ = "app_user"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"), index=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))  # caseworker | supervisor | admin
    team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), index=True)
    password_hash: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseAssignment(Base):
    """Who works a case: the primary worker, and covering workers for a bounded period."""

    __tablename__ = "case_assignment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ID, index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # primary | covering
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)


class Device(Base):
    __tablename__ = "device"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    #: active | suspended | wipe_pending | wiped | retired
    state: Mapped[str] = mapped_column(String(20), default="active")
    suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    suspect_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_device_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    audit_count: Mapped[int] = mapped_column(BigInteger, default=0)
    audit_head: Mapped[str | None] = mapped_column(String(128))
    wipe_nonce: Mapped[str | None] = mapped_column(String(64))
    wipe_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    wiped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EnrollmentCode(Base):
    __tablename__ = "enrollment_code"
    code_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organisation.id"))
    created_by: Mapped[str | None] = mapped_column(ID)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_by_device: Mapped[str | None] = mapped_column(ID)


class SignInThrottle(Base):
    """Failed sign-ins per account and per client address, shared by every server process
    (server/throttle.py). The key is a hash: a mistyped password in the username field is not kept."""

    __tablename__ = "sign_in_throttle"
    key_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))  # account | address
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccessToken(Base):
    __tablename__ = "access_token"
    token_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    family_id: Mapped[str] = mapped_column(ID, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class RefreshToken(Base):
    __tablename__ = "refresh_token"
    token_hash: Mapped[str] = mapped_column(HASH, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    family_id: Mapped[str] = mapped_column(ID, index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Record(Base):
    """Every synced record (cases, people, placements, plans and the three field records).

    `body` holds the fields clients may write; the server-owned facts are columns. `last_seq` is the
    change number of the latest revision: pulls page on it.
    """

    __tablename__ = "record"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[str] = mapped_column(ID, index=True)
    rev: Mapped[int] = mapped_column(Integer, default=1)
    #: workflow status of field records (draft/submitted/approved/returned/voided); "active" otherwise
    status: Mapped[str] = mapped_column(String(20))
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON("record.body"))
    #: field -> {"by": user id, "at": ISO time} of the last write (for conflict reports)
    field_authors: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(ID)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by: Mapped[str | None] = mapped_column(ID)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_rev: Mapped[int | None] = mapped_column(Integer)
    approved_by: Mapped[str | None] = mapped_column(ID)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_rev: Mapped[int | None] = mapped_column(Integer)
    content_hash: Mapped[str | None] = mapped_column(HASH)
    return_reason: Mapped[str | None] = mapped_column(EncryptedText("record.return_reason"))
    void_reason: Mapped[str | None] = mapped_column(EncryptedText("record.void_reason"))
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0, index=True)
    origin_device_id: Mapped[str | None] = mapped_column(ID)
    origin_mutation_id: Mapped[str | None] = mapped_column(ID)


class Conflict(Base):
    __tablename__ = "conflict"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("record.id"), index=True)
    field: Mapped[str] = mapped_column(String(64))
    server_value: Mapped[Any] = mapped_column(EncryptedJSON("conflict.server_value"), nullable=True)
    client_value: Mapped[Any] = mapped_column(EncryptedJSON("conflict.client_value"), nullable=True)
    server_author: Mapped[str | None] = mapped_column(ID)
    client_author: Mapped[str | None] = mapped_column(ID)
    server_at: Mapped[str | None] = mapped_column(String(40))
    client_at: Mapped[str | None] = mapped_column(String(100))
    mutation_id: Mapped[str | None] = mapped_column(ID)
    narrative: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: who settled it, when, and with which mutation (a laptop's resolving edit names the conflict)
    resolved_by: Mapped[str | None] = mapped_column(ID)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_mutation_id: Mapped[str | None] = mapped_column(ID)


class Addendum(Base):
    """A note kept beside a record's content, never edited once written: an addendum to an approved
    record, a proposal (a patch that arrived after approval) or a comment (a question or an answer
    about the entry, domain/comments.py). Comments live here rather than in a table of their own so
    that everything written about a record goes with it when it is purged (purges.purge_record)."""

    __tablename__ = "addendum"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    record_id: Mapped[str] = mapped_column(ForeignKey("record.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # addendum | proposal | comment
    author: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str | None] = mapped_column(EncryptedText("addendum.text"))
    proposed_patch: Mapped[dict[str, Any] | None] = mapped_column(
        EncryptedJSON("addendum.proposed_patch")
    )
    mutation_id: Mapped[str | None] = mapped_column(ID)
    #: the supervisor who read the addendum, and when (addenda only)
    acknowledged_by: Mapped[str | None] = mapped_column(ID)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ChangeLog(Base):
    """Every accepted change with its commit-ordered number."""

    __tablename__ = "change_log"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    what: Mapped[str] = mapped_column(String(20))  # record | purge | grant | revoke
    record_id: Mapped[str | None] = mapped_column(ID, index=True)
    case_id: Mapped[str | None] = mapped_column(ID)
    rev: Mapped[int | None] = mapped_column(Integer)
    device_id: Mapped[str | None] = mapped_column(ID)
    mutation_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ScopeEventRow(Base):
    __tablename__ = "scope_event"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    case_id: Mapped[str] = mapped_column(ID)
    event: Mapped[str] = mapped_column(String(10))  # grant | revoke
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DeviceCaseScope(Base):
    """The cases a device has been granted (what it holds); diffed against the live scope on pull."""

    __tablename__ = "device_case_scope"
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    case_id: Mapped[str] = mapped_column(ID, primary_key=True)
    granted_seq: Mapped[int] = mapped_column(BigInteger)


class MutationLedger(Base):
    """Every mutation ever received, with its outcome — kept forever (laptops retry weeks later)."""

    __tablename__ = "mutation_ledger"
    mutation_id: Mapped[str] = mapped_column(ID, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), index=True)
    device_seq: Mapped[int] = mapped_column(BigInteger)
    record_id: Mapped[str] = mapped_column(ID)
    result: Mapped[str] = mapped_column(String(20))
    rev: Mapped[int | None] = mapped_column(Integer)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    #: encrypted: a conflict's outcome carries both values of the field
    outcome: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON("mutation_ledger.outcome"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Quarantine(Base):
    """Mutations held for a supervisor (late work on a lost case, edits of purged records)."""

    __tablename__ = "quarantine"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    mutation_id: Mapped[str] = mapped_column(ID, index=True)
    device_id: Mapped[str] = mapped_column(ID)
    user_id: Mapped[str] = mapped_column(ID)
    record_id: Mapped[str] = mapped_column(ID)
    case_id: Mapped[str | None] = mapped_column(ID)
    code: Mapped[str] = mapped_column(String(40))
    mutation: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON("quarantine.mutation"))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Blob(Base):
    __tablename__ = "blob"
    sha256: Mapped[str] = mapped_column(HASH, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BlobChunk(Base):
    __tablename__ = "blob_chunk"
    sha256: Mapped[str] = mapped_column(ForeignKey("blob.sha256"), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(EncryptedBytes("blob_chunk.data"))


class Upload(Base):
    """A blob being uploaded by one device (chunks land in upload_chunk until commit)."""

    __tablename__ = "upload"
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(HASH, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    mime: Mapped[str] = mapped_column(String(100))
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UploadChunk(Base):
    __tablename__ = "upload_chunk"
    device_id: Mapped[str] = mapped_column(ID, primary_key=True)
    sha256: Mapped[str] = mapped_column(HASH, primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(EncryptedBytes("upload_chunk.data"))


class DeviceBlob(Base):
    """Blobs a device proved it holds (uploaded); it may read them back before they are attached."""

    __tablename__ = "device_blob"
    device_id: Mapped[str] = mapped_column(ForeignKey("device.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(HASH, primary_key=True)


class RecordAttachment(Base):
    """A record referencing attachment content. It opens the blob to the record's scope only once
    proven: the device that made it showed it holds the content (attachment_links.py)."""

    __tablename__ = "record_attachment"
    record_id: Mapped[str] = mapped_column(ForeignKey("record.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    sha256: Mapped[str] = mapped_column(HASH, primary_key=True)
    case_id: Mapped[str] = mapped_column(ID, index=True)
    proven: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: the device that made a pending link; its upload of the same bytes proves it
    linked_by_device: Mapped[str | None] = mapped_column(ID)


class AuditLog(Base):
    """Append-only: reads, writes, approvals, auth events, denials. Ids and codes only, no content."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_user_id: Mapped[str | None] = mapped_column(ID)
    device_id: Mapped[str | None] = mapped_column(ID)
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))  # ok | denied | failed
    target_kind: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AuditPrunePermit(Base):
    """Present only inside a `prune-audit` transaction: the audit log's triggers refuse every delete
    except of rows older than `cutoff` while this row exists (audit_retention.py); updates never."""

    __tablename__ = "audit_prune_permit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cutoff: Mapped[datetime] = mapped_column(UTCDateTime)


class DataKey(Base):
    """A data key of the at-rest encryption, wrapped by a key-encryption key that is never stored
    here (keyring.py); `kek_id` is that key's fingerprint. The newest id encrypts new values."""

    __tablename__ = "data_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kek_id: Mapped[str] = mapped_column(String(16))
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AtRestState(Base):
    """One row while values written before encryption may remain (set by the migration that
    introduced encryption, cleared by key_rotation.encrypt_existing once none is left)."""

    __tablename__ = "at_rest_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plaintext_left: Mapped[bool] = mapped_column(Boolean, default=True)


Index("ix_record_case_seq", Record.case_id, Record.last_seq)
Index("ix_scope_event_device_seq", ScopeEventRow.device_id, ScopeEventRow.seq)
Index("ix_device_case_scope_device_granted", DeviceCaseScope.device_id, DeviceCaseScope.granted_seq)


class AgencyImportRow(Base):
    """What the agency import last wrote for each state id (server/agency_import): the record it
    made, and a keyed digest of every field's imported value — the base of the three-way merge with
    edits made on laptops since, and the quick "unchanged" test of a re-import. Digests only, never
    values: nothing personal is kept here beside the record."""

    __tablename__ = "agency_import_row"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    state_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    record_id: Mapped[str] = mapped_column(ID, index=True)
    case_id: Mapped[str] = mapped_column(ID)
    #: a person's role (the import checks that a placement names a child)
    role: Mapped[str | None] = mapped_column(String(20))
    row_hash: Mapped[str] = mapped_column(HASH)
    digests: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ServiceProvider(Base):
    """A community provider in the office's resource directory (server/providers.py): what a
    caseworker refers parents and children to. Maintained by the office (`fieldcase-server providers`,
    the agency import's providers.csv), sent whole and read-only to every laptop. Not personal data:
    the organisations' public details."""

    __tablename__ = "service_provider"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    #: the agency's own id for the provider (the import's key; None when added by hand)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: domain.referrals.ServiceType values, ";"-separated
    service_types: Mapped[str] = mapped_column(String(400), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssessmentInstrument(Base):
    """An assessment instrument file the office loaded (server/instruments.py): the agency's
    licensed pack (the CANS) or its own, one row per id and version, sent to every laptop at sync.
    Never deleted: a retired one is no longer offered for new assessments, while the assessments
    rated with it still open with its items and anchors."""

    __tablename__ = "assessment_instrument"
    instrument_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: the English name, for the admin's list
    name: Mapped[str] = mapped_column(String(400))
    #: the file as the office gave it (UTF-8 JSON text), checked by domain/instruments.py
    content: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
