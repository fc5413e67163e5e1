"""The last day each child was seen in a home visit, in plain SQL: newest first per child through
`record_child` (child, day), stopping at the first row whose visit saw the child (`seen`).

The caseload shows it for every child at unlock. Reading the fiscal year's visits for it meant
decoding up to a year of visit bodies (narratives included) in Python, a quarter of a second by
September; reading each child's last visit's `children` in SQLite (`json_each`) still cost 10 ms
for 250 children. `record_child.seen`, written with the row, answers from the index and the small
rows alone. Plain SQL, no SQLAlchemy, as the other reads the caseload makes at unlock
(store/record_rows.py).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from fieldcase.store.record_rows import driver_connection

# The day is the visit's local day (`record_child.occurred_on`, metadata.occurred_on: the contact
# start's date); a visit with no start recorded has none, so it never counts (as in the forms' and
# rules' reading). Only home visits mark a child seen (metadata.children_seen).
_LAST_SEEN = """
SELECT wanted.value,
       (SELECT day.occurred_on FROM record_child AS day
         WHERE day.child_id = wanted.value AND day.occurred_on <= ? AND day.seen
         ORDER BY day.occurred_on DESC LIMIT 1)
FROM json_each(?) AS wanted
"""


def last_seen_days(connection: Any, child_ids: Sequence[str], *, until: str) -> dict[str, date]:
    """For each of `child_ids` seen on or before `until` (an ISO day), the last day they were seen."""
    if not child_ids:
        return {}
    rows = (
        driver_connection(connection)
        .execute(_LAST_SEEN, (until, json.dumps(list(child_ids))))
        .fetchall()
    )
    return {child_id: date.fromisoformat(day) for child_id, day in rows if day is not None}
