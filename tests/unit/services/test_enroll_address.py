"""`fieldcase enroll` refuses a plain-http server that is not on this computer before anything is sent
(issue 16, item 8): the agency password would travel in clear text."""

from __future__ import annotations

import io

import pytest

from fieldcase import cli
from fieldcase.errors import UserError
from fieldcase.services import enrollment


@pytest.fixture
def sent(monkeypatch):
    calls: list[str] = []

    def record(server_url, request, **_kw):
        calls.append(server_url)
        raise AssertionError("the enrollment must not be sent")

    monkeypatch.setattr(enrollment, "request_enrollment", record)
    return calls


def test_cli_refuses_plain_http_to_another_computer(tmp_path, monkeypatch, capsys, sent):
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("agency password\nABCD-EFGH\nA long laptop passphrase 42\n")
    )
    code = cli.main(
        [
            "enroll",
            "--server",
            "http://fieldcase.agency.example",
            "--username",
            "jdoe",
            "--data-dir",
            str(tmp_path / "data"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "https://" in err and "unprotected" in err and "agency password" not in err
    assert sent == [] and not (tmp_path / "data").exists()


def test_the_service_applies_the_same_rule(tmp_path, sent):
    with pytest.raises(UserError, match="https://"):
        enrollment.enroll(
            data_dir=tmp_path / "data",
            server_url="http://10.1.2.3:8443",
            username="jdoe",
            password="agency password",
            enrollment_code="ABCD",
            passphrase="A long laptop passphrase 42",
        )
    assert sent == []
