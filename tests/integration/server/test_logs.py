"""Logs and error answers never contain names, narratives, passwords or tokens (security.md "Leaks")."""

from __future__ import annotations

import logging

from fieldcase.domain.ids import new_id

CANARY = "Qzxv-canary-Wobblethorpe"


def test_no_personal_data_or_secrets_in_logs(server, caplog):
    caplog.set_level(logging.DEBUG)
    server.make_user("ana")
    case = server.make_case("ana")
    enrolled = server.enroll("ana").json()
    server.enroll("ana", password=CANARY + "-password")  # refused
    token = enrolled["tokens"]["access_token"]
    ana = server.device("ana")
    record = new_id()
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", record, fields={"case_id": case, "observations": CANARY}
        )
    )
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", new_id(), fields={"case_id": case, "no_such_field": CANARY}
        )
    )
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=0,
            patch={"observations": {"base": CANARY, "new": CANARY}},
        )
    )
    bad = ana.post("/sync/push", {"batch_id": "nope", "mutations": [{"observations": CANARY}]})
    assert bad.status_code == 422 and CANARY not in bad.text
    ana.pull_all()
    text = caplog.text
    for secret in (CANARY, token, enrolled["tokens"]["refresh_token"], ana.access_token):
        assert secret not in text
    for row in server.audit_rows():
        assert CANARY not in repr(row.detail) and CANARY not in (row.target_id or "")
