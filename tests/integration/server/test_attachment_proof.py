"""Knowing an attachment's SHA-256 is not holding it (issue 16, item 4): an attach opens the content
to the record's scope only once the device that made it proved it holds the bytes — it uploaded
them, or it can already read them in its own scope. The honest order of sync.md (attach first, the
upload on its own queue later) still ends readable."""

from __future__ import annotations

import hashlib

from fieldcase.domain.ids import new_id
from fieldcase.server import admin


def _upload(device, data: bytes, mime: str = "image/jpeg") -> str:
    sha = hashlib.sha256(data).hexdigest()
    assert device.post(f"/blobs/{sha}", {"size": len(data), "mime": mime}).status_code == 200
    headers = {"X-FC-Chunk-SHA256": sha, "Content-Type": "application/octet-stream"}
    assert device.put(f"/blobs/{sha}/chunks/0", data, headers=headers).status_code == 200
    assert device.post(f"/blobs/{sha}/commit").status_code == 200
    return sha


def _attach(device, visit: str, sha: str, size: int) -> dict:
    [result] = device.push_ok(
        device.mutation(
            "attach",
            "home_visit",
            visit,
            field="attachments",
            attachment={"sha256": sha, "size": size, "mime": "image/jpeg", "name": "p.jpg"},
        )
    )
    return result


def _two_teams(server):
    """ben (team B) holds a photo on his visit; ana (team A, supervised by sue) has a visit of her own."""
    team_a, team_b = server.make_team("A"), server.make_team("B")
    server.make_user("ana", team=team_a)
    server.make_user("ben", team=team_b)
    server.make_user("sue", role="supervisor", team=team_a)
    admin.set_supervisor(server.db, team_a, "sue")
    case_a, case_b = server.make_case("ana"), server.make_case("ben")
    ben, ana = server.device("ben"), server.device("ana")
    theirs, mine = new_id(), new_id()
    ben.push_ok(ben.mutation("create", "home_visit", theirs, fields={"case_id": case_b}))
    ana.push_ok(ana.mutation("create", "home_visit", mine, fields={"case_id": case_a}))
    photo = b"\xff\xd8 another team's photo of a bruise " * 300
    sha = _upload(ben, photo)
    assert _attach(ben, theirs, sha, len(photo))["result"] == "applied"
    return ana, ben, server.device("sue"), mine, photo, sha


def test_naming_another_teams_hash_opens_nothing_and_is_audited(server):
    ana, _ben, sue, mine, photo, sha = _two_teams(server)
    assert ana.get(f"/blobs/{sha}").status_code == 404

    # the right size: the attach is kept (it may be the honest order) but the link stays closed
    assert _attach(ana, mine, sha, len(photo))["result"] == "applied"
    for device in (ana, sue):
        response = device.get(f"/blobs/{sha}")
        assert response.status_code == 404 and photo not in response.content
        assert (
            device.post(f"/blobs/{sha}", {"size": len(photo), "mime": "image/jpeg"}).json()[
                "exists"
            ]
            is False
        )
    [linked] = server.audit_rows(action="attachment_link")
    assert (
        linked.outcome == "denied"
        and linked.target_id == sha
        and linked.actor_user_id == ana.user_id
    )
    assert linked.detail == {"code": "not_proven", "record_id": mine}
    denied_reads = server.audit_rows(action="blob_read", outcome="denied")
    assert {row.device_id for row in denied_reads} >= {ana.device_id, sue.device_id}


def test_a_wrong_declared_size_is_refused_like_a_missing_record_and_audited(server):
    ana, _ben, _sue, mine, _photo, sha = _two_teams(server)
    result = _attach(ana, mine, sha, 1)
    assert (result["result"], result["code"]) == ("rejected", "not_found")
    assert ana.get(f"/records/{mine}").json()["body"]["attachments"] == []
    assert server.audit_rows(action="push", outcome="denied", target_id=mine)
    assert ana.get(f"/blobs/{sha}").status_code == 404


def test_a_hash_named_in_a_created_record_opens_nothing_either(server):
    ana, _ben, sue, _mine, _photo, sha = _two_teams(server)
    case_a = ana.get("/sync/changes").json()["changes"][0]["case_id"]
    visit = new_id()
    ref = {"sha256": sha, "name": "p.jpg", "mime": "image/jpeg", "kind": "photo"}
    [r] = ana.push_ok(
        ana.mutation(
            "create", "home_visit", visit, fields={"case_id": case_a, "attachments": [ref]}
        )
    )
    assert r["result"] == "applied", r
    assert ana.get(f"/blobs/{sha}").status_code == sue.get(f"/blobs/{sha}").status_code == 404


def test_attach_first_upload_later_by_the_same_device_opens_the_link(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    visit = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", visit, fields={"case_id": case}))
    photo = b"a drawing the child made" * 200
    sha = hashlib.sha256(photo).hexdigest()
    assert _attach(ana, visit, sha, len(photo))["result"] == "applied"  # before the upload
    assert (
        server.audit_rows(action="attachment_link") == []
    )  # nothing to deny: the server has no such content
    _upload(ana, photo)
    assert ana.get(f"/blobs/{sha}").content == photo
    # a second laptop of the same caseload reads it through the (now proven) link
    other = server.device("ana")
    assert other.get(f"/blobs/{sha}").content == photo


def test_an_upload_of_the_same_bytes_proves_a_pending_link_even_when_the_content_is_already_stored(
    server,
):
    ana, _ben, sue, mine, photo, sha = _two_teams(server)
    assert _attach(ana, mine, sha, len(photo))["result"] == "applied"
    assert sue.get(f"/blobs/{sha}").status_code == 404
    # ana's laptop really has the photo (the same picture reached both teams): its upload proves it
    status = ana.post(f"/blobs/{sha}", {"size": len(photo), "mime": "image/jpeg"}).json()
    assert status["exists"] is False  # she must send the bytes, even though the server holds them
    _upload(ana, photo)
    assert ana.get(f"/blobs/{sha}").content == photo
    assert sue.get(f"/blobs/{sha}").content == photo


def test_content_already_readable_in_scope_links_at_once(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    first, second = new_id(), new_id()
    for visit in (first, second):
        ana.push_ok(ana.mutation("create", "home_visit", visit, fields={"case_id": case}))
    photo = b"one photo, two visits" * 100
    sha = _upload(ana, photo)
    assert _attach(ana, first, sha, len(photo))["result"] == "applied"
    laptop2 = server.device("ana")  # never uploaded it, but reads it in its scope
    assert _attach(laptop2, second, sha, len(photo))["result"] == "applied"
    assert server.audit_rows(action="attachment_link") == []
    assert laptop2.get(f"/blobs/{sha}").content == photo
