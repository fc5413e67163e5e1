"""Workflow decisions sent through push leave the same audit trail as through their REST routes: one
entry per decision with the record, who and the outcome (security.md "Audit") — not only a count in
the push summary."""

from __future__ import annotations

from .test_approvals import _complete_visit, _submit, _team


def _trail(server, action, record):
    return [
        (r.outcome, r.actor_user_id)
        for r in server.audit_rows(action=action)
        if r.target_id == record
    ]


def test_submit_approve_and_a_refused_approval_through_push_are_audited_one_by_one(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    assert _submit(ana, record, 1)["result"] == "applied"
    assert _trail(server, "submit", record) == [("ok", ana.user_id)]

    [own] = ana.push_ok(
        ana.mutation("command", "home_visit", record, command="approve", args={"rev": 2})
    )
    assert own["code"] == "forbidden"
    [approved] = sue.push_ok(
        sue.mutation("command", "home_visit", record, command="approve", args={"rev": 2})
    )
    assert approved["result"] == "applied", approved
    assert _trail(server, "approve", record) == [("denied", ana.user_id), ("ok", sue.user_id)]


def test_a_return_through_push_is_audited_without_its_reason(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    _submit(ana, record, 1)
    reason = "Say who else was present at the visit."
    [returned] = sue.push_ok(
        sue.mutation("command", "home_visit", record, command="return", args={"reason": reason})
    )
    assert returned["result"] == "applied", returned
    [row] = [r for r in server.audit_rows(action="return") if r.target_id == record]
    assert row.outcome == "ok" and row.actor_user_id == sue.user_id
    assert reason not in repr(row.detail)
