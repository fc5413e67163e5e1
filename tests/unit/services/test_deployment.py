import base64
import json

import pytest

from fieldcase.services.deployment import DeploymentFileInvalid, load_deployment, parse_deployment


def test_a_complete_file_is_read(tmp_path, monkeypatch):
    key = bytes(range(32))
    path = tmp_path / "fieldcase-deployment.json"
    path.write_text(
        json.dumps(
            {
                "server_url": "https://fieldcase.agency.example/",
                "escrow_public_key": base64.b64encode(key).decode(),
                "ca_bundle": "agency-ca.pem",
                "agency_name": "Example County",
            }
        )
    )
    monkeypatch.setenv("FIELDCASE_DEPLOYMENT", str(path))
    found = load_deployment()
    assert found.server_url == "https://fieldcase.agency.example"
    assert found.escrow_public_key == key
    assert found.ca_bundle == tmp_path / "agency-ca.pem"
    assert found.source == path


def test_no_file_means_no_settings(tmp_path, monkeypatch):
    monkeypatch.delenv("FIELDCASE_DEPLOYMENT", raising=False)
    assert load_deployment(tmp_path).server_url is None


@pytest.mark.parametrize(
    "content,problem",
    [
        (b"not json", "not JSON"),
        (b"[]", "object"),
        (json.dumps({"server_url": "http://fieldcase.agency.example"}).encode(), "https"),
        (json.dumps({"server_url": "ftp://x"}).encode(), "https"),
        (json.dumps({"escrow_public_key": "abc"}).encode(), "escrow_public_key"),
        (
            json.dumps({"escrow_public_key": base64.b64encode(b"short").decode()}).encode(),
            "32-byte",
        ),
        (json.dumps({"passphrase": "x"}).encode(), "unknown setting"),
        (json.dumps({"server_url": 5}).encode(), "text"),
    ],
)
def test_bad_files_are_refused_in_plain_words(content, problem):
    with pytest.raises(DeploymentFileInvalid, match=problem):
        parse_deployment(content)


def test_plain_http_is_allowed_only_on_this_computer():
    assert (
        parse_deployment(b'{"server_url": "http://127.0.0.1:8765"}').server_url
        == "http://127.0.0.1:8765"
    )
