"""Issue 22 item 9: a record dated after today is not submitted (a cancellation of a family visit
excepted), and a home visit says what it found."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

from fieldcase.domain.home_visits import VisitOutcome
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_entries import VisitationOutcome
from helpers.services import seen_visit

TODAY = date(2026, 12, 7)


def _visit(**changes):
    visit = seen_visit("c1", ("k1",), on=datetime(2026, 12, 3, 15, tzinfo=UTC), residence=True)
    return dataclasses.replace(visit, **changes)


def _fields(record, **kw):
    return {p.field for p in problems(record, for_submit=True, on=TODAY, **kw)}


def test_a_visit_dated_in_the_future_is_not_submitted():
    future = _visit(
        contact_start=datetime(2026, 12, 20, 15, tzinfo=UTC),
        contact_end=datetime(2026, 12, 20, 16, tzinfo=UTC),
    )
    assert "contact_start" in _fields(future)
    assert "contact_start" not in _fields(_visit())
    # a draft dated ahead is kept: it is only not submitted
    assert "contact_start" not in {p.field for p in problems(future, for_submit=False, on=TODAY)}


def test_a_completed_visit_says_what_it_found():
    assert _fields(_visit()) == set(), _fields(_visit())
    empty = _visit(
        observations=None,
        home_conditions=None,
        children=tuple(dataclasses.replace(c, well_being_notes=None) for c in _visit().children),
    )
    assert "observations" in _fields(empty)
    only_home = dataclasses.replace(empty, home_conditions="Clean and warm.")
    assert "observations" not in _fields(only_home)


def test_a_visit_that_did_not_happen_says_what_happened():
    attempted = _visit(outcome=VisitOutcome.ATTEMPTED, observations=None)
    assert "observations" in _fields(attempted)


def test_a_family_visit_cancelled_ahead_of_its_day_may_be_submitted():
    from .builders import complete_visitation_entry

    entry = complete_visitation_entry(
        scheduled_start=datetime(2026, 12, 20, 15, tzinfo=UTC),
        scheduled_end=datetime(2026, 12, 20, 17, tzinfo=UTC),
    )
    assert "scheduled_start" in _fields(entry)
    cancelled = dataclasses.replace(entry, outcome=VisitationOutcome.CANCELLED_BY_FAMILY)
    assert "scheduled_start" not in _fields(cancelled)
