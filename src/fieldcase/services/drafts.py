"""A draft already started: before a new home visit is made, the draft home visit for the same case
dated this month (or not dated yet) that it would duplicate. A second draft made silently left two
half-written visits for one month, one of them never submitted."""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldcase.domain.workflow import Status


def draft_this_month(store: Any, *, case_id: str, today: date) -> str | None:
    """The id of the newest draft home visit of this case for this month, or None."""
    month = f"{today:%Y-%m}"
    found = []
    for stored in store.list(case_id=case_id):
        if stored.kind != "home_visit" or stored.status != Status.DRAFT.value:
            continue
        started = stored.body.get("contact_start") or ""
        if not started or started[:7] == month:
            found.append((started, stored.id))
    return max(found)[1] if found else None
