"""Approvals as server transitions: submit, approve(rev), return(reason), addenda, the lock."""

from __future__ import annotations

from fieldcase.domain.ids import new_id
from fieldcase.server import admin


def _team(server):
    team = server.make_team()
    server.make_user("sue", role="supervisor", team=team)
    admin.set_supervisor(server.db, team, "sue")
    server.make_user("ana", team=team)
    case = server.make_case("ana")
    child = server.add_record(
        "person", case, {"role": "child", "given_name": "Zarvo", "family_name": "Quilby"}
    )
    return case, child


def _complete_visit(ana, case, child):
    record = new_id()
    fields = {
        "case_id": case,
        "conducted_by": ana.user_id,
        "contact_start": "2026-11-02T10:00:00+00:00",
        "contact_end": "2026-11-02T11:00:00+00:00",
        "method": "face_to_face",
        "purpose": "monthly_caseworker_visit",
        "outcome": "completed",
        "location_type": "child_residence",
        "children": [
            {
                "child_id": child,
                "seen": True,
                "seen_privately": True,
                "topics": ["safety", "permanency", "health"],
                "present_danger": False,
            }
        ],
        "observations": "first draft",
    }
    [r] = ana.push_ok(ana.mutation("create", "home_visit", record, fields=fields))
    assert r["result"] == "applied", r
    return record


def _submit(ana, record, rev):
    [r] = ana.push_ok(
        ana.mutation("command", "home_visit", record, command="submit", args={"rev": rev})
    )
    return r


def test_submit_approve_locks_and_later_patch_becomes_an_addendum_proposal(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    submitted = _submit(ana, record, 1)
    assert submitted["result"] == "applied", submitted
    queue = sue.get("/approvals/queue").json()["items"]
    assert [i["record_id"] for i in queue] == [record]
    assert ana.get("/approvals/queue").status_code == 403

    # ana cannot approve her own work, even through push
    [own] = ana.push_ok(
        ana.mutation("command", "home_visit", record, command="approve", args={"rev": 2})
    )
    assert own["result"] == "rejected" and own["code"] == "forbidden"

    ana.pull_all()
    approved = sue.post(f"/records/{record}/approve", {"rev": 2})
    assert approved.status_code == 200, approved.text
    view = approved.json()
    assert (
        view["status"] == "approved"
        and view["meta"]["content_hash"]
        and view["meta"]["approved_rev"] == 2
    )
    # the author's laptop learns of it through a change
    assert ana.pull_all()[0]["status"] == "approved"

    [locked] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=2,
            patch={"observations": {"base": "first draft", "new": "late fix"}},
        )
    )
    assert locked["result"] == "locked" and locked["addendum_id"]
    after = ana.get(f"/records/{record}").json()
    assert after["body"]["observations"] == "first draft"
    assert after["meta"]["content_hash"] == view["meta"]["content_hash"]
    assert [a["kind"] for a in after["addenda"]] == ["proposal"]

    added = ana.post(f"/records/{record}/addenda", {"text": "The visit ended at 11:10, not 11:00."})
    assert added.status_code == 200 and added.json()["body"]["addenda"][0]["text"].startswith(
        "The visit"
    )


def test_approve_of_a_stale_revision_is_refused(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    _submit(ana, record, 1)
    reviewed = sue.get(f"/records/{record}").json()["rev"]
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=reviewed,
            patch={"observations": {"base": "first draft", "new": "second thoughts"}},
        )
    )
    stale = sue.post(f"/records/{record}/approve", {"rev": reviewed})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    [pushed] = sue.push_ok(
        sue.mutation("command", "home_visit", record, command="approve", args={"rev": reviewed})
    )
    assert pushed["result"] == "conflict" and pushed["code"] == "stale_revision"
    assert sue.get(f"/records/{record}").json()["status"] == "submitted"


def test_return_with_reason_then_reopen(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    _submit(ana, record, 1)
    assert sue.post(f"/records/{record}/return", {"reason": ""}).status_code == 422
    returned = sue.post(f"/records/{record}/return", {"reason": "Add who else was present."}).json()
    assert (
        returned["status"] == "returned"
        and returned["body"]["returned_reason"] == "Add who else was present."
    )
    [r] = ana.push_ok(ana.mutation("command", "home_visit", record, command="reopen"))
    assert r["result"] == "applied" and ana.get(f"/records/{record}").json()["status"] == "draft"


def test_supervisor_cannot_edit_a_caseworkers_narrative(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    [r] = sue.push_ok(
        sue.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=1,
            patch={"observations": {"base": "first draft", "new": "supervisor words"}},
        )
    )
    assert r["result"] == "rejected" and r["code"] == "separation_of_duties"
    assert ana.get(f"/records/{record}").json()["body"]["observations"] == "first draft"


def test_rest_requests_refuse_extra_fields(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    _submit(ana, record, 1)
    response = sue.post(f"/records/{record}/approve", {"rev": 2, "approved_by": ana.user_id})
    assert response.status_code == 422 and "unknown fields" in response.json()["error"]["message"]
    response = sue.post(f"/records/{record}/approve", {"rev": "2"})
    assert response.status_code == 422


def test_incomplete_visit_cannot_be_submitted(server):
    case, _ = _team(server)
    ana = server.device("ana")
    record = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", record, fields={"case_id": case}))
    r = _submit(ana, record, 1)
    assert r["result"] == "rejected" and r["code"] == "incomplete" and r["reason"]


def test_patch_to_voided_record_is_applied_and_flagged(server):
    case, child = _team(server)
    ana = server.device("ana")
    record = _complete_visit(ana, case, child)
    [v] = ana.push_ok(
        ana.mutation(
            "command", "home_visit", record, command="void", args={"reason": "entered twice"}
        )
    )
    assert v["result"] == "applied"
    [p] = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=1,
            patch={"home_conditions": {"base": None, "new": "tidy"}},
        )
    )
    assert p["result"] == "applied_to_voided"
