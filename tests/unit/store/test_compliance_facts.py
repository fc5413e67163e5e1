"""`Store.compliance_facts()` reads, from each stored body, the same values the whole record has in
the fields the compliance rules use — for any record, every field filled — and refuses a damaged
value in those fields without showing it."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.domain import kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.domain.compliance.facts import (
    AttendeeFacts,
    ChildSeenFacts,
    HomeVisitFacts,
    TeamMeetingFacts,
)
from fieldcase.domain.serialization import KINDS, MalformedRecord, from_dict, kind_of, to_dict
from fieldcase.store import compliance_facts
from unit.domain.strategies import every_field

KINDS_READ = sorted(compliance_facts.SPECS)


def _expected(record: object) -> object:
    cls = compliance_facts.SPECS[kind_of(record)][0]
    values = [getattr(record, name) for name in cls._fields]
    if cls is HomeVisitFacts:
        values[cls._fields.index("children")] = tuple(
            ChildSeenFacts(c.child_id, c.seen, c.seen_privately) for c in record.children
        )
    if cls is TeamMeetingFacts:
        values[cls._fields.index("attendees")] = tuple(
            AttendeeFacts(a.present) for a in record.attendees
        )
    return cls._make(values)


def _read(kind: str, body: str, *, in_review: bool = False) -> dict:
    return compliance_facts._parse(compliance_facts._validator(kind, in_review), kind, body)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(KINDS_READ).flatmap(lambda kind: every_field(KINDS[kind])))
def test_facts_are_the_records_values(record):
    kind = kind_of(record)
    body = json.dumps(to_dict(record), sort_keys=True)

    assert compliance_facts._facts(kind, _read(kind, body)) == _expected(record)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(kinds.WORKFLOW_KINDS).flatmap(lambda kind: every_field(KINDS[kind])))
def test_entries_in_review_name_the_records_children(record):
    kind = kind_of(record)
    data = _read(kind, json.dumps(to_dict(record)), in_review=True)

    assert kinds.children_in(kind, data) == record_facts.children_of(record)
    assert data.get("created_by") == record.created_by


@pytest.mark.parametrize(
    "field,value",
    [
        ("contact_start", "the 3rd of May"),
        ("contact_start", "2026-05-03T10:00:00"),
        ("status", "lost"),
        ("children", None),
        ("children", [{"seen": True}]),
        ("method", 3),
        ("case_id", None),
    ],
)
def test_a_damaged_value_the_rules_read_is_refused_without_showing_it(field, value):
    body = {"id": "hv-1", "case_id": "case-1", field: value}

    with pytest.raises(MalformedRecord) as refused:
        compliance_facts._facts("home_visit", _read("home_visit", json.dumps(body)))

    assert str(refused.value).startswith(f"home_visit.{field}") and str(value) not in str(
        refused.value
    )


def test_every_kind_waiting_for_review_is_counted_in_review(store):
    # The review counts once read a hand list of kinds, so submitted case plans, referrals,
    # assessments and transition plans sat in the approval queue but not in "in review".
    waiting = set()
    for kind in kinds.kinds_of(kinds.Family.FIELD_RECORD, kinds.Family.APPROVAL):
        record = from_dict(kind, {"id": f"{kind}-1", "case_id": "case-1", "created_by": "worker-1"})
        store.save(record)
        store.command(record.id, "submit")
        waiting.add(record.id)

    in_review = store.compliance_facts().in_review

    assert {entry.id for entry in in_review} == waiting
    assert {entry.author for entry in in_review} == {"worker-1"}
    assert {entry.status for entry in in_review} == {"submitted"}
