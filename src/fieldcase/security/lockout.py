"""Unlock throttling: 5 wrong passphrases → 10 minutes locked out, doubling with each further
lockout until a successful unlock (capped at a day so a forgotten laptop is not locked for weeks).

State lives in a small JSON file with no personal data — only counts and timestamps::

    {"version": 1, "streak": 2, "lockouts": 1, "locked_until": 1738330000.0,
     "failures": [1738329000.1, ...], "last_seen": 1738329500.0}

- A damaged or unreadable state file counts as a fresh lockout, never as "no failures": deleting
  or garbling the file must not reset the counter for free. (Deleting it outright does; the
  throttle protects the unlock screen, the Argon2id cost protects a copied key file.)
- A clock set backwards past the last recorded event restarts the current lockout from "now".
- `failures` keeps the timestamps of wrong passphrases since the last success, so the app writes
  them to the audit log after the next unlock (`record_success` returns them).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeGuard

from fieldcase.security import _atomic
from fieldcase.security.errors import UnlockLockedOut

FAILURES_BEFORE_LOCKOUT = 5
FIRST_LOCKOUT_SECONDS = 600
MAX_LOCKOUT_SECONDS = 24 * 3600
_MAX_KEPT_TIMESTAMPS = 500  # bounds the file; the count beyond that is still in `dropped`


def _fresh() -> dict:
    return {
        "version": 1,
        "streak": 0,
        "lockouts": 0,
        "locked_until": 0.0,
        "failures": [],
        "dropped": 0,
        "last_seen": 0.0,
    }


def _valid(state: object) -> TypeGuard[dict[str, Any]]:
    if not isinstance(state, dict) or state.get("version") != 1:
        return False
    ints = ("streak", "lockouts", "dropped")
    floats = ("locked_until", "last_seen")
    if any(type(state.get(k)) is not int or state[k] < 0 for k in ints):
        return False
    if any(type(state.get(k)) not in (int, float) or not math.isfinite(state[k]) for k in floats):
        return False
    failures = state.get("failures")
    return isinstance(failures, list) and all(
        type(t) in (int, float) and math.isfinite(t) for t in failures
    )


class UnlockThrottle:
    def __init__(self, state_path: Path, clock: Callable[[], float] = time.time) -> None:
        self._path = Path(state_path)
        self._clock = clock

    # -- state file --------------------------------------------------------------------------

    def _load(self) -> dict:
        now = self._clock()
        try:
            data = self._path.read_bytes()
        except FileNotFoundError:
            return _fresh()
        except OSError:
            data = b""
        try:
            state = json.loads(data.decode("utf-8")) if len(data) <= 64 * 1024 else None
        except (UnicodeDecodeError, ValueError, RecursionError):
            state = None
        if not _valid(state):
            # conservative: a damaged state file is a lockout starting now, not a clean slate
            state = _fresh()
            state["lockouts"] = 1
            state["locked_until"] = now + FIRST_LOCKOUT_SECONDS
            state["last_seen"] = now
            self._save(state)
            return state
        if now < state["last_seen"] and state["locked_until"] > 0:
            # the clock went backwards: restart any lockout in force from now
            if state["locked_until"] > state["last_seen"]:
                state["locked_until"] = now + self._duration(state["lockouts"])
            state["last_seen"] = now
            self._save(state)
        return state

    def _save(self, state: dict) -> None:
        _atomic.write_atomic(self._path, json.dumps(state, sort_keys=True).encode("utf-8"))

    @staticmethod
    def _duration(lockouts: int) -> int:
        if lockouts <= 0:
            return 0
        return min(FIRST_LOCKOUT_SECONDS * 2 ** min(lockouts - 1, 32), MAX_LOCKOUT_SECONDS)

    # -- public ------------------------------------------------------------------------------

    def seconds_left(self) -> int:
        """Seconds until the next attempt is allowed (0 when not locked)."""
        state = self._load()
        left = state["locked_until"] - self._clock()
        return math.ceil(left) if left > 0 else 0

    def check(self) -> None:
        """Raise UnlockLockedOut while locked; call before running the KDF."""
        left = self.seconds_left()
        if left > 0:
            raise UnlockLockedOut(left)

    def record_failure(self) -> tuple[int, int]:
        """Count a wrong passphrase; the 5th in a row starts a lockout. Returns the tries left before
        the next lockout (0: this one started it) and how long that lockout lasts, in seconds."""
        state = self._load()
        now = self._clock()
        state["failures"].append(now)
        if len(state["failures"]) > _MAX_KEPT_TIMESTAMPS:
            state["dropped"] += len(state["failures"]) - _MAX_KEPT_TIMESTAMPS
            del state["failures"][:-_MAX_KEPT_TIMESTAMPS]
        state["streak"] += 1
        if state["streak"] >= FAILURES_BEFORE_LOCKOUT:
            state["lockouts"] += 1
            state["streak"] = 0
            state["locked_until"] = now + self._duration(state["lockouts"])
        state["last_seen"] = max(state["last_seen"], now)
        self._save(state)
        if state["streak"] == 0:
            return 0, self._duration(state["lockouts"])
        return FAILURES_BEFORE_LOCKOUT - state["streak"], self._duration(state["lockouts"] + 1)

    def record_success(self) -> list[float]:
        """Reset everything; returns the failure timestamps since the last success (for the audit log)."""
        failures = self.failures_since_last_success()
        state = _fresh()
        state["last_seen"] = self._clock()
        self._save(state)
        return failures

    def failures_since_last_success(self) -> list[float]:
        return list(self._load()["failures"])

    def failure_count_since_last_success(self) -> int:
        state = self._load()
        return len(state["failures"]) + state["dropped"]
