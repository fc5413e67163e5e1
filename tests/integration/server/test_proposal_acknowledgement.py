"""A caseworker's edit that reached the server after the approval (an addendum proposal) is read and
acknowledged by the team's supervisor like an addendum, on the real server (SQLite and PostgreSQL):
it waits in the supervisor's queue until then, only the team's supervisor may acknowledge it (not its
author, not another team's supervisor), twice has one effect, and every laptop learns who read it and
when from the change's `meta.acknowledged_proposals`. The entry stays as approved."""

from __future__ import annotations

from fieldcase.server import admin

from .test_comments_and_acknowledgements import _submitted_visit

LATE = {"observations": {"base": "first draft", "new": "The aunt was there too."}}


def _approved_with_a_late_edit(server):
    """An approved visit, and the caseworker's edit of the revision she had, arriving after it."""
    _, record, ana, sue = _submitted_visit(server)
    assert sue.post(f"/records/{record}/approve", {"rev": 2}).status_code == 200
    [locked] = ana.push_ok(ana.mutation("patch", "home_visit", record, base_rev=2, patch=LATE))
    assert locked["result"] == "locked", locked
    return record, locked["addendum_id"], ana, sue, sue.get(f"/records/{record}").json()


def _unread(device) -> list[tuple[str, str, str]]:
    return [
        (a["record_id"], a["addendum_id"], a["kind"])
        for a in device.get("/approvals/queue").json()["addenda"]
    ]


def test_the_queue_lists_a_proposal_beside_addenda_until_the_supervisor_acknowledges_it(server):
    record, proposal_id, ana, sue, before = _approved_with_a_late_edit(server)
    added = ana.post(f"/records/{record}/addenda", {"text": "The visit ended at 11:10."}).json()
    [addendum_id] = [a["addendum_id"] for a in added["addenda"] if a["kind"] == "addendum"]
    assert _unread(sue) == [(record, proposal_id, "proposal"), (record, addendum_id, "addendum")]

    done = sue.post(f"/records/{record}/acknowledge", {"addendum_id": proposal_id})
    assert done.status_code == 200, done.text
    view = done.json()
    [read] = view["meta"]["acknowledged_proposals"]
    assert (
        read["id"] == proposal_id
        and read["acknowledged_by"] == sue.user_id
        and read["acknowledged_at"]
    )
    # the proposal is read, not applied: the approved content and its revision stay
    assert (
        view["body"]["observations"] == "first draft"
        and view["meta"]["content_hash"] == before["meta"]["content_hash"]
    )
    assert view["rev"] == added["rev"] and view["seq"] > added["seq"]
    assert view["body"]["addenda"][0]["acknowledged_by"] is None  # the addendum is still unread
    assert _unread(sue) == [(record, addendum_id, "addendum")]

    # the caseworker's laptop learns it on its next pull
    seen = [c for c in ana.pull_all() if c["record_id"] == record][-1]
    assert seen["meta"]["acknowledged_proposals"] == [read]
    audited = [
        r
        for r in server.audit_rows(action="acknowledge_addendum", target_id=record)
        if r.outcome != "denied"
    ]
    assert len(audited) == 1


def test_the_supervisor_acknowledges_a_proposal_through_push_once(server):
    record, proposal_id, _ana, sue, before = _approved_with_a_late_edit(server)
    mutation = sue.mutation(
        "command",
        "home_visit",
        record,
        command="acknowledge_addendum",
        args={"addendum_id": proposal_id},
    )
    [first] = sue.push_ok(mutation)
    [replay] = sue.push_ok(mutation)
    assert (
        first["result"] == "applied"
        and first["rev"] == before["rev"]
        and replay["result"] == "duplicate"
    )
    assert _unread(sue) == []
    after = sue.get(f"/records/{record}").json()
    [read] = after["meta"]["acknowledged_proposals"]
    assert read["acknowledged_by"] == sue.user_id

    # again through the other path: the first acknowledgement stays, nothing new happens
    again = sue.post(f"/records/{record}/acknowledge", {"addendum_id": proposal_id}).json()
    assert again["meta"]["acknowledged_proposals"] == [read] and again["seq"] == after["seq"]
    [later] = sue.push_ok(
        sue.mutation(
            "command",
            "home_visit",
            record,
            command="acknowledge_addendum",
            args={"addendum_id": proposal_id},
        )
    )
    assert later["result"] == "applied" and later["seq"] == after["seq"]


def test_only_the_teams_supervisor_acknowledges_a_proposal(server):
    record, proposal_id, ana, sue, _ = _approved_with_a_late_edit(server)
    other_team = server.make_team("B")
    server.make_user("tom", role="supervisor", team=other_team)
    admin.set_supervisor(server.db, other_team, "tom")
    tom = server.device("tom")

    own = ana.post(f"/records/{record}/acknowledge", {"addendum_id": proposal_id})
    assert own.status_code == 403 and own.json()["error"]["code"] == "forbidden"
    [pushed] = ana.push_ok(
        ana.mutation(
            "command",
            "home_visit",
            record,
            command="acknowledge_addendum",
            args={"addendum_id": proposal_id},
        )
    )
    assert pushed["result"] == "rejected" and pushed["code"] == "forbidden"

    outside = tom.post(f"/records/{record}/acknowledge", {"addendum_id": proposal_id})
    assert outside.status_code == 404  # another team's entry is not there for him
    [theirs] = tom.push_ok(
        tom.mutation(
            "command",
            "home_visit",
            record,
            command="acknowledge_addendum",
            args={"addendum_id": proposal_id},
        )
    )
    assert theirs["result"] == "rejected" and theirs["code"] == "not_found"
    assert _unread(tom) == []

    assert "acknowledged_proposals" not in ana.get(f"/records/{record}").json()["meta"]
    assert _unread(sue) == [(record, proposal_id, "proposal")]
    assert [r for r in server.audit_rows(action="acknowledge_addendum") if r.outcome == "denied"]


def test_a_supervisors_own_late_edit_is_not_in_their_queue_and_not_theirs_to_acknowledge(server):
    record, _, _ana, sue, _ = _approved_with_a_late_edit(server)
    [locked] = sue.push_ok(
        sue.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=2,
            patch={"next_visit_planned": {"base": None, "new": "2026-12-01"}},
        )
    )
    assert locked["result"] == "locked", locked
    assert [
        kind for _, addendum_id, kind in _unread(sue) if addendum_id == locked["addendum_id"]
    ] == []
    own = sue.post(f"/records/{record}/acknowledge", {"addendum_id": locked["addendum_id"]})
    assert own.status_code == 403 and "proposed change" in own.json()["error"]["message"]
