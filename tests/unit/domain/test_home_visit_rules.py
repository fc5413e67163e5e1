import dataclasses

import pytest

from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    FollowUpTask,
    HomeVisit,
    LocationType,
    Participant,
)
from fieldcase.domain.validation import InvalidRecord, check, problems

from .builders import START, complete_home_visit


def fields(found):
    return [p.field for p in found]


def with_child(**changes):
    visit = complete_home_visit()
    return dataclasses.replace(visit, children=(dataclasses.replace(visit.children[0], **changes),))


def test_the_complete_visit_has_no_problems():
    assert problems(complete_home_visit(), for_submit=True) == []


def test_an_empty_draft_is_accepted_but_cannot_be_submitted():
    draft = HomeVisit(id="v1", case_id="c1")
    assert problems(draft, for_submit=False) == []
    assert {
        "conducted_by",
        "contact_start",
        "contact_end",
        "method",
        "purpose",
        "outcome",
        "children",
    } <= set(fields(problems(draft, for_submit=True)))


def test_contact_ending_before_it_starts_is_refused_even_in_a_draft():
    visit = HomeVisit(
        id="v1", case_id="c1", contact_start=START, contact_end=START.replace(hour=14)
    )
    assert fields(problems(visit, for_submit=False)) == ["contact_end"]


@pytest.mark.parametrize(
    "location", [t for t in LocationType if t is not LocationType.CHILD_RESIDENCE]
)
def test_a_visit_outside_the_residence_needs_reason_and_benefit(location):
    visit = complete_home_visit(location_type=location)
    found = problems(visit, for_submit=True)
    assert [p.message for p in found] == [
        "Say why the visit was not in the child's home and how meeting elsewhere helped the child."
    ]
    only_reason = dataclasses.replace(
        visit, reason_not_in_residence="Child asked to meet at school."
    )
    assert fields(problems(only_reason, for_submit=True)) == ["benefit_not_in_residence"]
    both = dataclasses.replace(only_reason, benefit_not_in_residence="She spoke more freely there.")
    assert problems(both, for_submit=True) == []


def test_whitespace_is_not_a_reason():
    visit = complete_home_visit(
        location_type=LocationType.SCHOOL,
        reason_not_in_residence="  ",
        benefit_not_in_residence="x",
    )
    assert fields(problems(visit, for_submit=True)) == ["reason_not_in_residence"]


def test_a_face_to_face_visit_needs_a_location():
    assert fields(problems(complete_home_visit(location_type=None), for_submit=True)) == [
        "location_type"
    ]
    assert (
        problems(
            complete_home_visit(location_type=None, method=ContactMethod.PHONE), for_submit=True
        )
        == []
    )


def test_a_child_not_seen_needs_a_reason():
    assert fields(problems(with_child(seen=False, seen_privately=None), for_submit=True)) == [
        "children[0].reason_not_seen"
    ]
    assert (
        problems(
            with_child(seen=False, seen_privately=None, reason_not_seen="At camp."), for_submit=True
        )
        == []
    )


def test_a_child_seen_but_not_privately_needs_a_reason():
    found = problems(with_child(seen_privately=False), for_submit=True)
    assert fields(found) == ["children[0].reason_not_private"]
    assert found[0].message.startswith("For child 1:")
    assert (
        problems(
            with_child(seen_privately=False, reason_not_private="Non-verbal infant."),
            for_submit=True,
        )
        == []
    )


def test_not_seen_yet_seen_privately_is_impossible_even_in_a_draft():
    assert fields(problems(with_child(seen=False, seen_privately=True), for_submit=False)) == [
        "children[0].seen_privately"
    ]


def test_present_danger_must_be_answered_and_described():
    assert fields(problems(with_child(present_danger=None), for_submit=True)) == [
        "children[0].present_danger"
    ]
    assert fields(problems(with_child(present_danger=True), for_submit=True)) == [
        "children[0].safety_narrative"
    ]
    assert (
        problems(
            with_child(present_danger=True, safety_narrative="…", safety_plan_triggered=True),
            for_submit=True,
        )
        == []
    )


def test_the_same_child_twice_is_refused():
    visit = complete_home_visit()
    twice = dataclasses.replace(visit, children=visit.children * 2)
    assert fields(problems(twice, for_submit=False)) == ["children[1].child_id"]


def test_participant_needs_a_person_or_a_name_and_tasks_need_an_action():
    visit = complete_home_visit(
        participants=(Participant(role="therapist"), Participant(name="A. Neighbour")),
        follow_up_tasks=(FollowUpTask(action=""),),
    )
    assert fields(problems(visit, for_submit=True)) == [
        "participants[0]",
        "follow_up_tasks[0].action",
    ]


def test_a_damaged_attachment_reference_is_refused():
    visit = complete_home_visit(
        attachments=(AttachmentRef(sha256="not-a-hash", name="photo.jpg", mime="image/jpeg"),)
    )
    assert fields(problems(visit, for_submit=False)) == ["attachments[0].sha256"]
    good = complete_home_visit(
        attachments=(AttachmentRef(sha256="a" * 64, name="photo.jpg", mime="image/jpeg"),)
    )
    assert problems(good, for_submit=False) == []


def test_check_raises_invalid_record_carrying_every_problem_and_no_personal_data():
    secret = "Jane Doe said her stepfather hits her"
    visit = complete_home_visit(
        location_type=LocationType.OTHER, observations=secret, address="12 Elm St"
    )
    visit = dataclasses.replace(
        visit,
        children=(
            ChildSeen(child_id="child-a", seen=True, seen_privately=False, child_statements=secret),
        ),
    )
    with pytest.raises(InvalidRecord) as caught:
        check(visit, for_submit=True)
    err = caught.value
    assert err.code == "invalid_record"
    assert len(err.problems) == 3
    assert "2 more to fix" in err.message
    for text in [err.message, *(p.message for p in err.problems)]:
        assert "Jane" not in text and "Elm" not in text
    check(complete_home_visit(), for_submit=True)
