"""Attachments: chunked, hashed per chunk, resumable, idempotent commit, Range downloads."""

from __future__ import annotations

import hashlib

from fieldcase.domain.ids import new_id


def _chunk(device, sha, offset, data, chunk_sha=None):
    return device.put(
        f"/blobs/{sha}/chunks/{offset}",
        data,
        headers={
            "X-FC-Chunk-SHA256": chunk_sha or hashlib.sha256(data).hexdigest(),
            "Content-Type": "application/octet-stream",
        },
    )


def test_upload_resume_commit_and_range(server):
    server.make_user("ana")
    case = server.make_case("ana")
    ana = server.device("ana")
    data = bytes(range(256)) * 40  # 10 KiB
    sha = hashlib.sha256(data).hexdigest()
    status = ana.post(f"/blobs/{sha}", {"size": len(data), "mime": "image/jpeg"}).json()
    assert status == {
        "sha256": sha,
        "exists": False,
        "received": 0,
        "size": len(data),
        "chunk_max": 4 * 1024 * 1024,
    }
    assert _chunk(ana, sha, 0, data[:4000]).json()["received"] == 4000
    # a damaged chunk is refused, nothing stored
    bad = _chunk(ana, sha, 4000, data[4000:8000], chunk_sha="0" * 64)
    assert bad.status_code == 422
    # the connection dropped: ask where to resume
    assert (
        ana.post(f"/blobs/{sha}", {"size": len(data), "mime": "image/jpeg"}).json()["received"]
        == 4000
    )
    assert _chunk(ana, sha, 0, data[:4000]).json()["received"] == 4000  # a resent chunk is harmless
    assert _chunk(ana, sha, 8000, data[8000:]).status_code == 409  # gap
    assert _chunk(ana, sha, 4000, data[4000:]).json()["received"] == len(data)
    assert ana.post(f"/blobs/{sha}/commit").json() == {
        "sha256": sha,
        "size": len(data),
        "committed": True,
    }
    assert ana.post(f"/blobs/{sha}/commit").status_code == 200  # idempotent
    assert (
        ana.post(f"/blobs/{sha}", {"size": len(data), "mime": "image/jpeg"}).json()["exists"]
        is True
    )

    visit = new_id()
    ana.push_ok(ana.mutation("create", "home_visit", visit, fields={"case_id": case}))
    [r] = ana.push_ok(
        ana.mutation(
            "attach",
            "home_visit",
            visit,
            field="attachments",
            attachment={
                "sha256": sha,
                "size": len(data),
                "mime": "image/jpeg",
                "name": "../../drawing.jpg",
            },
        )
    )
    assert r["result"] == "applied"
    [ref] = ana.get(f"/records/{visit}").json()["body"]["attachments"]
    assert ref["sha256"] == sha and "/" not in ref["name"]

    whole = ana.get(f"/blobs/{sha}")
    assert whole.content == data and whole.headers["content-type"] == "image/jpeg"
    part = ana.get(f"/blobs/{sha}", headers={"Range": "bytes=3990-4010"})
    assert part.status_code == 206 and part.content == data[3990:4011]
    assert part.headers["Content-Range"] == f"bytes 3990-4010/{len(data)}"


def test_commit_with_wrong_content_is_refused(server):
    server.make_user("ana")
    ana = server.device("ana")
    data = b"not what the hash says"
    sha = hashlib.sha256(b"something else").hexdigest()
    ana.post(f"/blobs/{sha}", {"size": len(data), "mime": "text/plain"})
    assert _chunk(ana, sha, 0, data).status_code == 200
    response = ana.post(f"/blobs/{sha}/commit")
    assert (
        response.status_code == 422 and response.json()["error"]["code"] == "content_hash_mismatch"
    )
    assert ana.get(f"/blobs/{sha}").status_code == 404


def test_attachment_over_the_size_limit_is_413(server):
    server.make_user("ana")
    ana = server.device("ana")
    response = ana.post(f"/blobs/{'a' * 64}", {"size": 10**12, "mime": "video/mp4"})
    assert response.status_code == 413
