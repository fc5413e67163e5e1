"""No passphrase, user name or key material in any message, repr, exception chain or file we write."""

from __future__ import annotations

import json
import traceback

import pytest

from fieldcase.errors import UserError
from fieldcase.security.errors import KeyFileDamaged, WeakPassphrase, WrongPassphrase
from fieldcase.security.keyfile import (
    change_passphrase,
    create_key_file,
    read_header,
    unlock_key_file,
)
from fieldcase.security.lockout import UnlockThrottle

from .conftest import FLOOR

CANARY = "CANARY-velvet-otter-9731"


@pytest.fixture(scope="module")
def canary_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("canary") / "fieldcase.key"
    key = create_key_file(path, CANARY, db_uuid="db-c", device_id="dev-c", user_id="u-c", kdf=FLOOR)
    return path, key.raw_key_pragma()[2:-1], key


def _everything_about(err: BaseException | None) -> str:
    """The messages, reprs and args of the error and its whole __cause__/__context__ chain
    (not the traceback's source lines, which quote the test itself)."""
    text = ""
    while err is not None:
        text += (
            "".join(traceback.format_exception_only(err))
            + repr(err)
            + repr(err.args)
            + repr(vars(err))
        )
        err = err.__cause__ or err.__context__
    return text


def _assert_clean(text: str, *secrets: str) -> None:
    lowered = text.lower()
    for secret in secrets:
        assert secret.lower() not in lowered


def test_errors_carry_no_secrets(canary_file, tmp_path):
    path, key_hex, _ = canary_file
    caught: list[BaseException] = []
    attempts = [
        lambda: unlock_key_file(path, CANARY + "-wrong"),
        lambda: create_key_file(
            tmp_path / "k", CANARY[:8], db_uuid="d", device_id="v", user_id="u", kdf=FLOOR
        ),
        lambda: create_key_file(
            tmp_path / "k2",
            "CANARY-velvet the bold",
            db_uuid="d",
            device_id="v",
            user_id="canary",
            kdf=FLOOR,
        ),
        lambda: change_passphrase(path, CANARY + "-wrong", "a completely new phrase"),
    ]
    damaged = tmp_path / "damaged.key"
    doc = json.loads(path.read_text())
    doc["header"]["db_uuid"] = "edited"
    damaged.write_text(json.dumps(doc))
    attempts.append(lambda: unlock_key_file(damaged, CANARY))
    damaged_json = tmp_path / "garbled.key"
    damaged_json.write_text(CANARY + path.read_text()[10:])
    attempts.append(lambda: read_header(damaged_json))
    for attempt in attempts:
        with pytest.raises(UserError) as info:
            attempt()
        caught.append(info.value)
    assert {type(e) for e in caught} == {WrongPassphrase, WeakPassphrase, KeyFileDamaged}
    for err in caught:
        _assert_clean(_everything_about(err), CANARY, CANARY[:8], key_hex, "velvet")


def test_reprs_and_files_carry_no_secrets(canary_file, tmp_path):
    path, key_hex, key = canary_file
    header, unlocked = unlock_key_file(path, CANARY)
    _assert_clean(repr(header) + repr(unlocked) + str(unlocked) + repr(key), CANARY, key_hex)
    _assert_clean(path.read_text(), CANARY, key_hex)
    throttle = UnlockThrottle(tmp_path / "state.json")
    throttle.record_failure()
    _assert_clean((tmp_path / "state.json").read_text(), CANARY, key_hex)
