"""Caseload scope: with caseworker A's token, everything aimed at caseworker B's case answers like
a record that does not exist, and changes nothing (security.md "Authorization")."""

from __future__ import annotations

import hashlib

from fieldcase.domain.ids import new_id
from fieldcase.server import admin


def _two_workers(server):
    team_a, team_b = server.make_team("A"), server.make_team("B")
    server.make_user("ana", team=team_a)
    server.make_user("ben", team=team_b)
    server.make_user("sue", role="supervisor", team=team_a)
    admin.set_supervisor(server.db, team_a, "sue")
    case_a, case_b = server.make_case("ana"), server.make_case("ben")
    ben = server.device("ben")
    visit = new_id()
    ben.push_ok(
        ben.mutation(
            "create", "home_visit", visit, fields={"case_id": case_b, "observations": "ben's note"}
        )
    )
    return case_a, case_b, visit, ben


def test_reading_another_caseworkers_record_is_404_like_a_missing_one(server):
    _, case_b, visit, _ = _two_workers(server)
    ana = server.device("ana")
    theirs, missing = ana.get(f"/records/{visit}"), ana.get(f"/records/{new_id()}")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()
    assert ana.get(f"/records/{case_b}").status_code == 404
    assert [
        r
        for r in server.audit_rows(action="read")
        if r.outcome == "denied" and r.target_id == visit
    ]


def test_pushing_into_another_caseload_is_rejected_like_a_missing_record_and_changes_nothing(
    server,
):
    _, case_b, visit, ben = _two_workers(server)
    ana = server.device("ana")
    before = ben.get(f"/records/{visit}").json()
    results = ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "ben's note", "new": "ana was here"}},
        ),
        ana.mutation(
            "patch",
            "home_visit",
            new_id(),
            base_rev=1,
            patch={"observations": {"base": "", "new": "x"}},
        ),
        ana.mutation("create", "home_visit", new_id(), fields={"case_id": case_b}),
        ana.mutation("command", "home_visit", visit, command="void", args={"reason": "mine now"}),
        ana.mutation(
            "attach",
            "home_visit",
            visit,
            field="attachments",
            attachment={"sha256": "0" * 64, "size": 1, "mime": "image/png"},
        ),
    )
    assert [r["result"] for r in results] == ["rejected"] * 5
    assert {(r["code"], r["reason"]) for r in results} == {
        ("not_found", "This record or case was not found.")
    }
    assert ben.get(f"/records/{visit}").json() == before
    assert [r for r in server.audit_rows(action="push") if r.outcome == "denied"]


def test_pulling_never_returns_another_caseload(server):
    case_a, _case_b, _visit, _ = _two_workers(server)
    ana = server.device("ana")
    seen = ana.pull_all()
    assert {c["case_id"] for c in seen} == {case_a}
    assert ana.cases == {case_a}


def test_attachments_of_another_caseload_are_404(server):
    _, _case_b, visit, ben = _two_workers(server)
    data = b"a photo of a drawing" * 100
    sha = hashlib.sha256(data).hexdigest()
    assert (
        ben.post(f"/blobs/{sha}", {"size": len(data), "mime": "image/png"}).json()["exists"]
        is False
    )
    assert (
        ben.put(
            f"/blobs/{sha}/chunks/0",
            data,
            headers={"X-FC-Chunk-SHA256": sha, "Content-Type": "application/octet-stream"},
        ).status_code
        == 200
    )
    assert ben.post(f"/blobs/{sha}/commit").status_code == 200
    [r] = ben.push_ok(
        ben.mutation(
            "attach",
            "home_visit",
            visit,
            field="attachments",
            attachment={"sha256": sha, "size": len(data), "mime": "image/png"},
        )
    )
    assert r["result"] == "applied", r
    assert ben.get(f"/blobs/{sha}").content == data
    ana = server.device("ana")
    theirs, missing = ana.get(f"/blobs/{sha}"), ana.get(f"/blobs/{'1' * 64}")
    assert theirs.status_code == missing.status_code == 404 and theirs.json() == missing.json()
    # "exists?" does not reveal it either: ana would have to upload the bytes herself
    assert (
        ana.post(f"/blobs/{sha}", {"size": len(data), "mime": "image/png"}).json()["exists"]
        is False
    )


def test_supervisor_outside_the_team_gets_404_and_inside_sees_it(server):
    case_a, _case_b, visit, _ = _two_workers(server)
    sue = server.device("sue")
    assert sue.get(f"/records/{visit}").status_code == 404
    assert sue.post(f"/records/{visit}/approve", {"rev": 1}).status_code == 404
    assert sue.get(f"/records/{case_a}").status_code == 200


def test_a_create_reusing_an_id_of_another_caseload_answers_like_a_fresh_id(server):
    """No existence oracle: the answer does not say whether another caseload holds the id. Nothing
    of the create reaches that record; it is kept whole for a supervisor (P1), a replay repeats (P2)."""
    from sqlalchemy import select

    from fieldcase.server.models import Quarantine

    case_a, _, visit, ben = _two_workers(server)
    ana = server.device("ana")
    before = ben.get(f"/records/{visit}").json()
    taken = ana.mutation(
        "create", "home_visit", visit, fields={"case_id": case_a, "observations": "ana's note"}
    )
    fresh = ana.mutation(
        "create", "home_visit", new_id(), fields={"case_id": case_a, "observations": "ana's note"}
    )
    reused, new = ana.push_ok(taken, fresh)

    def shape(r):
        return {
            k: v for k, v in r.items() if k not in ("mutation_id", "device_seq", "record_id", "seq")
        }

    assert shape(reused) == shape(new) and reused["result"] == "applied" and reused["rev"] == 1
    assert isinstance(reused["seq"], int) and reused["seq"] > 0
    [again] = ana.push_ok(taken)
    assert again["result"] == "duplicate"
    # ben's record is untouched and never reaches ana; her create is kept for review
    assert ben.get(f"/records/{visit}").json() == before
    assert visit not in {c["record_id"] for c in ana.pull_all()}
    assert ana.get(f"/records/{visit}").status_code == 404
    with server.db.read() as session:
        kept = session.execute(
            select(Quarantine).where(Quarantine.mutation_id == taken["mutation_id"])
        ).scalar_one()
    assert kept.code == "id_taken" and kept.mutation["fields"]["observations"] == "ana's note"
    # a create the same as a fresh one would be refused is refused the same way
    bad_taken = ana.mutation(
        "create", "home_visit", visit, fields={"case_id": case_a, "no_such_field": 1}
    )
    bad_fresh = ana.mutation(
        "create", "home_visit", new_id(), fields={"case_id": case_a, "no_such_field": 1}
    )
    r1, r2 = ana.push_ok(bad_taken, bad_fresh)
    assert shape(r1) == shape(r2) and r1["result"] == "rejected"
