"""The day of a moment on this laptop's calendar.

The server sends times in UTC and the store writes its own in UTC: an addendum written, a proposal
read or an acknowledgement made at 8:30 pm in Missouri happened on that day, not the next, which is
what slicing the first ten characters of the ISO text showed. Every place that shows such a day
words it through here.
"""

from __future__ import annotations

from datetime import datetime


def local_day(moment: str | None) -> str:
    """The ISO day of an ISO time on this laptop's calendar. A time without a zone is shown as sent
    (it was written as a local time), and unreadable text as its first ten characters."""
    if not moment:
        return ""
    try:
        when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment[:10]
    if when.tzinfo is None:
        return when.date().isoformat()
    return when.astimezone().date().isoformat()
