from datetime import UTC, datetime

import pytest

from fieldcase.domain.commands import apply_command
from fieldcase.domain.workflow import (
    Command,
    Status,
    WorkflowError,
    check_editable,
    is_read_only,
    transition,
)
from fieldcase.errors import UserError

from .builders import complete_home_visit

ALLOWED = [
    (Status.DRAFT, Command.SUBMIT, Status.SUBMITTED),
    # filed: final at once, for a kind the agency's rule pack does not send for approval (approval.py)
    (Status.DRAFT, Command.FILE, Status.APPROVED),
    (Status.SUBMITTED, Command.APPROVE, Status.APPROVED),
    (Status.SUBMITTED, Command.RETURN, Status.RETURNED),
    (Status.RETURNED, Command.REOPEN, Status.DRAFT),
    (Status.DRAFT, Command.VOID, Status.VOIDED),
    (Status.SUBMITTED, Command.VOID, Status.VOIDED),
    (Status.RETURNED, Command.VOID, Status.VOIDED),
    (Status.APPROVED, Command.ADD_ADDENDUM, Status.APPROVED),
    # a question or an answer leaves the status as it is, in every state but voided
    (Status.DRAFT, Command.COMMENT, Status.DRAFT),
    (Status.SUBMITTED, Command.COMMENT, Status.SUBMITTED),
    (Status.RETURNED, Command.COMMENT, Status.RETURNED),
    (Status.APPROVED, Command.COMMENT, Status.APPROVED),
    (Status.APPROVED, Command.ACKNOWLEDGE_ADDENDUM, Status.APPROVED),
]


@pytest.mark.parametrize("start,command,end", ALLOWED)
def test_allowed_transitions(start, command, end):
    assert transition(start, command, reason="because") is end


@pytest.mark.parametrize(
    "start,command",
    [(s, c) for s in Status for c in Command if (s, c) not in {(a, b) for a, b, _ in ALLOWED}],
)
def test_every_other_transition_is_refused_with_a_user_error(start, command):
    with pytest.raises(WorkflowError) as caught:
        transition(start, command, reason="because")
    assert isinstance(caught.value, UserError)
    assert caught.value.message


def test_commands_may_be_given_by_their_wire_name():
    assert transition(Status.DRAFT, "submit") is Status.SUBMITTED


def test_editing_an_approved_visit_explains_the_addendum():
    approved_at = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
    with pytest.raises(WorkflowError) as caught:
        check_editable(Status.APPROVED, noun="visit", approved_at=approved_at)
    assert (
        caught.value.message
        == "This visit was approved on March 5, 2025 and can no longer be changed; add an addendum instead."
    )
    assert caught.value.code == "workflow.read_only"


def test_approving_twice_says_the_record_is_approved():
    with pytest.raises(WorkflowError, match="approved and can no longer be changed"):
        transition(Status.APPROVED, Command.APPROVE, noun="visit")


@pytest.mark.parametrize(
    "command,status",
    [
        (Command.RETURN, Status.SUBMITTED),
        (Command.VOID, Status.DRAFT),
        (Command.ADD_ADDENDUM, Status.APPROVED),
    ],
)
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_return_void_and_addendum_need_words(command, status, reason):
    with pytest.raises(WorkflowError):
        transition(status, command, reason=reason)


def test_read_only_states():
    assert [s for s in Status if is_read_only(s)] == [Status.APPROVED, Status.VOIDED]
    check_editable(Status.DRAFT)
    check_editable(Status.RETURNED)


def test_a_visit_goes_through_return_and_approval_and_keeps_its_trail():
    at = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
    visit = complete_home_visit()
    visit = apply_command(visit, "submit", actor="worker", at=at)
    visit = apply_command(visit, "return", actor="supervisor", at=at, text="Add the school topics.")
    assert visit.status is Status.RETURNED and visit.returned_reason == "Add the school topics."
    visit = apply_command(visit, "reopen", actor="worker", at=at)
    visit = apply_command(visit, "submit", actor="worker", at=at)
    visit = apply_command(visit, "approve", actor="supervisor", at=at)
    assert (visit.status, visit.approved_by, visit.approved_at, visit.returned_reason) == (
        Status.APPROVED,
        "supervisor",
        at,
        None,
    )
    visit = apply_command(
        visit, "add_addendum", actor="worker", at=at, text="Corrected the end time: 16:10."
    )
    assert visit.status is Status.APPROVED
    assert [(a.author, a.text) for a in visit.addenda] == [
        ("worker", "Corrected the end time: 16:10.")
    ]


def test_voiding_keeps_the_reason_and_approved_work_cannot_be_voided():
    at = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)
    voided = apply_command(
        complete_home_visit(), "void", actor="worker", at=at, text="Entered on the wrong case."
    )
    assert (voided.status, voided.voided_reason) == (Status.VOIDED, "Entered on the wrong case.")
    approved = complete_home_visit(status=Status.APPROVED, approved_at=at)
    with pytest.raises(WorkflowError, match="This visit was approved on March 5, 2025"):
        apply_command(approved, "void", actor="worker", at=at, text="oops")
