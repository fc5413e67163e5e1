"""The case plan through the real sync path (the real server — SQLite, and PostgreSQL under the
`postgres` marker — and real encrypted laptops): drafted offline on the caseworker's laptop during
the family meeting, submitted, returned with a reason by the supervisor, corrected and approved; the
approved plan meets the case plan's clock and never changes again; a few months later the 6-month
review starts version 2 from version 1 and reaches the supervisor like any entry."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from fieldcase.domain.case_plans import PlanParticipant, PlanService, Progress, VisitingArrangement
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.compliance import DeadlineKind, DeadlineState
from fieldcase.domain.workflow import Status, WorkflowError
from fieldcase.services import approvals, case_plans, compliance, field_records
from fieldcase.services import sync as sync_service
from integration.sync.promises import check_converged, check_no_duplicates
from integration.sync.test_case_data import office_edit

CUSTODY = date(2026, 1, 6)
MEETING = date(2026, 1, 30)


def _written_at_the_meeting(plan):
    """What the caseworker types with the family: everything but the evaluation period's end."""
    return dataclasses.replace(
        plan,
        conditions="Synthetic: the child was left alone for two days; no food in the home.",
        permanency_goal=PermanencyGoal.REUNIFICATION,
        concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        services=(
            PlanService(
                description="Parenting classes",
                provider="Test Family Center",
                responsible="Mother",
                ends_by=date(2026, 5, 1),
                court_ordered=True,
            ),
        ),
        parent_responsibilities="Attend every class and visit.",
        behaviours_ending_services="Three months of safe visits.",
        least_restrictive=True,
        proximity_to_parents="Eight miles.",
        needs_met="Same school.",
        visiting=plan.visiting or (),
        participants=(
            PlanParticipant(name="Test Mother", role="Mother", signed=True, signed_on=MEETING),
        ),
    )


def test_a_plan_drafted_offline_returned_corrected_approved_then_reviewed(world):
    office_edit(
        world.harness,
        world.case_id,
        {
            "custody_date": CUSTODY.isoformat(),
            "removal_date": CUSTODY.isoformat(),
            "permanency_goal": "reunification",
        },
    )
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()

    # at the family's kitchen table, offline: version 1 from the case, saved as typed, submitted
    plan = case_plans.new_plan(ana.store, case_id=world.case_id, user_id=ana.user_id, today=MEETING)
    assert (
        plan.child_ids == (world.child_id,) and plan.permanency_goal is PermanencyGoal.REUNIFICATION
    )
    saved = field_records.save_draft(ana.store, record=_written_at_the_meeting(plan))
    assert [p.field for p in saved.problems] == [
        "evaluation_to",
        "visiting",
    ]  # the case has no visitation plan yet
    field_records.save_draft(
        ana.store,
        record=dataclasses.replace(
            _written_at_the_meeting(plan),
            evaluation_to=date(2026, 7, 30),
            least_restrictive=None,
            proximity_to_parents=None,
            visiting=(),
            permanency_goal=PermanencyGoal.MAINTAIN_WITH_PARENTS,
        ),
        expected_version=saved.version,
    )
    field_records.submit(ana.store, record_id=plan.id)
    ana.sync()

    # the supervisor returns it with a reason
    sam.sync()
    queue = approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    assert [(e.record_id, e.kind, e.noun) for e in queue] == [(plan.id, "case_plan", "case plan")]
    opened = approvals.open_for_review(sam.store, record_id=plan.id)
    approvals.return_entry(
        sam.store,
        record_id=plan.id,
        rev=opened.rev,
        version=opened.version,
        reason="The child is in care: reunification, with the placement and the visits, not maintain at home.",
    )
    sam.sync()
    ana.sync()
    returned = ana.store.get(plan.id)
    assert returned.status == "returned" and "reunification" in returned.body["returned_reason"]
    assert [
        i.record_id for i in sync_service.needs_attention(ana.store) if i.topic == "returned"
    ] == [plan.id]

    # corrected on the laptop and submitted again: the case plan button opens this version, not a new one
    assert (
        case_plans.next_plan(
            ana.store, case_id=world.case_id, user_id=ana.user_id, today=MEETING
        ).id
        == plan.id
    )
    corrected = _written_at_the_meeting(returned.to_domain())
    corrected = dataclasses.replace(
        corrected,
        evaluation_to=date(2026, 7, 30),
        visiting=(VisitingArrangement(who="Mother", location="Agency room", duration_minutes=90),),
    )
    field_records.save_draft(ana.store, record=corrected, expected_version=returned.version)
    field_records.submit(ana.store, record_id=plan.id)
    ana.sync()
    sam.sync()
    opened = approvals.open_for_review(sam.store, record_id=plan.id)
    approvals.approve(sam.store, record_id=plan.id, rev=opened.rev, version=opened.version)
    assert sam.sync().conflicts == 0
    ana.sync()
    approved = ana.store.get(plan.id).to_domain()
    assert approved.status is Status.APPROVED and approved.approved_by is not None

    # approved: never changed again (an addendum only), on the laptop and on the server
    with pytest.raises(WorkflowError):
        field_records.save_draft(
            ana.store,
            record=dataclasses.replace(approved, conditions="Changed after the approval."),
        )
    field_records.add_addendum(
        ana.store, record_id=plan.id, text="The class provider moved to a new address."
    )
    ana.sync()
    server_copy = world.harness.device("sam").get(f"/records/{plan.id}").json()
    assert server_copy["status"] == "approved" and server_copy["body"]["conditions"].startswith(
        "Synthetic: the child was left alone"
    )
    assert len(server_copy["body"]["addenda"]) == 1

    # the approved plan met the 30-day clock (custody 6 January: due 5 February); the review is next
    for laptop in (ana, sam):
        data = laptop.store.compliance_facts()
        [case] = [
            c
            for c in compliance._caseload(data, date(2026, 3, 1), compliance.DEFAULT_RULES).cases
            if c.case_id == world.case_id
        ]
        assert (case.case_plan.kind, case.case_plan.due, case.case_plan.state) == (
            DeadlineKind.CASE_PLAN_REVIEW,
            date(2026, 7, 30),
            DeadlineState.PENDING,
        )

    # the 6-month review a few months later: version 2 from version 1, synced, in the supervisor's queue
    review_id = case_plans.start_review(
        ana.store, world.case_id, user_id=ana.user_id, today=date(2026, 7, 20)
    )
    review = ana.store.get(review_id).to_domain()
    assert (review.version, review.previous_version_id, review.review_of) == (2, plan.id, plan.id)
    assert review.services == approved.services and [n.item for n in review.progress] == [
        "Parenting classes",
        "Reunification",
        "Guardianship",
    ]
    rated = dataclasses.replace(
        review,
        progress=tuple(
            dataclasses.replace(n, progress=Progress.SOME_PROGRESS) for n in review.progress
        ),
        evaluation_to=date(2027, 1, 20),
        participants=approved.participants,
        evaluation="Classes finished; visits move to monitored.",
    )
    field_records.save_draft(
        ana.store, record=rated, expected_version=ana.store.get(review_id).version
    )
    field_records.submit(ana.store, record_id=review_id)
    ana.sync()
    sam.sync()
    assert [
        e.record_id for e in approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    ] == [review_id]
    lines = case_plans.version_lines(sam.store, world.case_id)
    assert [(line.version, line.status, line.is_review) for line in lines] == [
        (2, Status.SUBMITTED, True),
        (1, Status.APPROVED, False),
    ]
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)


def test_a_long_term_arrangement_for_a_child_under_16_is_refused_on_the_server_too(world):
    office_edit(world.harness, world.child_id, {"date_of_birth": date(2015, 1, 1).isoformat()})
    ana = world.laptop("ana")
    ana.sync()
    plan = case_plans.new_plan(ana.store, case_id=world.case_id, user_id=ana.user_id, today=MEETING)
    plan = dataclasses.replace(
        _written_at_the_meeting(plan),
        permanency_goal=PermanencyGoal.APPLA,
        evaluation_to=date(2026, 7, 30),
        visiting=(VisitingArrangement(who="Mother"),),
    )
    saved = field_records.save_draft(ana.store, record=plan)
    assert [p.field for p in saved.problems] == [
        "permanency_goal"
    ]  # the laptop says so beside the field
    ana.sync()  # the draft reaches the server
    # a laptop that skipped the check (an old version) submits it: the server refuses
    device = world.harness.device("ana")
    server_record = device.get(f"/records/{plan.id}").json()
    answer = device.mutation(
        "command", "case_plan", plan.id, command="submit", args={"rev": server_record["rev"]}
    )
    [result] = device.push_ok(answer)
    assert result["code"] == "incomplete" and "16" in str(result)
