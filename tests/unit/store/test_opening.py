"""Every way a store can fail to open gives a specific, readable error, changes no byte of any file
and never creates a new store (security.md, "Tests to have")."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from fieldcase.domain.ids import new_id
from fieldcase.security.errors import (
    KeyFileDamaged,
    KeyFileMissing,
    UnlockLockedOut,
    WrongPassphrase,
)
from fieldcase.security.keyfile import KdfParams
from fieldcase.store.errors import (
    ForeignStore,
    PlainDatabase,
    StoreDamaged,
    StoreMissing,
    StoreNotFound,
)
from fieldcase.store.paths import StorePaths, UnsafeDataDirectory
from fieldcase.store.store import Store
from helpers.store import PASSPHRASE, a_child, a_visit


def _snapshot(folder: Path) -> dict[str, bytes]:
    # the unlock-state file legitimately records a failed attempt; everything else must not move
    return {
        p.name: p.read_bytes()
        for p in folder.iterdir()
        if p.is_file() and p.name != "unlock-state.json"
    }


def _filled(data_dir: Path, clock) -> None:
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    case_id = new_id()
    child = a_child(case_id)
    store.save(child)
    for _ in range(200):
        store.save(a_visit(case_id, child.id, observations="x" * 400))
    store.lock()


def _refused(
    data_dir: Path, error: type[Exception], passphrase: str = PASSPHRASE, clock=None
) -> Exception:
    before = _snapshot(data_dir)
    with pytest.raises(error) as caught:
        if clock is None:
            Store.unlock(data_dir, passphrase)
        else:
            Store.unlock(data_dir, passphrase, clock=clock)
    assert _snapshot(data_dir) == before, "a refused unlock changed the files"
    message = str(caught.value)
    assert message and "Canary" not in message and "canary" not in message
    return caught.value


def test_wrong_and_empty_passphrase(data_dir):
    _refused(data_dir, WrongPassphrase, "Canary-Passphrase but wrong")
    _refused(data_dir, WrongPassphrase, "")


def test_tampered_key_file_header_and_kdf_downgrade(data_dir):
    key_file = data_dir / "fieldcase.key"
    original = key_file.read_bytes()
    document = json.loads(original)
    header = document["header"]
    header["device_id"] = "0190f3a0-0000-7000-8000-00000000beef"
    key_file.write_text(json.dumps(document))
    _refused(data_dir, KeyFileDamaged)
    document = json.loads(original)
    document["header"]["kdf"]["memory_kib"] = 1024
    key_file.write_text(json.dumps(document))
    _refused(data_dir, KeyFileDamaged)


def test_truncated_and_missing_key_file(data_dir):
    key_file = data_dir / "fieldcase.key"
    key_file.write_bytes(key_file.read_bytes()[:40])
    _refused(data_dir, KeyFileDamaged)
    key_file.unlink()
    _refused(data_dir, KeyFileMissing)


@pytest.mark.parametrize("emptied", [False, True])
def test_missing_or_empty_database_is_never_recreated(data_dir, emptied):
    db = data_dir / "fieldcase.db"
    if emptied:
        db.write_bytes(b"")
    else:
        db.unlink()
    _refused(data_dir, StoreMissing)
    assert (db.exists() and db.stat().st_size == 0) if emptied else not db.exists()


def test_nothing_here_at_all(tmp_path):
    with pytest.raises(StoreNotFound):
        Store.unlock(tmp_path, PASSPHRASE)
    assert list(tmp_path.iterdir()) == []


def test_another_devices_database(data_dir, tmp_path, clock):
    other = tmp_path / "other"
    Store.create(
        other, PASSPHRASE, device_id=new_id(), user_id="worker-2", kdf=KdfParams.floor()
    ).lock()
    shutil.copy(other / "fieldcase.db", data_dir / "fieldcase.db")
    _refused(data_dir, ForeignStore)


def test_a_plain_sqlite_file(data_dir):
    db = data_dir / "fieldcase.db"
    db.unlink()
    with sqlite3.connect(db) as plain:
        plain.execute("CREATE TABLE record (id TEXT)")
    _refused(data_dir, PlainDatabase)


def test_a_flipped_byte_deep_in_the_file(data_dir, clock):
    _filled(data_dir, clock)
    db = data_dir / "fieldcase.db"
    content = bytearray(db.read_bytes())
    assert len(content) > 20 * 4096
    content[len(content) // 2] ^= 0x01
    db.write_bytes(bytes(content))
    _refused(data_dir, StoreDamaged)


def test_the_app_finds_a_damaged_page_right_after_unlock_and_locks(data_dir, clock):
    """The app's unlock leaves the whole-file page check until the caseload is on screen; the check
    then finds the damage, locks (nothing more is written) and the next unlock refuses at once."""
    from fieldcase.services.errors import NotUnlocked
    from fieldcase.services.session import Session

    _filled(data_dir, clock)
    db = data_dir / "fieldcase.db"
    content = bytearray(db.read_bytes())
    content[len(content) // 2] ^= 0x01
    db.write_bytes(bytes(content))
    session = Session(data_dir=data_dir, clock=clock)
    session.unlock(passphrase=PASSPHRASE)  # the opening reads do not reach that page
    with pytest.raises(StoreDamaged):
        session.check_integrity()
    assert session.is_locked
    with pytest.raises(NotUnlocked):
        _ = session.store
    before = _snapshot(data_dir)
    with pytest.raises(StoreDamaged):
        session.unlock(passphrase=PASSPHRASE)
    assert _snapshot(data_dir) == before


def test_the_check_after_unlock_passes_a_whole_store(data_dir, clock):
    from fieldcase.services.session import Session

    _filled(data_dir, clock)
    session = Session(data_dir=data_dir, clock=clock)
    session.unlock(passphrase=PASSPHRASE)
    assert not session.pages_checked  # the automatic sync waits for the check
    session.check_integrity()
    assert not session.is_locked and session.pages_checked
    session.lock()
    assert not session.pages_checked


def test_a_flipped_byte_in_the_first_page(data_dir):
    db = data_dir / "fieldcase.db"
    content = bytearray(db.read_bytes())
    content[100] ^= 0x80
    db.write_bytes(bytes(content))
    _refused(data_dir, StoreDamaged)


@pytest.mark.parametrize("cut", [1000, 4096 * 3])
def test_a_truncated_database(data_dir, clock, cut):
    _filled(data_dir, clock)
    db = data_dir / "fieldcase.db"
    os.truncate(db, db.stat().st_size - cut)
    _refused(data_dir, StoreDamaged)


def test_uri_tricks_in_the_data_directory_are_refused(tmp_path):
    for bad in ("file:/tmp/x?mode=memory", str(tmp_path) + "?key=abc", "relative/dir"):
        with pytest.raises(UnsafeDataDirectory):
            StorePaths.for_directory(bad)


def test_passphrase_change_leaves_the_database_byte_identical(data_dir, clock):
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    store.save(a_child(new_id()))
    store.lock()
    before = (data_dir / "fieldcase.db").read_bytes()
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    # lock first so the WAL is folded in; the change itself must not touch the database
    db_before = (data_dir / "fieldcase.db").read_bytes()
    store.change_passphrase(PASSPHRASE, "Canary-Passphrase brand new one 7")
    assert (data_dir / "fieldcase.db").read_bytes() == db_before
    store.lock()
    assert before[:16] == (data_dir / "fieldcase.db").read_bytes()[:16]
    _refused(data_dir, WrongPassphrase, PASSPHRASE, clock=clock)
    reopened = Store.unlock(data_dir, "Canary-Passphrase brand new one 7", clock=clock)
    assert [e.action for e in reopened.audit_events()].count("passphrase.change") == 1
    reopened.lock()


def test_five_wrong_passphrases_lock_unlocking_out_for_a_while(data_dir, clock):
    for tries_left in (4, 3, 2, 1):
        with pytest.raises(WrongPassphrase) as wrong:
            Store.unlock(data_dir, "Canary-Passphrase wrong", clock=clock)
        assert wrong.value.tries_left == tries_left and wrong.value.lockout_seconds == 600
    with pytest.raises(UnlockLockedOut):  # the fifth starts the lockout and says so at once
        Store.unlock(data_dir, "Canary-Passphrase wrong", clock=clock)
    with pytest.raises(UnlockLockedOut) as caught:
        Store.unlock(data_dir, PASSPHRASE, clock=clock)  # even the right one waits
    assert 0 < caught.value.seconds_left <= 600
    clock.advance(601)
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    failed = [e for e in store.audit_events() if e.action == "unlock.failed"]
    assert failed and failed[-1].detail == {"failures": 5}
    store.lock()


def test_unlock_raises_the_kdf_when_the_policy_rises(data_dir, clock):
    from fieldcase.security.keyfile import read_header

    assert read_header(data_dir / "fieldcase.key").kdf == KdfParams.floor()
    stronger = KdfParams(memory_kib=KdfParams.floor().memory_kib * 2, iterations=3, lanes=4)
    db_before = (data_dir / "fieldcase.db").read_bytes()[:4096]
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock, kdf_policy=stronger)
    assert "passphrase.rewrap" in [e.action for e in store.audit_events()]
    store.lock()
    assert read_header(data_dir / "fieldcase.key").kdf == stronger
    assert (data_dir / "fieldcase.db").read_bytes()[:4096] == db_before
    Store.unlock(data_dir, PASSPHRASE, clock=clock, kdf_policy=stronger).lock()
