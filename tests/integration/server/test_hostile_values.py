"""Hostile numbers and characters (issue 16, item 6): one rule for every integer on the wire
(0 ≤ n < 2^63, or tighter) and one for text (no control characters but tab and line breaks), the same
on SQLite and PostgreSQL, applied at the protocol boundary — never a 500, never "retried forever".
A push with one bad mutation applies the others and rejects that one alone, with a reason."""

from __future__ import annotations

import pytest

from fieldcase.domain.ids import new_id


def _ana(server):
    server.make_user("ana")
    case = server.make_case("ana")
    return server.device("ana"), case


def _rejected_alone(results, bad_ids):
    for r in results:
        if r["mutation_id"] in bad_ids:
            assert r["result"] == "rejected" and r["code"] == "invalid_value" and r["reason"], r
        else:
            assert r["result"] == "applied", r


def test_a_device_seq_past_64_bits_is_rejected_alone_and_the_rest_applied(server):
    ana, case = _ana(server)
    good, bad = (
        ana.mutation("create", "home_visit", new_id(), fields={"case_id": case}),
        ana.mutation("create", "home_visit", new_id(), fields={"case_id": case}),
    )
    bad["device_seq"] = 2**63
    results = ana.push_ok(good, bad)
    assert len(results) == 2
    _rejected_alone(results, {bad["mutation_id"]})
    assert "device_seq" in next(
        r["reason"] for r in results if r["mutation_id"] == bad["mutation_id"]
    )
    # a replay has the same answers and no further effect
    again = ana.push_ok(good, bad)
    assert [r["result"] for r in again] == [
        "duplicate" if r["mutation_id"] == good["mutation_id"] else "rejected" for r in again
    ]


@pytest.mark.parametrize("where", ["narrative", "number", "hlc", "comment", "base_rev"])
def test_hostile_values_inside_a_mutation_are_rejected_alone(server, where):
    ana, case = _ana(server)
    visit = new_id()
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", visit, fields={"case_id": case, "observations": "calm"}
        )
    )
    bad = {
        "narrative": ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "calm", "new": "a\x00b"}},
        ),
        "number": ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "calm", "new": 2**70}},
        ),
        "hlc": ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=1,
            patch={"observations": {"base": "calm", "new": "x"}},
            hlc="1\x1b[2J",
        ),
        "comment": ana.mutation(
            "command",
            "home_visit",
            visit,
            command="comment",
            args={"comment_id": new_id(), "text": "why\x00?"},
        ),
        "base_rev": ana.mutation(
            "patch",
            "home_visit",
            visit,
            base_rev=2**64,
            patch={"observations": {"base": "calm", "new": "x"}},
        ),
    }[where]
    good = ana.mutation(
        "create",
        "home_visit",
        new_id(),
        fields={"case_id": case, "observations": "line one\n\tline two\r\n"},
    )
    results = ana.push_ok(bad, good)
    _rejected_alone(results, {bad["mutation_id"]})
    assert ana.get(f"/records/{visit}").json()["body"]["observations"] == "calm"
    assert (
        ana.get(f"/records/{good['record_id']}").json()["body"]["observations"]
        == "line one\n\tline two\r\n"
    )


def test_hello_counters_past_64_bits_are_a_clear_422(server):
    ana, _ = _ana(server)
    for fields in (
        {"last_device_seq": 2**63},
        {"audit_chain": {"count": 2**64, "head": "ab" * 16}},
        {"protocol_version": -1},
    ):
        answer = ana.hello(**fields)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "invalid_request"
    assert ana.hello().status_code == 200


def test_nul_in_ids_usernames_and_texts_is_a_clear_422_on_every_endpoint(server):
    ana, case = _ana(server)
    visit = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", visit, fields={"case_id": case}))
    answers = [
        ana.get("/records/abc%00def"),
        ana.get(f"/records/{visit[:-1]}%00"),
        ana.post(f"/records/{visit}/comments", {"comment_id": new_id(), "text": "a\x00b"}),
        ana.post(f"/records/{visit}/addenda", {"text": "\x07ring"}),
        ana.post(f"/records/{visit}/return", {"reason": "no\x00"}),
        ana.post(f"/records/{visit}/submit", {"rev": 2**63}),
        ana.get("/sync/changes", params={"cursor": "abc\x00"}),
        ana.post(f"/blobs/{'a' * 63}%00", {"size": 1, "mime": "image/png"}),
        ana.post(f"/blobs/{'a' * 64}", {"size": 2**63, "mime": "image/png"}),
        ana.put(
            f"/blobs/{'a' * 64}/chunks/{2**64}",
            b"x",
            headers={"Content-Type": "application/octet-stream"},
        ),
        server.enroll("an\x00a"),
        server.client.post(
            "/auth/refresh", json={"device_id": ana.device_id, "refresh_token": "x\x00"}
        ),
    ]
    for answer in answers:
        assert answer.status_code == 422, (answer.request.url, answer.text)
        error = answer.json()["error"]
        assert error["code"] == "invalid_request" and error["fields"], error
    assert ana.get(f"/records/{visit}").status_code == 200


def test_a_cursor_with_a_huge_number_inside_is_refused_not_a_500(server):
    import base64

    ana, _ = _ana(server)
    page = ana.pull().json()
    epoch = page["epoch"]
    for seq, after in ((str(2**70), ""), ("1", "x\x00")):
        cursor = base64.urlsafe_b64encode(f"v1:{epoch}:{seq}:{after}".encode()).decode().rstrip("=")
        answer = ana.pull(cursor=cursor)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["fields"] == ["cursor"]


def test_a_byte_range_past_64_bits_is_a_416_not_a_500(server):
    import hashlib

    ana, case = _ana(server)
    visit = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", visit, fields={"case_id": case}))
    empty = hashlib.sha256(b"").hexdigest()
    assert ana.post(f"/blobs/{empty}", {"size": 0, "mime": "image/png"}).status_code == 200
    ana.post(f"/blobs/{empty}/commit")
    [r] = ana.push_ok(
        ana.mutation(
            "attach",
            "home_visit",
            visit,
            field="attachments",
            attachment={"sha256": empty, "size": 0, "mime": "image/png"},
        )
    )
    assert r["result"] == "applied", r
    for header in (f"bytes={2**64}-", f"bytes=0-{2**70}"):
        answer = ana.get(f"/blobs/{empty}", headers={"Range": header})
        assert answer.status_code == 416, (header, answer.status_code, answer.text)
        assert answer.json()["error"]["code"] == "range_not_satisfiable"
