"""Collateral contacts: what a complete one needs, the restricted party details, the court report's
list for a period, and the documentation-timeliness rule applied to them (worked examples)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

from fieldcase.domain.cases import Case
from fieldcase.domain.collateral_contacts import (
    CollateralContact,
    CollateralMethod,
    CollateralRole,
    contacts_in_period,
)
from fieldcase.domain.compliance import documentation_timeliness, late_documentation
from fieldcase.domain.compliance.caseload import caseload_compliance
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.metadata import children_of, occurred_on, restricted_fields, search_text
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Status

CT = timezone(timedelta(hours=-6))


def contact(**changes) -> CollateralContact:
    base = CollateralContact(
        id="cc1",
        case_id="c1",
        recorded_by="u1",
        contact_start=datetime(2025, 3, 4, 10, 0, tzinfo=CT),
        contact_end=datetime(2025, 3, 4, 10, 20, tzinfo=CT),
        recorded_at=datetime(2025, 3, 4, 16, 0, tzinfo=CT),
        party_name="Ms Okafor",
        party_organisation="Lincoln Elementary",
        party_role=CollateralRole.SCHOOL,
        party_contact="555-0142",
        method=CollateralMethod.PHONE,
        child_ids=("k1",),
        purpose="Attendance",
        summary="Two absences since the move; a reading plan is in place.",
        follow_up_tasks=(
            FollowUpTask(
                action="Send the school the placement letter", owner="u1", due=date(2025, 3, 7)
            ),
        ),
    )
    return dataclasses.replace(base, **changes)


def fields(found) -> set[str]:
    return {p.field for p in found}


def test_a_complete_contact_may_be_submitted_and_round_trips():
    c = contact()
    assert problems(c, for_submit=True, on=date(2025, 3, 4)) == []
    assert from_dict("collateral_contact", to_dict(c)) == c
    assert children_of(c) == ("k1",) and occurred_on(c) == date(2025, 3, 4)


def test_a_draft_may_be_empty_but_a_submitted_contact_says_who_how_about_whom_and_what():
    empty = CollateralContact(id="x", case_id="c1")
    assert problems(empty, for_submit=False) == []
    assert fields(problems(empty, for_submit=True)) == {
        "contact_start",
        "party_name",
        "party_role",
        "method",
        "child_ids",
        "summary",
    }
    # an organisation alone is enough to say who (the court's clerk's office)
    assert "party_name" not in fields(problems(contact(party_name=None), for_submit=True))


def test_times_children_and_tasks_are_checked():
    assert "contact_end" in fields(
        problems(contact(contact_end=datetime(2025, 3, 4, 9, 0, tzinfo=CT)), for_submit=False)
    )
    assert "child_ids" in fields(problems(contact(child_ids=("k1", "k1")), for_submit=False))
    assert "follow_up_tasks[0].action" in fields(
        problems(contact(follow_up_tasks=(FollowUpTask(action=" "),)), for_submit=True)
    )
    # dated tomorrow: a typo until the day comes
    assert "contact_start" in fields(problems(contact(), for_submit=True, on=date(2025, 3, 3)))


def test_the_partys_contact_details_are_restricted_and_never_searched():
    c = contact()
    assert restricted_fields(c) == {"party_contact"}
    text = search_text(c)
    assert "Lincoln Elementary" in text and "reading plan" in text and "placement letter" in text
    assert "555-0142" not in text


def test_the_court_reports_list_is_the_approved_contacts_of_the_case_in_the_period_oldest_first():
    a = contact(id="a", status=Status.APPROVED, contact_start=datetime(2025, 3, 10, 9, tzinfo=CT))
    b = contact(id="b", status=Status.APPROVED, contact_start=datetime(2025, 2, 1, 9, tzinfo=CT))
    draft = contact(id="d", contact_start=datetime(2025, 2, 15, 9, tzinfo=CT))
    other_case = contact(id="o", case_id="c2", status=Status.APPROVED)
    before = contact(
        id="e", status=Status.APPROVED, contact_start=datetime(2025, 1, 31, 23, tzinfo=CT)
    )
    found = contacts_in_period(
        [a, b, draft, other_case, before],
        case_id="c1",
        start=date(2025, 2, 1),
        end=date(2025, 3, 10),
    )
    assert [c.id for c in found] == ["b", "a"]
    drafts_too = contacts_in_period(
        [a, b, draft],
        case_id="c1",
        start=date(2025, 2, 1),
        end=date(2025, 3, 31),
        approved_only=False,
    )
    assert [c.id for c in drafts_too] == ["b", "d", "a"]
    voided = contact(id="v", status=Status.VOIDED)
    assert (
        contacts_in_period(
            [voided],
            case_id="c1",
            start=date(2025, 1, 1),
            end=date(2025, 12, 31),
            approved_only=False,
        )
        == ()
    )


def test_documentation_timeliness_counts_from_the_contacts_end():
    # ended 10:20 on the 4th; 48 hours allowed: due 10:20 on the 6th
    on_time = documentation_timeliness(contact(), as_of=date(2025, 3, 20))
    assert on_time.on_time and on_time.hours_taken == 5 + 40 / 60
    late = contact(recorded_at=datetime(2025, 3, 6, 11, 0, tzinfo=CT))
    assert not documentation_timeliness(late, as_of=date(2025, 3, 20)).on_time
    unwritten = contact(recorded_at=None)
    assert not documentation_timeliness(
        unwritten, as_of=date(2025, 3, 6)
    ).overdue  # still the deadline day
    assert documentation_timeliness(unwritten, as_of=date(2025, 3, 7)).overdue
    assert [
        t.record_id for t in late_documentation([contact(), late], as_of=date(2025, 3, 20))
    ] == ["cc1"]


def test_a_late_collateral_note_shows_in_the_caseloads_late_documentation():
    case = Case(id="c1", case_number="2025-1", opened_on=date(2025, 1, 1))
    late = contact(recorded_at=None)
    result = caseload_compliance(
        cases=[case],
        as_of=date(2025, 3, 10),
        collateral_contacts=[late, contact(id="o", case_id="other", recorded_at=None)],
    )
    assert [t.record_id for t in result.late_documentation] == ["cc1"]
