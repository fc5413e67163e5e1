"""Which records a supervisor approves is the agency's choice, in its rule pack (domain/approval.py):
worked examples of the rule, of filing (final at once, honest about who made it final) and of the
pack refusing what cannot be right."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from fieldcase.domain import approval, kinds
from fieldcase.domain.commands import apply_command
from fieldcase.domain.rule_pack import DEFAULT_RULES, MISSOURI, RulePackError
from fieldcase.domain.workflow import Command, Status, WorkflowError, is_read_only, transition

from .builders import complete_home_visit

AT = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
#: an agency whose supervisors review contacts, visits and plans, but not trips or referrals
TRIPS_FILED = dataclasses.replace(
    MISSOURI,
    name="Trips filed",
    approval_required=MISSOURI.approval_required - {"transport_trip", "referral"},
)


def test_by_default_every_kind_with_a_workflow_is_approved_by_a_supervisor():
    # nothing changes for an agency whose pack says nothing
    workflow_kinds = set(kinds.WORKFLOW_KINDS)
    assert DEFAULT_RULES.approval_required == workflow_kinds
    assert all(approval.needs_approval(kind) for kind in workflow_kinds)
    assert {approval.finishing_command(kind) for kind in workflow_kinds} == {Command.SUBMIT}


def test_a_kind_the_pack_leaves_out_is_filed_and_the_others_still_submitted():
    assert approval.finishing_command("transport_trip", TRIPS_FILED) is Command.FILE
    assert approval.finishing_command("referral", TRIPS_FILED) is Command.FILE
    assert approval.finishing_command("home_visit", TRIPS_FILED) is Command.SUBMIT
    assert approval.finishing_command("goal_change", TRIPS_FILED) is Command.SUBMIT


def test_filing_makes_a_draft_final_with_its_author_as_approver():
    visit = complete_home_visit(created_by="worker-1")
    filed = apply_command(visit, Command.FILE, actor="worker-1", at=AT)
    assert filed.status is Status.APPROVED and is_read_only(filed.status)
    assert (filed.approved_by, filed.approved_at) == ("worker-1", AT)
    # final like an approved record: corrected by an addendum only, never filed or submitted again
    corrected = apply_command(
        filed, Command.ADD_ADDENDUM, actor="worker-1", at=AT, text="The trip ended at 4 pm."
    )
    assert corrected.status is Status.APPROVED and len(corrected.addenda) == 1
    for again in (Command.FILE, Command.SUBMIT, Command.APPROVE):
        with pytest.raises(WorkflowError, match="approved"):
            transition(filed.status, again, noun="visit")


def test_only_a_draft_is_filed():
    with pytest.raises(WorkflowError, match="already been submitted"):
        transition(Status.SUBMITTED, Command.FILE, noun="trip")
    with pytest.raises(WorkflowError, match="reopen it as a draft"):
        transition(Status.RETURNED, Command.FILE, noun="trip")
    assert transition(Status.DRAFT, Command.FILE) is Status.APPROVED


def test_filing_a_kind_the_pack_sends_for_approval_is_refused_in_words():
    approval.check_may_file("transport_trip", TRIPS_FILED)  # allowed: nothing raised
    with pytest.raises(WorkflowError) as caught:
        approval.check_may_file("home_visit", TRIPS_FILED)
    assert caught.value.code == "workflow.file.approval_required"
    assert (
        caught.value.message
        == "The agency's rules say a supervisor approves every visit; submit this visit for approval instead."
    )
    with pytest.raises(WorkflowError):
        approval.check_may_file("transport_trip", DEFAULT_RULES)  # Missouri: every trip is approved


def test_the_trail_says_when_no_supervisor_reviewed_it():
    # the server's facts of a change (meta): filed = submitted and approved by one person, in one instant
    filed = {
        "submitted_by": "w1",
        "submitted_at": "2026-03-02T15:30:00Z",
        "approved_by": "w1",
        "approved_at": "2026-03-02T15:30:00Z",
    }
    reviewed = {**filed, "approved_by": "sup-1", "approved_at": "2026-03-03T09:00:00Z"}
    assert approval.filed_without_review(filed)
    assert not approval.filed_without_review(reviewed)
    assert not approval.filed_without_review(
        {"submitted_by": "w1", "submitted_at": "2026-03-02T15:30:00Z"}
    )  # waiting
    assert not approval.filed_without_review({})


@pytest.mark.parametrize(
    "named,message",
    [
        (
            {"home_visit", "goal_change", "home_visits"},
            "approval_required names 'home_visits', which is not a kind of record",
        ),
        (
            {"home_visit", "goal_change", "hearing"},
            "approval_required names 'hearing', which is case data and has no approval",
        ),
        (
            {"home_visit"},
            "approval_required must keep 'goal_change': a goal change changes the case only once a supervisor approves it",
        ),
    ],
)
def test_a_pack_naming_what_cannot_be_approved_is_refused_when_loaded(named, message):
    with pytest.raises(RulePackError) as caught:
        dataclasses.replace(MISSOURI, name="Typo County", approval_required=frozenset(named))
    assert str(caught.value).startswith("Rule pack 'Typo County': ")
    assert message in str(caught.value)
