from __future__ import annotations

import pytest

from fieldcase.security.audit_mac import GENESIS, chain_mac, verify_chain

KEY = bytes(range(32))


def _chain(payloads, key=KEY, start=GENESIS):
    entries, prev = [], start
    for payload in payloads:
        prev = chain_mac(key, prev, payload)
        entries.append((payload, prev))
    return entries


PAYLOADS = [
    b'{"event":"unlock"}',
    b'{"event":"view","case":7}',
    b'{"event":"update","case":7}',
    b'{"event":"lock"}',
]


def test_genesis_is_32_zero_bytes():
    assert bytes(32) == GENESIS


def test_intact_chain_verifies():
    assert verify_chain(KEY, _chain(PAYLOADS)) is None
    assert verify_chain(KEY, []) is None


def test_chain_continues_from_a_given_head():
    first = _chain(PAYLOADS[:2])
    rest = _chain(PAYLOADS[2:], start=first[-1][1])
    assert verify_chain(KEY, first + rest) is None
    assert verify_chain(KEY, rest, start=first[-1][1]) is None
    assert verify_chain(KEY, rest) == 0


def test_modified_entry():
    entries = _chain(PAYLOADS)
    entries[1] = (b'{"event":"view","case":8}', entries[1][1])
    assert verify_chain(KEY, entries) == 1


def test_removed_entry():
    entries = _chain(PAYLOADS)
    del entries[1]
    assert verify_chain(KEY, entries) == 1


def test_reordered_entries():
    entries = _chain(PAYLOADS)
    entries[1], entries[2] = entries[2], entries[1]
    assert verify_chain(KEY, entries) == 1


def test_inserted_entry_even_with_a_mac_under_another_key():
    entries = _chain(PAYLOADS)
    forged = chain_mac(b"k" * 32, entries[0][1], b'{"event":"export"}')
    entries.insert(1, (b'{"event":"export"}', forged))
    assert verify_chain(KEY, entries) == 1


def test_wrong_key_fails_at_the_first_entry():
    assert verify_chain(b"x" * 32, _chain(PAYLOADS)) == 0


def test_bad_inputs():
    with pytest.raises(ValueError):
        chain_mac(b"short", GENESIS, b"")
    with pytest.raises(ValueError):
        chain_mac(KEY, b"\x00" * 31, b"")
