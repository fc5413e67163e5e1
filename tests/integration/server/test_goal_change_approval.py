"""A goal change approved through the REST route (not a push): the case's goals change in the same
transaction, as a change laptops pull; an office change of the goals after the proposal refuses the
approval and leaves the case alone; a return never touches the case; a laptop still cannot edit the
goals directly."""

from __future__ import annotations

from fieldcase.domain.ids import new_id
from fieldcase.server import admin


def _team(server):
    team = server.make_team()
    server.make_user("sue", role="supervisor", team=team)
    admin.set_supervisor(server.db, team, "sue")
    server.make_user("ana", team=team)
    case = server.make_case("ana")
    _office_goals(server, case, permanency_goal="reunification", concurrent_goal=None)
    return case


def _office_goals(server, case: str, **goals) -> None:
    from fieldcase.server.models import Record

    with server.db.write() as session:
        record = session.get(Record, case)
        record.body = {**record.body, **goals}
        record.rev += 1
        admin._record_change(session, record)


def _proposed(server, ana, case) -> str:
    proposal = new_id()
    fields = {
        "case_id": case,
        "current_permanency_goal": "reunification",
        "current_concurrent_goal": None,
        "proposed_permanency_goal": "adoption",
        "proposed_concurrent_goal": "guardianship",
        "reason": "Parental rights terminated at the last hearing.",
        "proposed_by": ana.user_id,
        "proposed_at": "2026-11-02T10:00:00+00:00",
    }
    [made] = ana.push_ok(ana.mutation("create", "goal_change", proposal, fields=fields))
    [sent] = ana.push_ok(
        ana.mutation("command", "goal_change", proposal, command="submit", args={"rev": 1})
    )
    assert (made["result"], sent["result"]) == ("applied", "applied"), (made, sent)
    return proposal


def test_approval_sets_the_cases_goals_as_a_change_the_laptops_pull(server):
    case = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    proposal = _proposed(server, ana, case)
    ana.pull_all()
    case_rev = ana.get(f"/records/{case}").json()["rev"]
    assert [i["record_id"] for i in sue.get("/approvals/queue").json()["items"]] == [proposal]
    approved = sue.post(f"/records/{proposal}/approve", {"rev": 2})
    assert approved.status_code == 200, approved.text
    after = ana.get(f"/records/{case}").json()
    assert (after["body"]["permanency_goal"], after["body"]["concurrent_goal"], after["rev"]) == (
        "adoption",
        "guardianship",
        case_rev + 1,
    )
    pulled = {c["record_id"]: c for c in ana.pull_all()}
    assert (
        pulled[case]["body"]["permanency_goal"] == "adoption"
        and pulled[proposal]["status"] == "approved"
    )
    # the goals themselves still never come from a laptop's edit
    [edit] = ana.push_ok(
        ana.mutation(
            "patch",
            "case",
            case,
            base_rev=after["rev"],
            patch={"permanency_goal": {"base": "adoption", "new": "appla"}},
        )
    )
    assert edit["code"] == "needs_approval"


def test_goals_changed_by_the_office_after_the_proposal_refuse_the_approval_and_a_return_keeps_them(
    server,
):
    case = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    proposal = _proposed(server, ana, case)
    _office_goals(server, case, permanency_goal="guardianship")
    refused = sue.post(f"/records/{proposal}/approve", {"rev": 2})
    assert refused.status_code >= 400 and "goals changed" in refused.text
    assert ana.get(f"/records/{proposal}").json()["status"] == "submitted"
    returned = sue.post(
        f"/records/{proposal}/return",
        {"reason": "The court set guardianship; propose again from it."},
    )
    assert returned.status_code == 200, returned.text
    assert ana.get(f"/records/{case}").json()["body"]["permanency_goal"] == "guardianship"
