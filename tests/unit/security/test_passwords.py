from __future__ import annotations

import re

import pytest

from fieldcase.security import passwords
from fieldcase.security.passwords import hash_password, needs_rehash, verify_password


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password("correct horse battery")


def test_phc_format(stored):
    assert re.fullmatch(
        r"\$argon2id\$v=19\$m=65536,t=3,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}", stored
    )
    assert "correct horse" not in stored


def test_verify_and_reject(stored):
    assert verify_password(stored, "correct horse battery") is True
    assert verify_password(stored, "correct horse battery ") is False
    assert verify_password(stored, "") is False


def test_salted(stored):
    assert hash_password("correct horse battery") != stored


@pytest.mark.parametrize(
    "broken",
    [
        "",
        "plain",
        "$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$argon2id$v=19$m=999999999,t=3,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA",
    ],
)
def test_malformed_hashes_never_verify_and_need_rehash(broken):
    assert verify_password(broken, "anything") is False
    assert needs_rehash(broken) is True


def test_needs_rehash_when_params_change(stored, monkeypatch):
    assert needs_rehash(stored) is False
    monkeypatch.setattr(passwords, "ITERATIONS", 4)
    assert needs_rehash(stored) is True
    # an old hash still verifies, so the login can rehash it
    assert verify_password(stored, "correct horse battery") is True


def test_password_limits():
    with pytest.raises(ValueError):
        hash_password("")
    with pytest.raises(ValueError):
        hash_password("x" * 5000)
