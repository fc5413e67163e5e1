"""A proposed change of the permanency goal through the real sync path (real server — SQLite, and
PostgreSQL under the `postgres` marker — and real encrypted laptops): proposed offline by the
caseworker, approved by the supervisor at the revision read, and the case's new goals reach both
laptops in scope; a return keeps the goals and tells the caseworker why; APPLA for a child under 16
is refused on the server too."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fieldcase.domain.cases import PermanencyGoal
from fieldcase.services import approvals, goal_change
from fieldcase.services import sync as sync_service
from integration.sync.promises import check_converged, check_no_duplicates
from integration.sync.test_case_data import office_edit


def _propose(
    world, laptop, *, goal: str = "guardianship", concurrent: str | None = "adoption"
) -> str:
    body = goal_change.start(laptop.store, case_id=world.case_id)
    assert body["current_permanency_goal"] == "reunification" and body["status"] == "draft"
    typed = {
        **body,
        "proposed_permanency_goal": goal,
        "proposed_concurrent_goal": concurrent,
        "reason": "Parents have not engaged in services for nine months; grandmother is willing.",
    }
    goal_change.save_body(laptop.store, body=typed)  # the form's autosave, offline
    submitted = goal_change.submit_body(laptop.store, body=typed)
    assert submitted.status.value == "submitted"
    return body["id"]


def _case_goals(laptop, case_id: str) -> tuple:
    case = laptop.store.get(case_id, kind="case").to_domain()
    return case.permanency_goal, case.concurrent_goal


def _world_with_goals(world) -> None:
    office_edit(
        world.harness, world.case_id, {"permanency_goal": "reunification", "concurrent_goal": None}
    )


def test_a_goal_change_proposed_offline_and_approved_reaches_every_laptop(world):
    _world_with_goals(world)
    ana, ben, sam = world.laptop("ana"), world.laptop("ben"), world.laptop("sam")
    for laptop in (ana, ben, sam):
        laptop.sync()
    proposal = _propose(world, ana)
    # nothing changes on the case until the supervisor approves
    assert _case_goals(ana, world.case_id) == (PermanencyGoal.REUNIFICATION, None)
    ana.sync()
    sam.sync()
    [entry] = approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    assert (entry.record_id, entry.kind, entry.noun) == (proposal, "goal_change", "goal change")
    opened = approvals.open_for_review(sam.store, record_id=proposal)
    shown = {f.label: f.text for f in opened.fields}  # the reader: from … to …, and why
    assert (
        shown["Current permanency goal"],
        shown["Proposed permanency goal"],
        shown["Proposed concurrent goal"],
    ) == ("Reunification", "Guardianship", "Adoption")
    assert "grandmother" in shown["Reason"]
    approvals.approve(sam.store, record_id=proposal, rev=opened.rev, version=opened.version)
    report = sam.sync()
    assert report.conflicts == 0
    assert sam.store.get(proposal).status == "approved"
    ana.sync()
    ben.sync()
    for laptop in (ana, ben, sam):
        assert _case_goals(laptop, world.case_id) == (
            PermanencyGoal.GUARDIANSHIP,
            PermanencyGoal.ADOPTION,
        )
    assert "approved" in [i.topic for i in sync_service.needs_attention(ana.store)]
    # the next proposal starts from the new goals
    assert (
        goal_change.start(ana.store, case_id=world.case_id)["current_permanency_goal"]
        == "guardianship"
    )
    check_converged(world.harness.db, [ana, ben, sam])
    check_no_duplicates(world.harness.db)


def test_a_returned_goal_change_keeps_the_goals_and_tells_the_caseworker(world):
    _world_with_goals(world)
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()
    proposal = _propose(world, ana)
    ana.sync()
    sam.sync()
    opened = approvals.open_for_review(sam.store, record_id=proposal)
    approvals.return_entry(
        sam.store,
        record_id=proposal,
        rev=opened.rev,
        version=opened.version,
        reason="Wait for the permanency hearing on the 12th before changing the goal.",
    )
    sam.sync()
    ana.sync()
    assert _case_goals(ana, world.case_id) == (PermanencyGoal.REUNIFICATION, None)
    [returned] = [i for i in sync_service.needs_attention(ana.store) if i.topic == "returned"]
    assert returned.record_id == proposal and "permanency hearing" in returned.details["reason"]
    # "Propose goal change" continues the returned proposal, with the supervisor's reason
    again = goal_change.start(ana.store, case_id=world.case_id)
    assert (again["id"], again["status"]) == (
        proposal,
        "returned",
    ) and "permanency hearing" in again["returned_reason"]
    resubmitted = goal_change.submit_body(
        ana.store, body={**again, "reason": again["reason"] + " Hearing held; court agreed."}
    )
    assert resubmitted.status.value == "submitted"
    ana.sync()
    sam.sync()
    assert [
        e.record_id for e in approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
    ] == [proposal]


def test_appla_for_a_child_under_16_is_refused_on_the_laptop_and_on_the_server(world):
    _world_with_goals(world)
    office_edit(world.harness, world.child_id, {"date_of_birth": date(2015, 1, 1).isoformat()})
    ana = world.laptop("ana")
    ana.sync()
    body = {
        **goal_change.start(ana.store, case_id=world.case_id),
        "proposed_permanency_goal": "appla",
        "reason": "Youth wants independence.",
    }
    saved = goal_change.save_body(ana.store, body=body)
    assert [p.field for p in saved.problems] == ["proposed_permanency_goal"]
    # a laptop that skipped the check (an old version): the supervisor's approval is refused all the same
    proposal = body["id"]
    ana.sync()  # the draft reaches the server
    supervisor = world.harness.device("sam")
    server_record = supervisor.get(f"/records/{proposal}").json()
    assert server_record["status"] == "draft"
    from fieldcase.server.models import Record

    with world.harness.db.write() as session:  # as if submitted by a laptop without the rule
        session.get(Record, proposal).status = "submitted"
    answer = supervisor.mutation(
        "command", "goal_change", proposal, command="approve", args={"rev": server_record["rev"]}
    )
    [result] = supervisor.push_ok(answer)
    assert result["code"] == "appla_age"
