"""Questions as comments and acknowledged addenda, on the real server (SQLite and PostgreSQL).

A comment changes neither the entry's content nor its revision, so it never makes an approval of the
revision read stale; an acknowledgement is the team supervisor's alone; both are scoped like every
other record access (404 outside the caseload) and idempotent when replayed."""

from __future__ import annotations

from sqlalchemy import select

from fieldcase.domain.ids import new_id
from fieldcase.server import admin, purges
from fieldcase.server.models import Addendum

from .test_approvals import _complete_visit, _submit, _team


def _comments(view: dict) -> list[tuple[str, str]]:
    return [(a["author"], a["text"]) for a in view["addenda"] if a["kind"] == "comment"]


def _submitted_visit(server):
    case, child = _team(server)
    ana, sue = server.device("ana"), server.device("sue")
    record = _complete_visit(ana, case, child)
    assert _submit(ana, record, 1)["result"] == "applied"
    return case, record, ana, sue


def test_a_question_and_its_answer_leave_the_revision_so_the_approval_of_what_was_read_succeeds(
    server,
):
    _, record, ana, sue = _submitted_visit(server)
    read = sue.get(f"/records/{record}").json()
    asked = sue.post(
        f"/records/{record}/comments",
        {"comment_id": new_id(), "text": "Was the baby's crib checked?"},
    )
    assert asked.status_code == 200, asked.text
    view = asked.json()
    assert (
        view["rev"] == read["rev"]
        and view["body"] == read["body"]
        and view["status"] == "submitted"
    )
    assert view["seq"] > read["seq"]  # a change every laptop in scope pulls
    assert (
        view["meta"]["updated_at"] == read["meta"]["updated_at"]
    )  # "last changed" is about content
    assert _comments(view) == [(sue.user_id, "Was the baby's crib checked?")]

    # the caseworker's laptop pulls the question with the entry and answers through push
    pulled = [c for c in ana.pull_all() if c["record_id"] == record]
    assert _comments(pulled[-1]) == [(sue.user_id, "Was the baby's crib checked?")]
    [answer] = ana.push_ok(
        ana.mutation(
            "command",
            "home_visit",
            record,
            command="comment",
            args={"comment_id": new_id(), "text": "Yes, it meets the safe-sleep standard."},
        )
    )
    assert answer["result"] == "applied" and answer["rev"] == read["rev"], answer

    approved = sue.post(f"/records/{record}/approve", {"rev": read["rev"]})
    assert approved.status_code == 200, approved.text
    final = approved.json()
    assert final["status"] == "approved" and final["meta"]["approved_rev"] == read["rev"]
    assert _comments(final) == [
        (sue.user_id, "Was the baby's crib checked?"),
        (ana.user_id, "Yes, it meets the safe-sleep standard."),
    ]
    assert "comments" not in final["body"] and all(
        a.get("text") != "Yes, it meets the safe-sleep standard." for a in final["body"]["addenda"]
    )
    assert [r.action for r in server.audit_rows() if r.action == "comment"] == [
        "comment",
        "comment",
    ]


def test_a_content_edit_after_a_question_still_makes_the_approval_stale(server):
    _, record, ana, sue = _submitted_visit(server)
    read = sue.get(f"/records/{record}").json()
    sue.post(f"/records/{record}/comments", {"comment_id": new_id(), "text": "Who else was there?"})
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=read["rev"],
            patch={"observations": {"base": "first draft", "new": "The aunt was there too."}},
        )
    )
    stale = sue.post(f"/records/{record}/approve", {"rev": read["rev"]})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"


def test_a_comment_replayed_or_sent_twice_has_one_effect(server):
    _, record, _ana, sue = _submitted_visit(server)
    comment_id = new_id()
    mutation = sue.mutation(
        "command",
        "home_visit",
        record,
        command="comment",
        args={"comment_id": comment_id, "text": "Any bruises?"},
    )
    [first] = sue.push_ok(mutation)
    [again] = sue.push_ok(mutation)
    assert (
        first["result"] == "applied"
        and again["result"] == "duplicate"
        and again["seq"] == first["seq"]
    )
    # the same comment through the REST route (e.g. after a lost answer): nothing new
    rest = sue.post(
        f"/records/{record}/comments", {"comment_id": comment_id, "text": "Any bruises?"}
    )
    assert rest.status_code == 200 and _comments(rest.json()) == [(sue.user_id, "Any bruises?")]
    assert rest.json()["seq"] == first["seq"]
    # another text under the same id is refused, not merged
    taken = sue.post(
        f"/records/{record}/comments", {"comment_id": comment_id, "text": "Something else"}
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "id_taken"


def test_comments_are_scoped_like_the_record_and_refused_on_a_voided_entry(server):
    _, record, ana, sue = _submitted_visit(server)
    other_team = server.make_team("B")
    server.make_user("ben", team=other_team)
    server.make_user("tom", role="supervisor", team=other_team)
    admin.set_supervisor(server.db, other_team, "tom")
    ben, tom = server.device("ben"), server.device("tom")
    for outsider in (ben, tom):
        theirs = outsider.post(
            f"/records/{record}/comments", {"comment_id": new_id(), "text": "Hello?"}
        )
        missing = outsider.post(
            f"/records/{new_id()}/comments", {"comment_id": new_id(), "text": "Hello?"}
        )
        assert theirs.status_code == missing.status_code == 404
        assert theirs.json() == missing.json()
        [pushed] = outsider.push_ok(
            outsider.mutation(
                "command",
                "home_visit",
                record,
                command="comment",
                args={"comment_id": new_id(), "text": "x"},
            )
        )
        assert pushed["result"] == "rejected" and pushed["code"] == "not_found"
    assert _comments(ana.get(f"/records/{record}").json()) == []
    assert [
        r
        for r in server.audit_rows(action="comment")
        if r.outcome == "denied" and r.target_id == record
    ]

    assert (
        sue.post(f"/records/{record}/comments", {"comment_id": new_id(), "text": "   "}).status_code
        == 409
    )
    ana.push_ok(
        ana.mutation(
            "command",
            "home_visit",
            record,
            command="void",
            args={"reason": "Entered on the wrong case."},
        )
    )
    voided = sue.post(
        f"/records/{record}/comments", {"comment_id": new_id(), "text": "Why was this voided?"}
    )
    assert voided.status_code == 409 and "voided" in voided.json()["error"]["message"]


def test_comment_and_acknowledge_requests_are_strict(server):
    _, record, ana, sue = _submitted_visit(server)
    for body in (
        {"comment_id": new_id(), "text": "ok", "author": ana.user_id},  # server-owned
        {"comment_id": "not-a-uuid", "text": "ok"},
        {"comment_id": new_id(), "text": ""},
        {"comment_id": new_id(), "text": "x" * 2001},
        {"text": "no id"},
    ):
        assert sue.post(f"/records/{record}/comments", body).status_code == 422, body
    assert (
        sue.post(
            f"/records/{record}/acknowledge", {"addendum_id": new_id(), "at": "now"}
        ).status_code
        == 422
    )
    assert sue.post(f"/records/{record}/acknowledge", {"addendum_id": "x"}).status_code == 422
    [long] = sue.push_ok(
        sue.mutation(
            "command",
            "home_visit",
            record,
            command="comment",
            args={"comment_id": new_id(), "text": "x" * 2001},
        )
    )
    assert long["result"] == "rejected" and long["code"] == "invalid"


def _approved_with_addendum(server):
    _case, record, ana, sue = _submitted_visit(server)
    assert sue.post(f"/records/{record}/approve", {"rev": 2}).status_code == 200
    added = ana.post(f"/records/{record}/addenda", {"text": "The visit ended at 11:10."}).json()
    [addendum] = [a for a in added["addenda"] if a["kind"] == "addendum"]
    return record, addendum["addendum_id"], ana, sue, added


def test_the_supervisor_acknowledges_an_addendum_and_the_caseworker_sees_who_and_when(server):
    record, addendum_id, ana, sue, before = _approved_with_addendum(server)
    queue = sue.get("/approvals/queue").json()
    assert [(a["record_id"], a["addendum_id"]) for a in queue["addenda"]] == [(record, addendum_id)]
    assert (
        before["body"]["addenda"][0]["id"] == addendum_id
        and before["body"]["addenda"][0]["acknowledged_by"] is None
    )

    done = sue.post(f"/records/{record}/acknowledge", {"addendum_id": addendum_id})
    assert done.status_code == 200, done.text
    body_addendum = done.json()["body"]["addenda"][0]
    assert body_addendum["acknowledged_by"] == sue.user_id and body_addendum["acknowledged_at"]
    assert (
        done.json()["rev"] == before["rev"] + 1
        and done.json()["meta"]["content_hash"] == before["meta"]["content_hash"]
    )
    seen = [c for c in ana.pull_all() if c["record_id"] == record][-1]
    assert seen["body"]["addenda"][0]["acknowledged_by"] == sue.user_id
    assert sue.get("/approvals/queue").json()["addenda"] == []

    # again, by REST or replayed through push: the first acknowledgement stays, nothing new happens
    again = sue.post(f"/records/{record}/acknowledge", {"addendum_id": addendum_id}).json()
    assert (
        again["rev"] == done.json()["rev"]
        and again["body"]["addenda"][0]["acknowledged_at"] == body_addendum["acknowledged_at"]
    )
    mutation = sue.mutation(
        "command",
        "home_visit",
        record,
        command="acknowledge_addendum",
        args={"addendum_id": addendum_id},
    )
    [first] = sue.push_ok(mutation)
    [replay] = sue.push_ok(mutation)
    assert (
        first["result"] == "applied"
        and first["rev"] == done.json()["rev"]
        and replay["result"] == "duplicate"
    )


def test_only_the_team_supervisor_acknowledges_and_unknown_addenda_are_not_found(server):
    record, addendum_id, ana, sue, _ = _approved_with_addendum(server)
    server.make_user("cal", team=admin.create_team(server.db, "C", org_id=server.org_id))
    cal = server.device("cal")
    own = ana.post(f"/records/{record}/acknowledge", {"addendum_id": addendum_id})
    assert own.status_code == 403 and own.json()["error"]["code"] == "forbidden"
    [pushed] = ana.push_ok(
        ana.mutation(
            "command",
            "home_visit",
            record,
            command="acknowledge_addendum",
            args={"addendum_id": addendum_id},
        )
    )
    assert pushed["result"] == "rejected" and pushed["code"] == "forbidden"
    assert (
        cal.post(f"/records/{record}/acknowledge", {"addendum_id": addendum_id}).status_code == 404
    )  # outside the caseload
    assert sue.post(f"/records/{record}/acknowledge", {"addendum_id": new_id()}).status_code == 404
    assert ana.get(f"/records/{record}").json()["body"]["addenda"][0]["acknowledged_by"] is None
    assert [r for r in server.audit_rows(action="acknowledge_addendum") if r.outcome == "denied"]


def test_a_comment_cannot_be_acknowledged_and_an_unapproved_entry_has_nothing_to_acknowledge(
    server,
):
    _, record, _ana, sue = _submitted_visit(server)
    question = new_id()
    sue.post(
        f"/records/{record}/comments",
        {"comment_id": question, "text": "Did the children attend school?"},
    )
    early = sue.post(f"/records/{record}/acknowledge", {"addendum_id": question})
    assert early.status_code == 409 and early.json()["error"]["code"] == "workflow"
    assert sue.post(f"/records/{record}/approve", {"rev": 2}).status_code == 200
    not_an_addendum = sue.post(f"/records/{record}/acknowledge", {"addendum_id": question})
    assert not_an_addendum.status_code == 404


def test_purging_a_record_removes_its_comments(server):
    _, record, _ana, sue = _submitted_visit(server)
    sue.post(
        f"/records/{record}/comments",
        {"comment_id": new_id(), "text": "Zarvo said something worrying?"},
    )
    purges.purge_record(server.db, record, reason="expungement")
    with server.db.read() as session:
        assert session.execute(select(Addendum).where(Addendum.record_id == record)).first() is None
