"""The day shown for a proposal sent or read is the laptop's calendar day, not the server's UTC one."""

from __future__ import annotations

import time

import pytest

from fieldcase.ui.attention import day


@pytest.fixture
def in_missouri(monkeypatch):
    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_an_evening_in_missouri_is_that_day_not_the_next(in_missouri):
    assert day("2026-11-25T02:30:00+00:00") == "2026-11-24"  # 8:30 pm on the 24th, local
    assert day("2026-11-25T02:30:00Z") == "2026-11-24"
    assert day("2026-11-25T18:00:00+00:00") == "2026-11-25"


def test_a_time_without_zone_or_unreadable_is_shown_as_sent(in_missouri):
    assert day("2026-11-25T02:30:00") == "2026-11-25"
    assert day("2026-11-25 or so") == "2026-11-25"
    assert day(None) == "" and day("") == ""
