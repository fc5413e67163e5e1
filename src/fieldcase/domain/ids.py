"""Record and mutation identifiers: UUIDv7, made on the laptop (sync.md "Identifiers and clocks").

Python 3.11 has no `uuid.uuid7`, so this follows RFC 9562 §5.7 directly. Time-ordered ids keep
records created offline sortable by creation time and keep database indexes compact.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_last_counter = 0


def new_id() -> str:
    """A fresh UUIDv7 as its canonical 36-character string.

    Layout (RFC 9562 §5.7): 48-bit Unix milliseconds, 4-bit version 7, 12-bit rand_a, 2-bit variant,
    62-bit rand_b. rand_a is used as a counter within one millisecond (§6.2 method 1) so ids made in
    the same millisecond by this process still sort in creation order.
    """
    global _last_ms, _last_counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _last_counter = int.from_bytes(os.urandom(2), "big") & 0x7FF  # leave room to count up
        else:
            # Same millisecond, or the clock stepped back: keep the old timestamp and count on, so
            # ids never go backwards within this process.
            _last_counter += 1
            if _last_counter > 0xFFF:
                _last_ms += 1
                _last_counter = 0
            ms = _last_ms
        counter = _last_counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand_b
    return str(uuid.UUID(int=value))


def id_timestamp_ms(record_id: str) -> int:
    """The Unix millisecond timestamp inside a UUIDv7 (for ordering and diagnostics)."""
    return uuid.UUID(record_id).int >> 80
