"""Which rows the compliance screens read (store/compliance_facts.py `read`): every row, or a
window — the contacts of the fiscal year the screen is about and, of the years before, only what the
rules still need (late notes, the first visit of a current placement, entries in review). The
engine's answers are the same either way (tests/unit/services/test_compliance_window.py); the
windowed read does not grow with the years a laptop keeps (issue 19)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, null, or_, select, text, true

from fieldcase.domain import kinds
from fieldcase.domain.home_visits import LocationType
from fieldcase.domain.workflow import Status
from fieldcase.store.tables import LATE_NOTE_MIN_HOURS, LATE_NOTE_WHERE, record, shadow

IN_REVIEW = (Status.SUBMITTED.value, Status.RETURNED.value)

COLUMNS = (
    record.c.kind,
    record.c.id,
    record.c.status,
    record.c.occurred_on,
    record.c.updated_at,
    record.c.body,
    shadow.c.change.label("shadow"),  # what was pulled besides the body: the entry's meta
)
WITH_SHADOW = record.outerjoin(
    shadow, and_(shadow.c.record_id == record.c.id, record.c.status.in_(IN_REVIEW))
)

#: the kinds written for every contact, month after month (what grows with the years kept); every
#: other kind the rules read (a case, its people, placements, plans, meetings, trips, family-visit
#: entries) is read whole. Trips and family-visit entries stay whole on purpose: odometer
#: continuity runs over every trip and a visitation plan's adherence over its whole life.
DATED_KINDS = ("home_visit", "collateral_contact")


def window_start(today: date, rules: Any) -> date:
    """The first day a windowed read must hold every contact from: the federal fiscal year's first
    day (the monthly visit and its residence majority, the month's provider contact and the visit
    figures all look inside the fiscal year of `today`, which holds its month)."""
    from fieldcase.domain.compliance.periods import FiscalYear

    return FiscalYear.containing(today, rules).starts_on


def window_rows(
    connection: Connection,
    since: date,
    note_hours: int,
    *,
    read_kinds: Iterable[str],
    placement_of: Callable[[str], Any],
) -> list[Any]:
    """The rows a windowed read needs, each once:
    1. every record of a kind the rules read that is not a dated contact (by kind);
    2. the dated contacts from `since`, and those with no day (by kind and day);
    3. older contacts whose note may be late: documentation timeliness counts a late note whatever
       its age (the partial index `ix_record_late_note`; every older one for a pack under 12 hours);
    4. for a placement begun before `since` and not ended by then, the first visit that saw the
       child since it began, from `record_child` (the initial placement visit: the first visit in
       the residence after the move may be years old) — see `_first_sightings`;
    5. every entry waiting for approval or returned, whatever its age (the review counts).
    `read_kinds`: the kinds the rules read; `placement_of`: a placement's facts from its body."""
    day = since.isoformat()
    other = [k for k in read_kinds if k not in DATED_KINDS]
    old_contact = and_(record.c.kind.in_(DATED_KINDS), record.c.occurred_on < day)
    late = text(LATE_NOTE_WHERE) if note_hours >= LATE_NOTE_MIN_HOURS else true()
    with_shadow = select(*COLUMNS).select_from(WITH_SHADOW)
    queries = [  # one query each, so that each finds its rows by its own index
        with_shadow.where(record.c.kind.in_(other)),
        with_shadow.where(record.c.kind.in_(DATED_KINDS), record.c.occurred_on >= day),
        with_shadow.where(
            record.c.kind.in_(DATED_KINDS), record.c.occurred_on.is_(None)
        ),  # apart: each a range of the index
        # the index's condition word for word, over `record` alone;
        # an entry in review among them comes again, with its shadow, from the last query
        select(*COLUMNS[:-1], null().label("shadow")).where(old_contact, late),
        # in review and not read above with its shadow (a waiting visit of this year is, once)
        with_shadow.where(
            record.c.kind.in_(kinds.WORKFLOW_KINDS),
            record.c.status.in_(IN_REVIEW),
            record.c.kind.not_in(other),
            ~and_(
                record.c.kind.in_(DATED_KINDS),
                or_(record.c.occurred_on >= day, record.c.occurred_on.is_(None)),
            ),
        ),
    ]
    rows: dict[str, Any] = {}
    for query in queries:
        # fetched at once (fetchall), not row by row through the result's iterator: every row is
        # kept anyway, and each step of the iterator is a Python call (~1 ms a 4,000 rows)
        rows.update((row.id, row) for row in connection.execute(query).all())
    _first_sightings(connection, rows, since, placement_of)
    return list(rows.values())


def _first_sightings(
    connection: Connection, rows: dict[str, Any], since: date, placement_of: Callable[[str], Any]
) -> None:
    """Adds to `rows`, for each placement begun before `since` and current on some day from it, the
    first visit in the child's residence that saw the child from the placement's first day: the
    initial placement visit's day (its "met on"), however long ago. The visits that saw the child
    elsewhere before it change no answer (a sighting before `since` counts for nothing else).
    `record_child.seen` is the one rule of a visit seeing a child (domain/seen.py) and its day the
    visit's local day, as the rules read it: SQLite walks the child's index from the placement's
    first day and stops at the first such visit, one query for every placement."""
    wanted = []
    for row in [r for r in rows.values() if r.kind == "placement"]:
        placement = placement_of(row.body)
        if not placement.child_id or placement.starts_on is None or placement.starts_on >= since:
            continue  # a placement begun in the window finds its visits there
        if placement.ends_on is not None and placement.ends_on < since:
            continue  # not current on any day the screens are about
        wanted.append((placement.child_id, placement.starts_on.isoformat()))
    if not wanted:
        return
    found = connection.execute(
        _FIRST_IN_RESIDENCE, {"since": since.isoformat(), "wanted": json.dumps(wanted)}
    ).scalars()
    ids = {visit_id for visit_id in found if visit_id is not None and visit_id not in rows}
    if ids:
        for row in connection.execute(
            select(*COLUMNS).select_from(WITH_SHADOW).where(record.c.id.in_(ids))
        ):
            rows[row.id] = row


# the first visit that saw the child in the residence on or after the placement's first day and
# before `since`; the residence as `HomeVisitFacts.location_type` reads it (the stored enum value)
_FIRST_IN_RESIDENCE = text(f"""
SELECT (SELECT seen.record_id FROM record_child AS seen JOIN record AS visit ON visit.id = seen.record_id
         WHERE seen.child_id = wanted.value ->> 0 AND seen.seen AND seen.occurred_on >= wanted.value ->> 1
           AND seen.occurred_on < :since AND visit.body ->> '$.location_type' = '{LocationType.CHILD_RESIDENCE.value}'
         ORDER BY seen.occurred_on LIMIT 1)
FROM json_each(:wanted) AS wanted
""")  # noqa: S608 - an enum constant; every value is bound
