from __future__ import annotations

import json

import pytest

from fieldcase.security.errors import UnlockLockedOut
from fieldcase.security.lockout import UnlockThrottle


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def state_path(tmp_path):
    return tmp_path / "unlock-state.json"


def _fail(throttle, clock, times):
    for _ in range(times):
        throttle.check()
        throttle.record_failure()
        clock.now += 1


def test_four_failures_are_fine_the_fifth_locks_for_ten_minutes(state_path, clock):
    throttle = UnlockThrottle(state_path, clock=clock)
    _fail(throttle, clock, 4)
    throttle.check()
    throttle.record_failure()
    with pytest.raises(UnlockLockedOut) as caught:
        throttle.check()
    assert caught.value.seconds_left == 600
    assert caught.value.message == "Too many wrong passphrases. Try again in 10 minutes."
    assert caught.value.code == "unlock_locked_out"
    clock.now += 599
    with pytest.raises(UnlockLockedOut) as caught:
        UnlockThrottle(state_path, clock=clock).check()  # survives a restart
    assert caught.value.seconds_left == 1
    assert "1 minute." in caught.value.message
    clock.now += 1
    throttle.check()


def test_lockouts_double_until_a_success_resets(state_path, clock):
    throttle = UnlockThrottle(state_path, clock=clock)
    _fail(throttle, clock, 4)
    throttle.record_failure()
    assert throttle.seconds_left() == 600
    clock.now += 600
    _fail(throttle, clock, 4)
    throttle.check()
    throttle.record_failure()
    with pytest.raises(UnlockLockedOut) as caught:
        throttle.check()
    assert caught.value.seconds_left == 1200
    clock.now += 1200
    assert len(throttle.failures_since_last_success()) == 10
    failures = throttle.record_success()
    assert len(failures) == 10 and failures == sorted(failures)
    assert throttle.failures_since_last_success() == []
    _fail(throttle, clock, 4)
    throttle.check()  # the count restarted
    throttle.record_failure()
    assert throttle.seconds_left() == 600  # and so did the doubling


def test_success_resets_the_count(state_path, clock):
    throttle = UnlockThrottle(state_path, clock=clock)
    _fail(throttle, clock, 4)
    throttle.record_success()
    _fail(throttle, clock, 4)
    throttle.check()


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b'{"version": 1}', b'{"version": 1, "streak": -3}', b"\xff" * 10]
)
def test_corrupt_state_file_locks_conservatively(state_path, clock, content):
    state_path.write_bytes(content)
    throttle = UnlockThrottle(state_path, clock=clock)
    with pytest.raises(UnlockLockedOut) as caught:
        throttle.check()
    assert caught.value.seconds_left == 600
    clock.now += 600
    throttle.check()


def test_missing_state_file_is_a_first_run(state_path, clock):
    UnlockThrottle(state_path, clock=clock).check()
    assert UnlockThrottle(state_path, clock=clock).failures_since_last_success() == []


def test_clock_set_back_does_not_shorten_a_lockout(state_path, clock):
    throttle = UnlockThrottle(state_path, clock=clock)
    _fail(throttle, clock, 5)
    clock.now -= 86_400
    with pytest.raises(UnlockLockedOut) as caught:
        throttle.check()
    assert caught.value.seconds_left >= 600


def test_state_file_is_small_pii_free_json(state_path, clock):
    throttle = UnlockThrottle(state_path, clock=clock)
    _fail(throttle, clock, 3)
    state = json.loads(state_path.read_text())
    assert set(state) == {
        "version",
        "streak",
        "lockouts",
        "locked_until",
        "failures",
        "dropped",
        "last_seen",
    }
    assert state["streak"] == 3 and len(state["failures"]) == 3
    assert [p.name for p in state_path.parent.iterdir()] == [state_path.name]
