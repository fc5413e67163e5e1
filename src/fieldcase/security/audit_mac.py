"""The client audit chain: each event's MAC covers the previous MAC, so a modified, removed,
inserted or reordered event breaks every MAC after it. The key is `DataKey.derive("audit-mac")`.

Removing events from the *end* cannot be seen locally; the chain head uploaded at each sync
(security.md, Audit) catches that on the server.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

MAC_BYTES = 32
GENESIS: bytes = bytes(MAC_BYTES)


def chain_mac(key: bytes, prev_mac: bytes, payload: bytes) -> bytes:
    """HMAC-SHA256(key, prev_mac || payload); prev_mac is fixed-length, so the split is unambiguous."""
    if len(key) < 16:
        raise ValueError("the audit MAC key is too short")
    if len(prev_mac) != MAC_BYTES:
        raise ValueError("the previous MAC must be 32 bytes")
    return hmac.new(bytes(key), bytes(prev_mac) + bytes(payload), hashlib.sha256).digest()


def verify_chain(
    key: bytes, entries: Iterable[tuple[bytes, bytes]], start: bytes = GENESIS
) -> int | None:
    """The index of the first entry whose MAC is wrong, or None if the whole chain holds."""
    prev = start
    for index, (payload, mac) in enumerate(entries):
        if not hmac.compare_digest(chain_mac(key, prev, payload), bytes(mac)):
            return index
        prev = bytes(mac)
    return None
