"""An agency's rule pack says which kinds a supervisor approves (domain/approval.py), through the
real sync path (the real server — SQLite, and PostgreSQL under the `postgres` marker — and real
encrypted laptops): a case plan of an agency that files plans is final on the laptop the moment it
is submitted offline, reaches the server final, never enters the supervisor's queue and meets the
case plan's clock; a laptop on another pack can neither file what the server's pack wants approved
nor send for approval what it files."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime

import pytest

from fieldcase.domain import approval
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.compliance import DeadlineKind, DeadlineState
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.workflow import Status, WorkflowError
from fieldcase.services import approvals, case_plans, compliance, field_records
from fieldcase.services import sync as sync_service
from integration.sync.promises import check_converged, check_no_duplicates
from integration.sync.test_case_data import office_edit
from integration.sync.test_case_plan import CUSTODY, MEETING, _written_at_the_meeting

#: an agency whose case plans are the caseworker's to file (the supervisor reviews everything else)
PLANS_FILED = dataclasses.replace(
    MISSOURI, name="Plans filed", approval_required=MISSOURI.approval_required - {"case_plan"}
)


def _plan_ready_to_submit(world, laptop):
    office_edit(
        world.harness,
        world.case_id,
        {
            "custody_date": CUSTODY.isoformat(),
            "removal_date": CUSTODY.isoformat(),
            "permanency_goal": "reunification",
        },
    )
    laptop.sync()
    plan = case_plans.new_plan(
        laptop.store, case_id=world.case_id, user_id=laptop.user_id, today=MEETING
    )
    field_records.save_draft(
        laptop.store,
        record=dataclasses.replace(
            _written_at_the_meeting(plan),
            evaluation_to=date(2026, 7, 30),
            least_restrictive=None,
            proximity_to_parents=None,
            visiting=(),
            permanency_goal=PermanencyGoal.MAINTAIN_WITH_PARENTS,
        ),
    )  # the child stays home: no placement questions
    return plan


def _queue(laptop) -> list[str]:
    return [
        e.record_id for e in approvals.approval_queue(laptop.store, now=datetime.now(UTC)).entries
    ]


def test_a_plan_the_agency_files_is_final_offline_final_on_the_server_and_meets_the_clock(world):
    world.harness.app.state.rules = PLANS_FILED  # the server runs the agency's pack
    ana, sam = world.laptop("ana"), world.laptop("sam")
    sam.sync()
    plan = _plan_ready_to_submit(world, ana)

    # offline, at the family's table: submitting files it — final at once, read-only, addenda only
    done = field_records.submit(ana.store, record_id=plan.id, rules=PLANS_FILED)
    assert done.status is Status.APPROVED
    filed = ana.store.get(plan.id).to_domain()
    assert (filed.status, filed.approved_by) == (Status.APPROVED, ana.user_id)
    with pytest.raises(WorkflowError):
        field_records.save_draft(
            ana.store, record=dataclasses.replace(filed, conditions="Changed after it was filed.")
        )
    ana.sync()

    # the server holds it final, filed by the caseworker: no supervisor reviewed it, and the audit says so
    server_copy = world.harness.device("sam").get(f"/records/{plan.id}").json()
    assert server_copy["status"] == "approved"
    assert (
        approval.filed_without_review(server_copy["meta"])
        and server_copy["meta"]["approved_by"] == ana.user_id
    )
    [audited] = world.harness.audit_rows(action="file", target_id=plan.id)
    assert (audited.outcome, audited.actor_user_id, audited.detail) == (
        "ok",
        ana.user_id,
        {"code": "filed_without_review"},
    )

    # exported to the state system like every approved record, the caseworker named as who made it final
    from fieldcase.server.contacts_export import export_text

    text, _result = export_text(world.harness.db, None, "jsonl")
    [exported] = [row for row in map(json.loads, text.splitlines()) if row["record_id"] == plan.id]
    assert (exported["status"], exported["approved_by"]) == ("approved", "ana")

    # never in the supervisor's queue, nor in the dashboard's "in review"
    sam.sync()
    assert sam.store.get(plan.id).status == "approved"
    assert _queue(sam) == []
    assert [e for e in sam.store.compliance_facts().in_review if e.id == plan.id] == []

    # counted as an approved plan: the 30-day clock is met on both laptops, the review is next
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
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)


def test_the_server_refuses_a_plan_filed_on_a_laptop_not_yet_told_the_agency_reviews_plans_again(
    world,
):
    # the laptop last heard that plans are filed; the agency has since gone back to approving every
    # plan (the server's pack, Missouri's) — the laptop files offline by the word it last had
    world.harness.app.state.rules = PLANS_FILED
    ana, sam = world.laptop("ana"), world.laptop("sam")
    plan = _plan_ready_to_submit(world, ana)
    world.harness.app.state.rules = MISSOURI
    field_records.submit(ana.store, record_id=plan.id)
    assert ana.store.get(plan.id).status == "approved"  # optimistically, offline
    ana.sync()

    # refused: the server's copy is still a draft, the laptop's too, and the caseworker is told why
    assert world.harness.device("sam").get(f"/records/{plan.id}").json()["status"] == "draft"
    assert ana.store.get(plan.id).status == "draft"
    [told] = [i for i in sync_service.needs_attention(ana.store) if i.record_id == plan.id]
    assert (
        told.message
        == "The agency's rules say a supervisor approves every case plan; submit this case plan for approval instead."
    )
    [audited] = world.harness.audit_rows(action="file", target_id=plan.id)
    assert (audited.outcome, audited.detail) == (
        "failed",
        {"code": "workflow.file.approval_required"},
    )
    sam.sync()
    assert _queue(sam) == [] and sam.store.get(plan.id).status == "draft"

    # the sync told the laptop the agency's word: submitted now, it goes to the supervisor
    field_records.submit(ana.store, record_id=plan.id)
    ana.sync()
    sam.sync()
    assert _queue(sam) == [plan.id]
    check_converged(world.harness.db, [ana, sam])


def test_a_laptop_not_yet_told_of_a_change_submits_what_the_agency_files_and_the_server_files_it(
    world,
):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    plan = _plan_ready_to_submit(
        world, ana
    )  # the laptop last heard Missouri's list: plans approved
    world.harness.app.state.rules = PLANS_FILED  # the agency has since stopped reviewing plans
    field_records.submit(ana.store, record_id=plan.id)  # by the word it last had: sent for approval
    assert ana.store.get(plan.id).status == "submitted"
    ana.sync()
    ana.sync()  # the filed state comes back

    assert ana.store.get(plan.id).status == "approved"
    meta = world.harness.device("sam").get(f"/records/{plan.id}").json()["meta"]
    assert approval.filed_without_review(meta) and meta["approved_by"] == ana.user_id
    [audited] = world.harness.audit_rows(action="submit", target_id=plan.id)
    assert audited.detail == {"code": "filed_without_review"}
    sam.sync()
    assert _queue(sam) == []
    check_converged(world.harness.db, [ana, sam])
