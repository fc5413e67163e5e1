"""Enrollment, token rotation and reuse detection, device states and the signed wipe command."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

from sqlalchemy import update

from fieldcase.security import tokens
from fieldcase.server import admin
from fieldcase.server.devices import REFRESH_GRACE
from fieldcase.server.models import EnrollmentCode, RefreshToken, utcnow


def test_enrollment_code_is_single_use(server):
    server.make_user("ana")
    code = server.enrollment_code()
    assert len(code.replace("-", "")) * 5 >= 128
    first = server.enroll("ana", code=code)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (
        body["user"]["role"] == "caseworker"
        and body["tokens"]["access_token"]
        and body["server_public_key"]
    )
    again = server.enroll("ana", code=code)
    assert again.status_code == 401 and again.json()["error"]["code"] == "enrollment_refused"
    # the token works
    hello = server.client.post(
        "/sync/hello",
        json={"protocol_version": 1, "schema_version": 1, "client_time": "2026-01-01T00:00:00Z"},
        headers={
            "Authorization": f"Bearer {body['tokens']['access_token']}",
            "X-FC-Device": body["device_id"],
        },
    )
    assert hello.status_code == 200 and hello.json()["device_state"] == "active"


def test_expired_code_and_wrong_password_are_refused_and_audited(server):
    server.make_user("ana")
    code = server.enrollment_code()
    wrong = server.enroll("ana", password="not the password at all", code=code)
    assert wrong.status_code == 401
    assert server.enroll("nobody", code=code).status_code == 401
    with server.db.write() as session:
        session.execute(update(EnrollmentCode).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = server.enroll("ana", code=code)
    assert expired.status_code == 401
    denials = [r for r in server.audit_rows(action="enroll") if r.outcome == "denied"]
    assert len(denials) == 3


def test_refresh_rotates_and_reuse_revokes_the_family(server):
    server.make_user("ana")
    enrolled = server.enroll("ana").json()
    device_id, pair = enrolled["device_id"], enrolled["tokens"]
    refreshed = server.client.post(
        "/auth/refresh", json={"device_id": device_id, "refresh_token": pair["refresh_token"]}
    )
    assert refreshed.status_code == 200
    new = refreshed.json()
    assert (
        new["refresh_token"] != pair["refresh_token"]
        and new["access_token"] != pair["access_token"]
    )
    # the old refresh token comes back after the grace window: stolen copy → the whole family dies
    with server.db.write() as session:
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.token_hash == tokens.token_hash(pair["refresh_token"]))
            .values(used_at=utcnow() - REFRESH_GRACE - timedelta(seconds=1))
        )
    reuse = server.client.post(
        "/auth/refresh", json={"device_id": device_id, "refresh_token": pair["refresh_token"]}
    )
    assert reuse.status_code == 401 and reuse.json()["error"]["code"] == "token_reused"
    headers = {"Authorization": f"Bearer {new['access_token']}", "X-FC-Device": device_id}
    assert server.client.get("/sync/changes", headers=headers).status_code == 401
    assert (
        server.client.post(
            "/auth/refresh", json={"device_id": device_id, "refresh_token": new["refresh_token"]}
        ).status_code
        == 401
    )
    assert server.audit_rows(action="refresh_reuse")


def _refreshed_once(server):
    """ana's laptop enrolled and its tokens refreshed once: (device id, the refresh request it made,
    the server's answer)."""
    server.make_user("ana")
    enrolled = server.enroll("ana").json()
    device_id = enrolled["device_id"]
    body = {"device_id": device_id, "refresh_token": enrolled["tokens"]["refresh_token"]}
    first = server.client.post("/auth/refresh", json=body)
    assert first.status_code == 200
    return device_id, body, first


def test_refresh_retried_after_a_lost_answer_returns_the_same_pair(server):
    device_id, body, first = _refreshed_once(server)
    # the answer was lost: the laptop retries with the token it still holds, within the grace window
    retry = server.client.post("/auth/refresh", json=body)
    assert retry.status_code == 200, retry.text
    assert retry.json() == first.json()
    assert not server.audit_rows(action="refresh_reuse")
    new = retry.json()
    headers = {"Authorization": f"Bearer {new['access_token']}", "X-FC-Device": device_id}
    assert server.client.get("/sync/changes", headers=headers).status_code == 200
    # the family goes on: the new refresh token works
    after = server.client.post(
        "/auth/refresh", json={"device_id": device_id, "refresh_token": new["refresh_token"]}
    )
    assert after.status_code == 200
    # now the first token is no longer the immediately-previous one: presenting it is real reuse
    stale = server.client.post("/auth/refresh", json=body)
    assert stale.status_code == 401 and stale.json()["error"]["code"] == "token_reused"
    headers = {"Authorization": f"Bearer {after.json()['access_token']}", "X-FC-Device": device_id}
    assert server.client.get("/sync/changes", headers=headers).status_code == 401


def test_a_laptop_locked_before_it_kept_the_new_pair_gets_it_again_days_later(server):
    """The refresh answered, but the laptop locked before it could keep the pair (the store's key was
    gone); it presents the old token at its next sync, after the weekend: the same pair, no revocation."""
    device_id, body, first = _refreshed_once(server)
    with server.db.write() as session:
        session.execute(
            update(RefreshToken)
            .where(RefreshToken.token_hash == tokens.token_hash(body["refresh_token"]))
            .values(used_at=utcnow() - timedelta(days=3))
        )
    monday = server.client.post("/auth/refresh", json=body)
    assert monday.status_code == 200, monday.text
    assert monday.json()["refresh_token"] == first.json()["refresh_token"]
    assert not server.audit_rows(action="refresh_reuse")
    going_on = server.client.post(
        "/auth/refresh",
        json={"device_id": device_id, "refresh_token": monday.json()["refresh_token"]},
    )
    assert going_on.status_code == 200


def test_wrong_device_header_or_garbage_token_is_401(server):
    server.make_user("ana")
    ana = server.device("ana")
    other = server.device("ana")
    assert (
        server.client.get(
            "/sync/changes",
            headers={"Authorization": f"Bearer {ana.access_token}", "X-FC-Device": other.device_id},
        ).status_code
        == 401
    )
    assert (
        server.client.get(
            "/sync/changes",
            headers={"Authorization": "Bearer nonsense", "X-FC-Device": ana.device_id},
        ).status_code
        == 401
    )
    assert server.client.get("/sync/changes").status_code == 401


def test_suspended_device_is_refused_and_resumes(server):
    server.make_user("ana")
    ana = server.device("ana")
    admin.set_device_state(server.db, ana.device_id, "suspend")
    response = ana.get("/sync/changes")
    assert response.status_code == 403 and response.json()["error"]["code"] == "device_suspended"
    admin.set_device_state(server.db, ana.device_id, "resume")
    assert ana.get("/sync/changes").status_code == 200


def test_wipe_command_is_signed_and_delivered_on_next_contact(server):
    server.make_user("ana")
    enrolled = server.enroll("ana").json()
    public_key = base64.b64decode(enrolled["server_public_key"])
    headers = {
        "Authorization": f"Bearer {enrolled['tokens']['access_token']}",
        "X-FC-Device": enrolled["device_id"],
    }
    admin.set_device_state(server.db, enrolled["device_id"], "wipe")

    pulled = server.client.get("/sync/changes", headers=headers)
    assert pulled.status_code == 401
    error = pulled.json()["error"]
    assert error["code"] == "device_revoked"
    command = error["wipe_command"]
    payload = base64.b64decode(command["payload"])
    assert tokens.verify_command(public_key, payload, base64.b64decode(command["signature"]))
    assert (
        json.loads(payload)["device_id"] == enrolled["device_id"]
        and json.loads(payload)["command"] == "wipe"
    )
    # a forged command does not verify
    forged = json.dumps({**json.loads(payload), "device_id": "someone-else"}).encode()
    assert not tokens.verify_command(public_key, forged, base64.b64decode(command["signature"]))

    hello = server.client.post(
        "/sync/hello",
        json={"protocol_version": 1, "schema_version": 1, "client_time": "2026-01-01T00:00:00Z"},
        headers=headers,
    )
    assert hello.status_code == 200
    assert hello.json()["actions"] == ["wipe"] and hello.json()["wipe_command"] == command
    assert server.client.post("/sync/wiped", headers=headers).status_code == 204
    assert admin.list_devices(server.db)[0]["state"] == "wiped"
    assert (
        server.client.post(
            "/sync/hello",
            json={"protocol_version": 1, "schema_version": 1, "client_time": "x"},
            headers=headers,
        ).status_code
        == 401
    )


def test_retired_device_gets_401(server):
    server.make_user("ana")
    ana = server.device("ana")
    admin.set_device_state(server.db, ana.device_id, "retire")
    assert ana.get("/sync/changes").status_code == 401


def test_audit_chain_fork_and_device_seq_regression_mark_the_device_suspect(server):
    server.make_user("ana")
    ana = server.device("ana")
    head1, head2 = "a" * 64, "b" * 64
    ok = ana.hello(audit_chain={"count": 5, "head": head1}).json()
    assert ok["audit_ack"] == {
        "count": 5,
        "head": head1,
        "acknowledged_count": 0,
        "acknowledged_head": None,
    }
    ana.hello(
        audit_chain={"count": 9, "head": head2, "acknowledged_count": 5, "acknowledged_head": head1}
    )
    assert admin.list_devices(server.db)[0]["suspect"] == ""
    # a restored copy reports the old acknowledgement: fork
    ana.hello(
        audit_chain={
            "count": 7,
            "head": "c" * 64,
            "acknowledged_count": 5,
            "acknowledged_head": head1,
        }
    )
    assert admin.list_devices(server.db)[0]["suspect"] == "audit_chain_fork"

    server.make_user("ben")
    ben = server.device("ben")
    from fieldcase.server.models import Device

    with server.db.write() as session:
        session.execute(update(Device).where(Device.id == ben.device_id).values(last_device_seq=10))
    ben.hello(last_device_seq=3)
    assert {d["user"]: d["suspect"] for d in admin.list_devices(server.db)}[
        "ben"
    ] == "device_seq_regression"
