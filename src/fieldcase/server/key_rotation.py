"""Keeping the at-rest encryption whole: data keys made, old values encrypted, keys rotated
(`fieldcase-server key ...`, docs/server.md "Data at rest").

Every step is safe to interrupt and to run again: values are rewritten in small transactions, each
value names its data key, and a data key is re-wrapped in one transaction. Nothing is ever deleted:
an old data key stays (wrapped by the current key) as long as the database exists.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Table, func, select, tuple_, type_coerce, update
from sqlalchemy.exc import IntegrityError

from fieldcase.errors import UserError
from fieldcase.server.at_rest import EncryptedBytes, _Encrypted, key_id
from fieldcase.server.keyring import DataKeyRow, Keyring, fingerprint, new_kek_text, parse_keks
from fieldcase.server.models import AtRestState, Base, DataKey


def encrypted_columns() -> Iterator[tuple[Table, Column[Any]]]:
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, _Encrypted):
                yield table, column


# ---------------------------------------------------------------- data keys


def newest_data_key(conn: Any, key: int | None = None) -> DataKeyRow | None:
    query = select(DataKey.id, DataKey.kek_id, DataKey.wrapped)
    query = (
        query.where(DataKey.id == key)
        if key is not None
        else query.order_by(DataKey.id.desc()).limit(1)
    )
    row = conn.execute(query).first()
    return None if row is None else DataKeyRow(int(row[0]), str(row[1]), bytes(row[2]))


def ensure_data_key(db: Any, *, new: bool = False) -> int:
    """The newest data key, made if there is none (or `new`); remembered as the active one."""
    keyring: Keyring = db.keyring
    for _attempt in range(3):
        with db.plain_write() as session:
            row = newest_data_key(session)
            if row is None or new:
                row = keyring.new_data_key((row.id if row else 0) + 1)
                try:
                    with session.begin_nested():
                        session.add(DataKey(id=row.id, kek_id=row.kek_id, wrapped=row.wrapped))
                except IntegrityError:
                    continue  # another process made it at the same moment: read theirs
        keyring.remember(row, active=True)
        return row.id
    raise UserError("Could not make a data key; try again.", code="data_key_race")


# ---------------------------------------------------------------- values


def _rewrite(db: Any, table: Table, column: Column[Any], stale: Any, *, batch: int) -> int:
    """Rewrite (decrypt, encrypt with the active data key) the values `stale(stored)` picks, in
    transactions of `batch` rows, in primary-key order (so an interrupted run resumes cheaply)."""
    kind: _Encrypted = column.type  # type: ignore[assignment]  # only encrypted columns are rotated (the callers pick them)
    pk = list(table.primary_key.columns)
    stored_col = type_coerce(column, kind.impl_instance)
    done, last = 0, None
    while True:
        with db.write() as session:
            # locked until rewritten: a server writing the same row meanwhile must not be overwritten
            # with the older value (PostgreSQL; SQLite's write transaction excludes other writers)
            query = select(*pk, stored_col).order_by(*pk).limit(batch).with_for_update()
            if last is not None:
                query = query.where(tuple_(*pk) > tuple_(*last))
            rows = session.execute(query).all()
            dialect = session.get_bind().dialect
            for row in rows:
                stored = row[-1]
                if stored is None or not stale(kind, stored, dialect):
                    continue
                plain = kind.plaintext_of(stored, dialect)
                session.execute(
                    update(table)
                    .where(*[c == v for c, v in zip(pk, row, strict=False)])
                    .values({column.key: plain})
                )
                done += 1
        if len(rows) < batch:
            return done
        last = tuple(rows[-1][: len(pk)])


def _batch(column: Column[Any]) -> int:
    return 4 if isinstance(column.type, EncryptedBytes) else 500  # chunks are up to 4 MiB each


def _plaintext(kind: _Encrypted, stored: Any, dialect: Any) -> bool:
    sealed = kind.sealed_of(stored)
    if sealed is None:
        return True
    if isinstance(kind, EncryptedBytes):
        return kind.plaintext_of(stored, dialect) == bytes(
            stored
        )  # looked encrypted, did not decrypt
    return False


def encrypt_existing(db: Any, *, force: bool = False) -> int:
    """Encrypt the values written before encryption (an upgraded database). Cheap when done: the
    `at_rest_state` row says whether any can be left."""
    with db.read() as session:
        state = session.get(AtRestState, 1)
        if not force and (state is None or not state.plaintext_left):
            return 0
    done = sum(
        _rewrite(db, table, column, _plaintext, batch=_batch(column))
        for table, column in encrypted_columns()
    )
    with db.write() as session:
        session.execute(update(AtRestState).values(plaintext_left=False))
    return done


def reencrypt(db: Any) -> int:
    """Rewrite every value not under the active data key (after `ensure_data_key(new=True)`)."""
    active = db.keyring.active()[0]

    def stale(kind: _Encrypted, stored: Any, dialect: Any) -> bool:
        sealed = kind.sealed_of(stored)
        return sealed is None or key_id(sealed) != active or _plaintext(kind, stored, dialect)

    return sum(
        _rewrite(db, table, column, stale, batch=_batch(column))
        for table, column in encrypted_columns()
    )


# ---------------------------------------------------------------- key-encryption keys


def rewrap(db: Any) -> int:
    """Wrap every data key with the current key-encryption key (the first in the key file)."""
    keyring: Keyring = db.keyring
    done = 0
    with db.plain_write() as session:
        for row in session.execute(
            select(DataKey).where(DataKey.kek_id != keyring.current_kek_id).order_by(DataKey.id)
        ).scalars():
            plain = keyring.unwrap(DataKeyRow(row.id, row.kek_id, bytes(row.wrapped)))
            row.wrapped, row.kek_id = keyring.wrap(row.id, plain), keyring.current_kek_id
            done += 1
    return done


@dataclass(frozen=True, slots=True)
class KeyStatus:
    data_keys: int
    active_data_key: int | None
    wrapped_by: dict[str, int]
    current_kek: str
    plaintext_left: bool


def status(db: Any) -> KeyStatus:
    with db.read() as session:
        counts = dict(
            session.execute(select(DataKey.kek_id, func.count()).group_by(DataKey.kek_id)).all()
        )
        newest = session.execute(select(func.max(DataKey.id))).scalar()
        state = session.get(AtRestState, 1)
    return KeyStatus(
        data_keys=sum(counts.values()),
        active_data_key=newest,
        wrapped_by={str(k): int(v) for k, v in counts.items()},
        current_kek=db.keyring.current_kek_id,
        plaintext_left=bool(state and state.plaintext_left),
    )


def rotate(db: Any, *, new_data_key: bool = False) -> dict[str, int]:
    """The whole rotation, in an order that is safe to interrupt at any point and run again."""
    report = {"encrypted": encrypt_existing(db, force=True), "rewrapped": rewrap(db)}
    if new_data_key:
        ensure_data_key(db, new=True)
        report["reencrypted"] = reencrypt(db)
    return report


def new_key_file(path: str) -> str:
    """Write a fresh key-encryption key first in `path` (the older keys stay below it, for the
    rotation), readable only by its owner; written beside and renamed, so never half written.
    Returns the new key's fingerprint."""
    target = Path(path)
    try:
        old = target.read_text(encoding="ascii") if target.exists() else ""
    except (OSError, UnicodeDecodeError):
        raise UserError(
            f"Cannot read {target.name}; it is not a fieldcase key file.",
            code="key_file_unreadable",
        ) from None
    if old:
        parse_keks(old, str(target))  # refuse to extend a file that is not a key file
    key = new_kek_text()
    text = f"# fieldcase server at-rest keys: the first is current, the others only open older data keys\n{key}\n"
    text += "".join(
        line + "\n" for line in old.splitlines() if line.strip() and not line.startswith("#")
    )
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".fieldcase-key-")
    except OSError:
        raise UserError(
            f"Cannot write a key file in {target.parent}; create the folder or choose another.",
            code="key_file_unwritable",
        ) from None
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return fingerprint(parse_keks(key, "the new key")[0])


def key_command(action: str, file: str | None, *, new_data_key: bool, open_db: Any) -> int:
    """`fieldcase-server key new FILE | rotate [--new-data-key] | status` (and `rotate-key`)."""
    if action == "new":
        if not file:
            raise UserError(
                "Name the key file: fieldcase-server key new /etc/fieldcase/server.key",
                code="no_key_file",
            )
        print(f"new key {new_key_file(file)} written first in {file} (readable by its owner only).")
        print(
            "Point FIELDCASE_SERVER_KEY_FILE at it. If the file held keys already, run `fieldcase-server key rotate`."
        )
        return 0
    db = open_db()
    try:
        if action == "rotate":
            report = rotate(db, new_data_key=new_data_key)
            print(
                f"encrypted {report['encrypted']} value(s) still in plaintext; re-wrapped {report['rewrapped']} data key(s) "
                f"with key {db.keyring.current_kek_id}"
                + (
                    f"; re-encrypted {report['reencrypted']} value(s) with a new data key"
                    if new_data_key
                    else ""
                )
                + "."
            )
        found = status(db)
        others = {k: n for k, n in found.wrapped_by.items() if k != found.current_kek}
        print(
            f"{found.data_keys} data key(s), the newest is {found.active_data_key}; current key {found.current_kek} wraps "
            f"{found.wrapped_by.get(found.current_kek, 0)}"
            + (f", other keys wrap {sum(others.values())}" if others else "")
            + "."
        )
        if found.plaintext_left:
            print("Some values may still be plaintext: run `fieldcase-server key rotate`.")
        if not others and len(db.keyring.kek_ids) > 1:
            print(
                "Every data key is wrapped by the current key: you may now remove the older keys from the key file."
            )
        elif others:
            print("Run `fieldcase-server key rotate` before removing any key from the key file.")
    finally:
        db.dispose()
    return 0
