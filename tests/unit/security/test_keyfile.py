from __future__ import annotations

import json
import os
import re

import pytest

from fieldcase.security import keyfile
from fieldcase.security.errors import (
    KeyFileDamaged,
    KeyFileExists,
    KeyFileMissing,
    WeakPassphrase,
    WrongPassphrase,
)
from fieldcase.security.escrow import recover_data_key
from fieldcase.security.keyfile import (
    KdfParams,
    change_passphrase,
    create_key_file,
    read_header,
    unlock_key_file,
    upgrade_kdf_if_weaker,
)

from .conftest import FLOOR, PASSPHRASE

NEW_PASSPHRASE = "copper kettle sings at dawn"


def _edit(path, change):
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))  # re-encoded: a valid file, only the value differs


def _hex(key) -> str:
    return key.raw_key_pragma()[2:-1]


def test_unlock_returns_the_created_key_and_header(escrowed_key_file):
    header, key = unlock_key_file(escrowed_key_file.path, PASSPHRASE)
    assert _hex(key) == escrowed_key_file.key_hex
    assert (header.db_uuid, header.device_id, header.user_id) == ("db-0001", "dev-0001", "u-1001")
    assert header.kdf == FLOOR and header.format_version == 1 and len(header.salt) == 16


def test_read_header_needs_no_passphrase(escrowed_key_file, monkeypatch):
    monkeypatch.setattr(keyfile, "_kek", lambda *a: pytest.fail("read_header ran the KDF"))
    assert read_header(escrowed_key_file.path).db_uuid == "db-0001"


def test_the_file_is_versioned_json_without_the_key(escrowed_key_file):
    doc = json.loads(escrowed_key_file.path.read_text())
    assert doc["magic"] == "fieldcase-keyfile" and doc["format_version"] == 1
    assert set(doc["slots"]) == {"passphrase", "escrow"}
    text = escrowed_key_file.path.read_text().lower()
    assert escrowed_key_file.key_hex not in text and PASSPHRASE.lower() not in text


def test_wrong_passphrase(escrowed_key_file):
    with pytest.raises(WrongPassphrase) as caught:
        unlock_key_file(escrowed_key_file.path, PASSPHRASE + "x")
    assert caught.value.code == "wrong_passphrase"
    assert caught.value.message.startswith("That passphrase is not right.")


def test_empty_passphrase_fails_without_running_the_kdf(escrowed_key_file, monkeypatch):
    monkeypatch.setattr(
        keyfile, "_kek", lambda *a: pytest.fail("the KDF ran for an empty passphrase")
    )
    with pytest.raises(WrongPassphrase):
        unlock_key_file(escrowed_key_file.path, "")


@pytest.mark.parametrize("field", ["db_uuid", "device_id", "user_id", "created_at"])
def test_edited_header_field_is_damage(key_copy, field):
    _edit(key_copy, lambda doc: doc["header"].__setitem__(field, "someone-else"))
    with pytest.raises(KeyFileDamaged) as caught:
        unlock_key_file(key_copy, PASSPHRASE)
    assert caught.value.code == "key_file_damaged"
    assert (
        "changed or damaged" in caught.value.message
        and "Do not create a new store" in caught.value.message
    )


@pytest.mark.parametrize(
    "param,value",
    [("memory_kib", 32 * 1024), ("iterations", 2), ("iterations", 1), ("memory_kib", 8)],
)
def test_kdf_downgrade_below_the_floor_is_damage_before_any_kdf(
    key_copy, monkeypatch, param, value
):
    _edit(key_copy, lambda doc: doc["header"]["kdf"].__setitem__(param, value))
    monkeypatch.setattr(
        keyfile, "_kek", lambda *a: pytest.fail("the KDF ran with downgraded parameters")
    )
    with pytest.raises(KeyFileDamaged):
        read_header(key_copy)
    with pytest.raises(KeyFileDamaged):
        unlock_key_file(key_copy, PASSPHRASE)


def test_absurd_kdf_memory_is_damage_not_a_memory_bomb(key_copy):
    _edit(key_copy, lambda doc: doc["header"]["kdf"].__setitem__("memory_kib", 2**40))
    with pytest.raises(KeyFileDamaged):
        unlock_key_file(key_copy, PASSPHRASE)


def test_edited_salt_or_kdf_within_limits_never_unwraps(key_copy):
    # A changed KDF input changes the KEK, so this looks like a wrong passphrase; what matters is
    # that no key comes out (the header is also the AEAD's associated data).
    _edit(key_copy, lambda doc: doc["header"]["kdf"].__setitem__("iterations", 4))
    with pytest.raises((WrongPassphrase, KeyFileDamaged)):
        unlock_key_file(key_copy, PASSPHRASE)


def test_flipped_bit_in_the_wrapped_key_is_damage(key_copy):
    def flip(doc):
        wrapped = bytearray(keyfile._unb64(doc["slots"]["passphrase"]["wrapped"]))
        wrapped[3] ^= 1
        doc["slots"]["passphrase"]["wrapped"] = keyfile._b64(bytes(wrapped))

    _edit(key_copy, flip)
    with pytest.raises(KeyFileDamaged):
        unlock_key_file(key_copy, PASSPHRASE)


def test_reformatting_the_json_is_harmless(key_copy, escrowed_key_file):
    doc = json.loads(key_copy.read_text())
    key_copy.write_text(json.dumps(doc, indent=None, sort_keys=False, separators=(", ", ": ")))
    assert _hex(unlock_key_file(key_copy, PASSPHRASE)[1]) == escrowed_key_file.key_hex


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-40], id="truncated-tail"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: os.urandom(len(data)), id="garbage"),
        pytest.param(lambda data: b"\xff\xfe" + data, id="not-utf8"),
        pytest.param(lambda data: b"[1, 2, 3]", id="not-an-object"),
        pytest.param(
            lambda data: data.replace(b"fieldcase-keyfile", b"fieldcase-keyfilX"), id="wrong-magic"
        ),
        pytest.param(
            lambda data: data.replace(b'"format_version": 1', b'"format_version": 9'),
            id="future-version",
        ),
        pytest.param(lambda data: data + b" " * (70 * 1024), id="oversized"),
        pytest.param(lambda data: b"[" * 100000, id="deeply-nested"),
    ],
)
def test_damaged_file(key_copy, content):
    key_copy.write_bytes(content(key_copy.read_bytes()))
    with pytest.raises(KeyFileDamaged):
        read_header(key_copy)
    with pytest.raises(KeyFileDamaged):
        unlock_key_file(key_copy, PASSPHRASE)


def test_missing_file(tmp_path):
    with pytest.raises(KeyFileMissing) as caught:
        unlock_key_file(tmp_path / "nothing.key", PASSPHRASE)
    assert caught.value.code == "key_file_missing"
    with pytest.raises(KeyFileMissing):
        read_header(tmp_path / "nothing.key")


def test_a_directory_in_its_place_is_damage(tmp_path):
    (tmp_path / "fieldcase.key").mkdir()
    with pytest.raises(KeyFileDamaged):
        read_header(tmp_path / "fieldcase.key")


def test_create_refuses_to_overwrite(key_copy, monkeypatch):
    before = key_copy.read_bytes()
    monkeypatch.setattr(keyfile, "_kek", lambda *a: pytest.fail("KDF ran although the file exists"))
    with pytest.raises(KeyFileExists) as caught:
        create_key_file(
            key_copy, NEW_PASSPHRASE, db_uuid="db-x", device_id="dev-x", user_id="u-x", kdf=FLOOR
        )
    assert caught.value.code == "key_file_exists"
    assert key_copy.read_bytes() == before
    assert [p.name for p in key_copy.parent.iterdir()] == [key_copy.name]


def test_create_refuses_a_weak_passphrase_and_writes_nothing(tmp_path):
    with pytest.raises(WeakPassphrase):
        create_key_file(
            tmp_path / "k", "password123", db_uuid="d", device_id="v", user_id="u", kdf=FLOOR
        )
    assert list(tmp_path.iterdir()) == []


def test_create_refuses_kdf_below_the_floor(tmp_path):
    with pytest.raises(ValueError):
        create_key_file(
            tmp_path / "k",
            NEW_PASSPHRASE,
            db_uuid="d",
            device_id="v",
            user_id="u",
            kdf=KdfParams(32 * 1024, 3, 4),
        )


def test_change_passphrase_rewraps_the_same_key_and_keeps_escrow(key_copy, escrowed_key_file):
    before = read_header(key_copy)
    change_passphrase(key_copy, PASSPHRASE, NEW_PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        unlock_key_file(key_copy, PASSPHRASE)
    header, key = unlock_key_file(key_copy, NEW_PASSPHRASE)
    assert _hex(key) == escrowed_key_file.key_hex
    assert (header.db_uuid, header.device_id, header.user_id, header.created_at) == (
        before.db_uuid,
        before.device_id,
        before.user_id,
        before.created_at,
    )
    assert header.salt != before.salt
    assert (
        _hex(recover_data_key(key_copy, escrowed_key_file.org_private)) == escrowed_key_file.key_hex
    )
    assert [p.name for p in key_copy.parent.iterdir()] == [key_copy.name]


def test_change_passphrase_needs_the_old_one(key_copy):
    before = key_copy.read_bytes()
    with pytest.raises(WrongPassphrase):
        change_passphrase(key_copy, "not the passphrase at all", NEW_PASSPHRASE)
    assert key_copy.read_bytes() == before


def test_change_passphrase_checks_the_policy_first(key_copy, monkeypatch):
    monkeypatch.setattr(keyfile, "_kek", lambda *a: pytest.fail("KDF ran for a refused passphrase"))
    with pytest.raises(WeakPassphrase):
        change_passphrase(key_copy, PASSPHRASE, "short")


def test_crash_during_rewrap_leaves_the_old_file_working(key_copy, escrowed_key_file, monkeypatch):
    before = key_copy.read_bytes()

    def power_cut(src, dst):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="simulated crash"):
        change_passphrase(key_copy, PASSPHRASE, NEW_PASSPHRASE)
    monkeypatch.undo()
    assert key_copy.read_bytes() == before
    assert [p.name for p in key_copy.parent.iterdir()] == [key_copy.name]  # no stray temp file
    assert _hex(unlock_key_file(key_copy, PASSPHRASE)[1]) == escrowed_key_file.key_hex


def test_upgrade_kdf_when_policy_rises(key_copy, escrowed_key_file, monkeypatch):
    stronger = KdfParams(
        memory_kib=FLOOR.memory_kib, iterations=FLOOR.iterations + 1, lanes=FLOOR.lanes
    )
    assert upgrade_kdf_if_weaker(key_copy, PASSPHRASE, stronger) is True
    header, key = unlock_key_file(key_copy, PASSPHRASE)
    assert header.kdf == stronger and _hex(key) == escrowed_key_file.key_hex
    monkeypatch.setattr(
        keyfile, "_kek", lambda *a: pytest.fail("KDF ran although nothing to upgrade")
    )
    assert upgrade_kdf_if_weaker(key_copy, PASSPHRASE, FLOOR) is False
    assert upgrade_kdf_if_weaker(key_copy, PASSPHRASE, stronger) is False


def test_kdf_params_presets():
    assert KdfParams.default() == KdfParams(262144, 3, 4)
    assert KdfParams.floor() == KdfParams(65536, 3, 4)
    assert KdfParams.floor().is_weaker_than(KdfParams.default())
    assert not KdfParams.default().is_weaker_than(KdfParams.floor())


def test_header_aad_is_canonical(escrowed_key_file):
    header = read_header(escrowed_key_file.path)
    aad = keyfile.header_aad(header)
    assert re.fullmatch(rb"[\x20-\x7e]+", aad) and b" " not in aad.replace(
        b"fieldcase-keyfile", b""
    )
    assert keyfile.header_aad(header) == aad
