import dataclasses
from datetime import timedelta

import pytest

from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_entries import (
    Attendance,
    NonOccurrenceReason,
    VisitationEntry,
    VisitationOutcome,
)
from fieldcase.domain.visitation_plans import SupervisionLevel, VisitationPlan

from .builders import START, complete_visitation_entry


def fields(found):
    return [p.field for p in found]


NOT_OCCURRED = [o for o in VisitationOutcome if o is not VisitationOutcome.OCCURRED]


def test_an_occurred_visit_with_observations_is_complete():
    assert problems(complete_visitation_entry(), for_submit=True) == []


@pytest.mark.parametrize("outcome", NOT_OCCURRED)
def test_a_visit_that_did_not_happen_needs_a_documented_reason(outcome):
    entry = complete_visitation_entry(
        outcome=outcome, cancelled_by="foster mother", cancelled_at=START - timedelta(hours=5)
    )
    assert "reason" in fields(problems(entry, for_submit=True))
    fixed = dataclasses.replace(entry, reason=NonOccurrenceReason.CHILD_ILL)
    assert "reason" not in fields(problems(fixed, for_submit=True))


def test_other_reason_needs_words():
    entry = complete_visitation_entry(
        outcome=VisitationOutcome.CHILD_UNABLE, reason=NonOccurrenceReason.OTHER
    )
    assert fields(problems(entry, for_submit=True)) == ["reason_detail"]


@pytest.mark.parametrize("for_submit", [False, True])
def test_missouri_never_cancels_for_the_workers_schedule(for_submit):
    entry = complete_visitation_entry(
        outcome=VisitationOutcome.CANCELLED_BY_AGENCY,
        reason=NonOccurrenceReason.WORKER_SCHEDULE,
        cancelled_by="worker",
        cancelled_at=START - timedelta(days=1),
    )
    found = problems(entry, for_submit=for_submit)
    assert fields(found) == ["reason"]
    assert "never cancelled because of the worker's schedule" in found[0].message


def test_a_rule_pack_without_that_policy_accepts_the_reason():
    lenient = dataclasses.replace(MISSOURI, forbidden_cancellation_reasons=frozenset())
    entry = VisitationEntry(id="e", case_id="c", reason=NonOccurrenceReason.WORKER_SCHEDULE)
    assert problems(entry, for_submit=False, rules=lenient) == []


def test_a_cancellation_says_who_and_when_and_the_notice_is_computed():
    entry = complete_visitation_entry(
        outcome=VisitationOutcome.CANCELLED_BY_FAMILY, reason=NonOccurrenceReason.PARENT_ILL
    )
    assert fields(problems(entry, for_submit=True)) == ["cancelled_by", "cancelled_at"]
    entry = dataclasses.replace(
        entry, cancelled_by="mother", cancelled_at=START - timedelta(hours=26)
    )
    assert problems(entry, for_submit=True) == []
    assert entry.notice_hours == 26


def test_an_occurred_visit_needs_supervision_attendance_observations_and_recommendation():
    entry = complete_visitation_entry(
        supervised_by=None, attendance=(), activities=None, recommendation=None
    )
    assert fields(problems(entry, for_submit=True)) == [
        "supervised_by",
        "attendance",
        "activities",
        "recommendation",
    ]
    assert "supervised_by" not in fields(
        problems(
            dataclasses.replace(entry, supervision_level=SupervisionLevel.UNSUPERVISED),
            for_submit=True,
        )
    )


def test_impossible_times_are_refused_in_drafts():
    entry = VisitationEntry(
        id="e",
        case_id="c",
        scheduled_start=START,
        scheduled_end=START - timedelta(minutes=1),
        attendance=(
            Attendance(person_id="m", arrived_at=START, departed_at=START - timedelta(minutes=5)),
            Attendance(person_id="m"),
        ),
    )
    assert fields(problems(entry, for_submit=False)) == [
        "scheduled_end",
        "attendance[0].departed_at",
        "attendance[1].person_id",
    ]


def test_an_empty_draft_is_accepted():
    assert problems(VisitationEntry(id="e", case_id="c"), for_submit=False) == []
    assert fields(problems(VisitationEntry(id="e", case_id="c"), for_submit=True)) == [
        "plan_id",
        "scheduled_start",
        "scheduled_end",
        "outcome",
    ]


PLAN = VisitationPlan(
    id="p1",
    case_id="c1",
    participants=("mother",),
    excluded_persons=("father",),
    supervision_level=SupervisionLevel.SUPERVISED,
)


def test_someone_under_a_no_contact_order_cannot_be_expected():
    entry = complete_visitation_entry(attendance=(Attendance(person_id="father", expected=True),))
    assert fields(problems(entry, for_submit=False, plan=PLAN)) == ["attendance[0].expected"]


def test_an_excluded_person_who_turned_up_is_recorded_with_a_safety_concern():
    came = Attendance(person_id="father", expected=False, arrived_at=START)
    entry = complete_visitation_entry(attendance=complete_visitation_entry().attendance + (came,))
    assert problems(entry, for_submit=False, plan=PLAN) == []
    found = problems(entry, for_submit=True, plan=PLAN)
    assert fields(found) == ["safety_concerns"]
    assert "no-contact order" in found[0].message
    assert (
        problems(
            dataclasses.replace(entry, safety_concerns="Ended the visit; called police."),
            for_submit=True,
            plan=PLAN,
        )
        == []
    )


def test_less_supervision_than_the_plan_needs_a_safety_concern():
    entry = complete_visitation_entry(supervision_level=SupervisionLevel.MONITORED)
    assert fields(problems(entry, for_submit=True, plan=PLAN)) == ["safety_concerns"]
    assert (
        problems(
            complete_visitation_entry(supervision_level=SupervisionLevel.THERAPEUTIC),
            for_submit=True,
            plan=PLAN,
        )
        == []
    )
