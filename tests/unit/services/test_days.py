"""Days are the laptop's calendar days wherever a moment from the server or the store is shown as
a day (services/days.py): an evening in Missouri is that day, not the next UTC one."""

from __future__ import annotations

from fieldcase.services.days import local_day
from fieldcase.services.field_records import ProposalState
from fieldcase.services.sync import AttentionItem, _with_proposal


def test_an_evening_in_missouri_is_that_day(in_missouri):
    assert local_day("2026-11-25T02:30:00+00:00") == "2026-11-24"  # 8:30 pm on the 24th, local
    assert local_day("2026-11-25T02:30:00Z") == "2026-11-24"
    assert local_day("2026-11-25T18:00:00+00:00") == "2026-11-25"
    assert local_day("2026-11-25T02:30:00") == "2026-11-25"  # no zone: written as a local time
    assert (
        local_day("2026-11-25 or so") == "2026-11-25"
        and local_day(None) == ""
        and local_day("") == ""
    )


def test_the_proposal_read_message_names_local_days(in_missouri):
    item = AttentionItem(
        id="a1",
        topic="addendum",
        record_kind="home_visit",
        record_id="r1",
        message="kept",
        created_at="2026-11-20T12:00:00+00:00",
        details={"addendum_id": "p1"},
    )
    read = ProposalState(
        "p1",
        proposed_at="2026-11-21T01:00:00+00:00",
        read_by="sup",
        read_by_name="Supervisor Vo",
        read_at="2026-11-25T03:15:00+00:00",
    )
    message = _with_proposal(item, read).message
    assert message == "Your proposed change of 2026-11-20 was read by Supervisor Vo on 2026-11-24."
