"""Opening the encrypted database: the sequence of security.md, at the DB-API level.

    validate path → refuse a missing/empty/plain/foreign/truncated file → connect → key →
    verify with a read → integrity check → meta row must match the key file → pragmas → authorizer

Every refusal happens before anything is written, so a bad file is left byte-for-byte as it was.
"""

from __future__ import annotations

import uuid

import sqlcipher3.dbapi2 as sqlcipher

from fieldcase.security.keyfile import KeyFileHeader
from fieldcase.security.keys import DataKey
from fieldcase.store import authorizer, lookaside
from fieldcase.store.errors import ForeignStore, PlainDatabase, StoreDamaged, StoreMissing
from fieldcase.store.paths import StorePaths

_SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 4096  # SQLCipher 4 default; a healthy main database file is a whole number of pages


def database_salt(db_uuid: str) -> bytes:
    """The 16-byte SQLCipher salt of a store: its uuid, so the first bytes of the file name its owner."""
    return uuid.UUID(db_uuid).bytes


def check_database_file(paths: StorePaths, header: KeyFileHeader) -> None:
    """Refuse, without opening it, a database file that cannot be this key file's store."""
    db = paths.database
    try:
        size = db.stat().st_size
    except FileNotFoundError:
        raise StoreMissing() from None
    if size == 0:
        raise StoreMissing()
    with open(db, "rb") as handle:
        first = handle.read(16)
    if first == _SQLITE_MAGIC:
        raise PlainDatabase()
    if size < PAGE_SIZE or size % PAGE_SIZE:
        raise StoreDamaged("the file is cut short")
    if first != database_salt(header.db_uuid):
        raise ForeignStore()


def connect_keyed(paths: StorePaths, key: DataKey, db_uuid: str) -> sqlcipher.Connection:
    """A connection keyed with the raw data key and the store's salt; nothing read or written yet."""
    # autocommit at the driver level: SQLAlchemy emits BEGIN itself (see engine.py)
    connection = sqlcipher.connect(
        str(paths.database), isolation_level=None, check_same_thread=False
    )
    try:
        lookaside.widen(connection, str(paths.database))  # before anything is prepared on it
        pragma = key.raw_key_pragma()  # "x'<64 hex>'"; the salt follows the key inside the literal
        connection.execute(f'PRAGMA key = "{pragma[:-1]}{database_salt(db_uuid).hex()}\'"')
        connection.execute("PRAGMA cipher_compatibility = 4")
        connection.execute("PRAGMA cipher_memory_security = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def verify_and_configure(
    connection: sqlcipher.Connection, header: KeyFileHeader, *, full_check: bool
) -> None:
    """Prove the key opens this file and the file is whole and ours; then set the working pragmas."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.execute("PRAGMA page_count").fetchone()
        if full_check:
            problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise StoreDamaged("some pages fail their checksum")
    except sqlcipher.DatabaseError as exc:
        # the salt matched, so the key is the right one: an unreadable page means damage
        raise StoreDamaged("a page cannot be read") from exc
    try:
        row = connection.execute(
            "SELECT db_uuid, device_id, user_id FROM meta WHERE id = 1"
        ).fetchone()
    except sqlcipher.DatabaseError as exc:
        raise StoreDamaged("it holds no fieldcase data") from exc
    if row is None or (row[0], row[1], row[2]) != (
        header.db_uuid,
        header.device_id,
        header.user_id,
    ):
        raise ForeignStore()
    configure(connection)


def configure(connection: sqlcipher.Connection) -> None:
    connection.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute(
        "PRAGMA secure_delete = ON"
    )  # deleted rows are overwritten, not left in free pages
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")  # a committed edit survives a power cut
    connection.execute("PRAGMA busy_timeout = 5000")
    # 64 MiB of decrypted pages: a caseload's working set stays decrypted in memory between queries
    connection.execute("PRAGMA cache_size = -65536")
    authorizer.install(connection)
