from __future__ import annotations

import copy
import pickle
import re

import pytest

from fieldcase.security.keys import DataKey


def test_generate_gives_distinct_32_byte_keys():
    a, b = DataKey.generate(), DataKey.generate()
    assert a != b
    assert len(a.raw_bytes()) == 32


def test_raw_key_pragma_is_sqlcipher_raw_hex():
    key = DataKey(bytes(range(32)))
    assert key.raw_key_pragma() == "x'" + bytes(range(32)).hex() + "'"
    assert re.fullmatch(r"x'[0-9a-f]{64}'", DataKey.generate().raw_key_pragma())


def test_derive_is_deterministic_and_separated_by_purpose():
    key = DataKey(bytes(32))
    audit, attachments = key.derive("audit-mac"), key.derive("attachments")
    assert audit == DataKey(bytes(32)).derive("audit-mac")
    assert len(audit) == 32 and audit != attachments and audit != bytes(32)
    assert len(key.derive("attachments", length=64)) == 64
    with pytest.raises(ValueError):
        key.derive("")


def test_wipe_zeroes_the_buffer_and_refuses_further_use():
    key = DataKey.generate()
    buffer = key._buf  # the one mutable copy the class keeps
    assert any(buffer)
    key.wipe()
    assert key.is_wiped and bytes(buffer) == bytes(32)
    for use in (key.raw_key_pragma, key.raw_bytes, lambda: key.derive("audit-mac")):
        with pytest.raises(RuntimeError, match="wiped"):
            use()


def test_never_shown_pickled_or_copied():
    key = DataKey.generate()
    hexed = key.raw_key_pragma()[2:-1]
    assert hexed not in repr(key) and hexed not in str(key) and hexed not in f"{key!r} {key}"
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(TypeError):
        copy.copy(key)


def test_only_32_bytes():
    with pytest.raises(ValueError):
        DataKey(b"short")
