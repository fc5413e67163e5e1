import dataclasses
from datetime import UTC, date, datetime

import pytest

from fieldcase.domain import kinds
from fieldcase.domain.cases import Case
from fieldcase.domain.home_visits import ChildSeen
from fieldcase.domain.metadata import (
    NARRATIVE_FIELDS,
    RESTRICTED_FIELDS,
    SERVER_OWNED_FIELDS,
    children_of,
    field_record_kinds,
    occurred_on,
    restricted_fields,
    search_text,
)
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.domain.serialization import KINDS
from fieldcase.domain.transport_trips import Passenger, PassengerKind
from fieldcase.domain.visitation_plans import VisitationPlan

from .builders import complete_home_visit, complete_trip, complete_visitation_entry


def field_names(kind):
    return {f.name for f in dataclasses.fields(KINDS[kind])}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_classified_field_exists(kind):
    assert NARRATIVE_FIELDS[kind] <= field_names(kind)
    assert RESTRICTED_FIELDS[kind] <= field_names(kind)
    assert not NARRATIVE_FIELDS[kind] & SERVER_OWNED_FIELDS


def test_field_record_kinds_carry_the_workflow_envelope():
    assert field_record_kinds == (
        "home_visit",
        "visitation_entry",
        "transport_trip",
        "case_plan",
        "court_report",
        "collateral_contact",
        "referral",
        "assessment",
        "transition_plan",
        "team_meeting",
    )
    # a proposed goal change goes through the same workflow (and export), though it is no contact
    assert (*field_record_kinds, "goal_change") == kinds.WORKFLOW_KINDS
    for kind in kinds.WORKFLOW_KINDS:
        assert {
            "id",
            "case_id",
            "status",
            "rev",
            "created_by",
            "approved_by",
            "approved_at",
            "returned_reason",
            "addenda",
        } <= field_names(kind)


def test_restricted_fields_include_the_sensitive_ones():
    assert "address" in RESTRICTED_FIELDS["placement"]
    assert {"reporter_name", "reporter_contact"} <= RESTRICTED_FIELDS["case"]
    foster = Person(id="p", case_id="c", role=PersonRole.RESOURCE_PARENT)
    parent = Person(id="p", case_id="c", role=PersonRole.PARENT)
    assert "address" in restricted_fields(foster)
    assert "address" not in restricted_fields(parent)
    assert "is_reporter" in restricted_fields(parent)


def test_search_text_joins_names_and_narratives_but_not_restricted_fields():
    visit = complete_home_visit(observations="Kitchen clean", address="12 Elm St")
    visit = dataclasses.replace(
        visit, children=(ChildSeen(child_id="k", child_statements="I like my school"),)
    )
    text = search_text(visit)
    assert "Kitchen clean" in text and "I like my school" in text and "Elm" not in text
    assert (
        search_text(Person(id="p", case_id="c", given_name="Ana", family_name="Ruiz", address="x"))
        == "Ana\nRuiz"
    )
    assert "Smith" not in search_text(Case(id="c", case_number="24-001", reporter_name="Smith"))


def test_occurred_on():
    assert occurred_on(complete_home_visit()) == date(2025, 3, 4)
    assert occurred_on(complete_visitation_entry()) == date(2025, 3, 4)
    assert occurred_on(complete_trip()) == date(2025, 3, 4)
    assert occurred_on(Person(id="p", case_id="c")) is None
    late = complete_home_visit(contact_start=datetime(2025, 3, 5, 3, 0, tzinfo=UTC))
    assert occurred_on(late) == date(2025, 3, 5)


def test_children_of():
    assert children_of(complete_home_visit()) == ("child-a",)
    assert children_of(complete_visitation_entry()) == ("child-a",)
    trip = complete_trip(
        passengers=(
            Passenger(person_id="k1"),
            Passenger(person_id="aunt", kind=PassengerKind.AUTHORISED_ADULT),
            Passenger(person_id="k2"),
        )
    )
    assert children_of(trip) == ("k1", "k2")
    assert children_of(Placement(id="p", case_id="c", child_id="k")) == ("k",)
    assert children_of(Person(id="k", case_id="c", role=PersonRole.CHILD)) == ("k",)
    assert children_of(Person(id="m", case_id="c", role=PersonRole.PARENT)) == ()
    assert children_of(VisitationPlan(id="v", case_id="c")) == ()
