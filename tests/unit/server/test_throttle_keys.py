"""The keys and the back-off curve of the sign-in throttle (server/throttle.py)."""

from __future__ import annotations

from fieldcase.server import throttle
from fieldcase.server.config import Backoff


def test_one_ipv6_network_is_one_address_and_mapped_ipv4_is_ipv4():
    assert throttle.address_key("2001:db8:1:2::1") == throttle.address_key("2001:db8:1:2:ffff::9")
    assert throttle.address_key("2001:db8:1:2::1") != throttle.address_key("2001:db8:1:3::1")
    assert throttle.address_key("::ffff:10.0.0.7") == throttle.address_key("10.0.0.7")
    assert throttle.address_key("10.0.0.7") != throttle.address_key("10.0.0.8")


def test_account_keys_ignore_case_and_keep_no_username_in_clear():
    key = throttle.account_key("AJones")
    assert key == throttle.account_key("ajones ") and "jones" not in key and len(key) == 64
    assert throttle.account_key("ajones") != throttle.address_key("ajones")


def test_locks_start_at_the_limit_double_and_stop_at_the_cap():
    policy = Backoff(free=5, first_lock=60, max_lock=3600, forget_after=86400)
    assert [throttle.lock_seconds(policy, n) for n in range(1, 10)] == [
        0,
        0,
        0,
        0,
        60,
        120,
        240,
        480,
        960,
    ]
    assert throttle.lock_seconds(policy, 10_000) == 3600


def test_the_answer_says_how_long_to_wait():
    error = throttle.too_many(125.2)
    assert (
        error.status == 429 and error.extra["retry_after"] == 126 and "3 minutes" in error.message
    )
