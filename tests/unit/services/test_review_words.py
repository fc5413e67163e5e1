"""services/review_words: every kind of entry reads in sections with a block per listed item, and the
history is in the order it happened (a return before a resubmission just before that submission)."""

from __future__ import annotations

from datetime import date

from fieldcase.domain.serialization import to_dict
from fieldcase.domain.transport_trips import Passenger, PassengerKind, TransportTrip
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.domain.workflow import Status
from fieldcase.services import review_words


def test_a_trip_and_a_family_visit_read_in_sections_with_a_block_per_item():
    trip = TransportTrip(
        id="t1",
        case_id="c1",
        trip_date=date(2026, 5, 3),
        passengers=(
            Passenger(kind=PassengerKind.CHILD, person_id="p1"),
            Passenger(kind=PassengerKind.CHILD, person_id="p2"),
        ),
    )
    found = review_words.sections(
        "transport_trip", trip, to_dict(trip), {"p1": "Ana Pérez", "p2": "Bea Pérez"}
    )
    passengers = next(s for s in found if s.title == "Passengers")
    assert [(b.heading, b.name) for b in passengers.blocks] == [
        ("Passenger", "Ana Pérez"),
        ("Passenger", "Bea Pérez"),
    ]
    assert all("p1" not in line.text for s in found for line in s.lines)
    entry = VisitationEntry(id="v1", case_id="c1", child_ids=("p1",))
    assert review_words.sections(
        "visitation_entry", entry, to_dict(entry), {"p1": "Ana Pérez"}
    )  # no error, something to read


def test_history_oldest_first_and_a_return_before_the_resubmission():
    change = {
        "rev": 4,
        "meta": {
            "created_by": "w1",
            "created_at": "2026-05-01T10:00:00+00:00",
            "updated_by": "w1",
            "updated_at": "2026-05-03T10:00:00+00:00",
            "submitted_by": "w1",
            "submitted_at": "2026-05-03T10:00:00+00:00",
            "return_reason": "Add who was present.",
        },
    }
    events = review_words.history(change, {}, Status.SUBMITTED, [])
    assert [e.what for e in events] == [
        "Written",
        "Returned before it was submitted again",
        "Submitted for approval",
    ]
    assert events[1].quoted == "Add who was present."
    # returned now (the server has it): dated by its last change, never "earlier"
    returned = review_words.history(
        {**change, "meta": {**change["meta"], "submitted_at": "2026-05-02T10:00:00+00:00"}},
        {},
        Status.RETURNED,
        [],
    )
    assert [e.what for e in returned] == [
        "Written",
        "Submitted for approval",
        "Returned to the caseworker",
    ]


def test_a_filed_entry_reads_as_filed_with_no_review_never_as_approved():
    # the agency's pack has its author file it (domain/approval.py): one person, one instant
    filed = {
        "rev": 2,
        "meta": {
            "created_by": "w1",
            "created_at": "2026-05-01T10:00:00+00:00",
            "submitted_by": "w1",
            "submitted_at": "2026-05-03T10:00:00+00:00",
            "approved_by": "w1",
            "approved_at": "2026-05-03T10:00:00+00:00",
            "approved_rev": 1,
        },
    }
    events = review_words.history(filed, {}, Status.APPROVED, [])
    assert [(e.what, e.who, e.rev) for e in events] == [
        ("Written", "w1", None),
        ("Filed as final, with no supervisor review (revision {rev})", "w1", 1),
    ]
    reviewed = {
        **filed,
        "meta": {**filed["meta"], "approved_by": "sup", "approved_at": "2026-05-04T09:00:00+00:00"},
    }
    assert [e.what for e in review_words.history(reviewed, {}, Status.APPROVED, [])] == [
        "Written",
        "Submitted for approval",
        "Approved (revision {rev})",
    ]


def test_an_id_the_laptop_cannot_name_is_never_shown():
    entry = VisitationEntry(
        id="v1", case_id="c1", plan_id="3e4b4035-fb63-53b4-a50e-9879e222fed2", child_ids=("p1",)
    )
    found = review_words.sections("visitation_entry", entry, to_dict(entry), {"p1": "Ana Pérez"})
    assert "3e4b4035" not in repr(found)
    named = review_words.sections(
        "visitation_entry",
        entry,
        to_dict(entry),
        {"p1": "Ana Pérez", "3e4b4035-fb63-53b4-a50e-9879e222fed2": "2025-02-01 –"},
    )
    assert any(line.text == "2025-02-01 –" for s in named for line in s.lines)
