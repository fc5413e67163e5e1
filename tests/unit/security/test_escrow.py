from __future__ import annotations

import json

import pytest

from fieldcase.security.errors import EscrowError, WeakPassphrase, WrongPassphrase
from fieldcase.security.escrow import (
    generate_org_keypair,
    recover_data_key,
    set_new_passphrase_from_escrow,
)
from fieldcase.security.keyfile import unlock_key_file

from .conftest import PASSPHRASE


def _hex(key) -> str:
    return key.raw_key_pragma()[2:-1]


def test_org_keypair_is_raw_x25519():
    private, public = generate_org_keypair()
    assert len(private) == 32 and len(public) == 32 and private != public


def test_recover_with_the_org_key(escrowed_key_file):
    key = recover_data_key(escrowed_key_file.path, escrowed_key_file.org_private)
    assert _hex(key) == escrowed_key_file.key_hex


def test_wrong_org_key_fails(escrowed_key_file):
    other_private, _ = generate_org_keypair()
    with pytest.raises(EscrowError) as caught:
        recover_data_key(escrowed_key_file.path, other_private)
    assert caught.value.code == "escrow_error"


@pytest.mark.parametrize("bad", [b"", b"\x00" * 31, b"x" * 64])
def test_malformed_org_key_fails(escrowed_key_file, bad):
    with pytest.raises(EscrowError):
        recover_data_key(escrowed_key_file.path, bad)


def test_no_escrow_slot(plain_key_file, org_keypair):
    with pytest.raises(EscrowError, match="no agency recovery slot"):
        recover_data_key(plain_key_file.path, org_keypair[0])


def test_escrow_slot_is_bound_to_the_identity(key_copy, escrowed_key_file):
    doc = json.loads(key_copy.read_text())
    doc["header"]["device_id"] = "another-laptop"
    key_copy.write_text(json.dumps(doc))
    with pytest.raises(EscrowError):
        recover_data_key(key_copy, escrowed_key_file.org_private)


def test_set_new_passphrase_from_escrow(key_copy, escrowed_key_file):
    new = "forgotten then found again"
    set_new_passphrase_from_escrow(key_copy, escrowed_key_file.org_private, new)
    with pytest.raises(WrongPassphrase):
        unlock_key_file(key_copy, PASSPHRASE)
    assert _hex(unlock_key_file(key_copy, new)[1]) == escrowed_key_file.key_hex
    assert (
        _hex(recover_data_key(key_copy, escrowed_key_file.org_private)) == escrowed_key_file.key_hex
    )


def test_set_new_passphrase_from_escrow_checks_key_and_policy(key_copy, escrowed_key_file):
    before = key_copy.read_bytes()
    with pytest.raises(WeakPassphrase):
        set_new_passphrase_from_escrow(key_copy, escrowed_key_file.org_private, "123456")
    with pytest.raises(EscrowError):
        set_new_passphrase_from_escrow(
            key_copy, generate_org_keypair()[0], "forgotten then found again"
        )
    assert key_copy.read_bytes() == before
