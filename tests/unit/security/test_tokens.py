from __future__ import annotations

import hashlib
import re

import pytest

from fieldcase.security.tokens import (
    constant_time_equal,
    generate_signing_keypair,
    new_enrollment_code,
    new_token,
    normalize_enrollment_code,
    sign_command,
    token_hash,
    verify_command,
)


def test_tokens_are_urlsafe_random_and_stored_as_hashes():
    token = new_token()
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token) and token != new_token()
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    with pytest.raises(ValueError):
        new_token(8)


def test_enrollment_code_has_160_bits_in_groups_of_four():
    code = new_enrollment_code()
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}", code)
    assert len(code.replace("-", "")) * 5 >= 128
    assert len({new_enrollment_code() for _ in range(50)}) == 50


def test_enrollment_code_typing_slips_normalize():
    code = new_enrollment_code()
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalize_enrollment_code(typed) == code


def test_constant_time_equal():
    assert constant_time_equal("abc", "abc") and constant_time_equal(b"abc", "abc")
    assert not constant_time_equal("abc", "abd") and not constant_time_equal("abc", "abcd")
    assert constant_time_equal("é", "é")


@pytest.fixture(scope="module")
def keys():
    return generate_signing_keypair()


COMMAND = b'{"command":"wipe","device_id":"dev-0001","issued_at":"2026-01-01T00:00:00Z"}'


def test_signed_wipe_command_verifies(keys):
    private, public = keys
    assert len(private) == 32 and len(public) == 32
    assert verify_command(public, COMMAND, sign_command(private, COMMAND)) is True


def test_altered_command_is_rejected(keys):
    private, public = keys
    signature = sign_command(private, COMMAND)
    assert verify_command(public, COMMAND.replace(b"dev-0001", b"dev-0002"), signature) is False


def test_forged_command_is_rejected(keys):
    _, public = keys
    forger_private, _ = generate_signing_keypair()
    assert verify_command(public, COMMAND, sign_command(forger_private, COMMAND)) is False
    assert verify_command(public, COMMAND, b"\x00" * 64) is False
    assert verify_command(public, COMMAND, b"short") is False
    assert verify_command(b"not a key", COMMAND, sign_command(keys[0], COMMAND)) is False


def test_command_signatures_are_domain_separated(keys):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    raw_signature = Ed25519PrivateKey.from_private_bytes(keys[0]).sign(COMMAND)
    assert verify_command(keys[1], COMMAND, raw_signature) is False
