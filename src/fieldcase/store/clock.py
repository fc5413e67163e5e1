"""Time for the store: an injectable wall clock and the hybrid logical clock stamped on mutations.

Client clocks never decide winners (sync.md); the HLC only records when something happened in an
order that survives the laptop's clock jumping backwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], float]


def utc_iso(clock: Clock) -> str:
    return datetime.fromtimestamp(clock(), UTC).isoformat(timespec="milliseconds")


def next_hlc(last_wall_ms: int, last_counter: int, now_ms: int) -> tuple[int, int]:
    """The next HLC (wall, counter): never goes backwards, even when the wall clock does."""
    if now_ms > last_wall_ms:
        return now_ms, 0
    return last_wall_ms, last_counter + 1


def format_hlc(wall_ms: int, counter: int, device_id: str) -> str:
    return f"{wall_ms:013d}-{counter:05d}-{device_id}"


system_clock: Clock = time.time
