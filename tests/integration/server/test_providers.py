"""The office's resource directory on the server (SQLite and PostgreSQL): `fieldcase-server
providers add|list|retire`, and `GET /providers` giving every enrolled laptop the active providers
(a retired one leaves; nobody without a device token reads it)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest

from fieldcase.errors import UserError
from fieldcase.server import providers
from fieldcase.server.cli import main


def _cli_url(server, request) -> str:
    if server.backend == "sqlite":
        return server.db.url
    schema = request.getfixturevalue("_pg_schema")
    return f"{server.db.url}?options={quote(f'-csearch_path={schema}')}"


def test_the_admin_command_adds_lists_and_retires_providers(server, request, capsys):
    url = _cli_url(server, request)
    assert (
        main(
            [
                "--db",
                url,
                "providers",
                "add",
                "Family Roots",
                "--service",
                "parenting",
                "--service",
                "mental health",
                "--county",
                "Boone",
                "--phone",
                "555-0100",
                "--agency-id",
                "P-1",
            ]
        )
        == 0
    )
    roots = capsys.readouterr().out.strip()
    assert (
        main(
            [
                "--db",
                url,
                "providers",
                "add",
                "Hope House",
                "--service",
                "housing;domestic_violence",
                "--county",
                "Cole",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--db", url, "providers", "list"]) == 0
    listed = capsys.readouterr().out
    assert (
        "Family Roots  [parenting, mental_health]  Boone" in listed
        and "Hope House" in listed
        and "2 provider(s)" in listed
    )
    # the same agency id twice, an unknown service, no service: refused with words, nothing written
    assert (
        main(
            ["--db", url, "providers", "add", "Again", "--service", "housing", "--agency-id", "P-1"]
        )
        == 1
    )
    assert main(["--db", url, "providers", "add", "Spaceport", "--service", "spaceships"]) == 1
    assert "Unknown service type" in capsys.readouterr().err
    assert main(["--db", url, "providers", "retire", "P-1"]) == 0  # by the agency id
    capsys.readouterr()
    assert main(["--db", url, "providers", "list", "--all", "--format", "csv"]) == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["Family Roots"]["active"] == "no" and rows["Family Roots"]["id"] == roots
    assert (
        rows["Family Roots"]["service_types"] == "parenting;mental_health"
        and rows["Hope House"]["active"] == "yes"
    )
    assert [p.name for p in providers.list_providers(server.db)] == ["Hope House"]
    assert main(["--db", url, "providers", "retire", "no-such-provider"]) == 1
    assert server.audit_rows(action="provider_add") and server.audit_rows(action="provider_retire")


def test_every_laptop_reads_the_active_providers_and_only_with_a_device(server):
    server.make_user("ana")
    hope = providers.add_provider(
        server.db,
        name="Hope House",
        service_types=["housing"],
        county="Cole",
        notes="Walk-ins\ton Tuesdays\x07",
    )
    gone = providers.add_provider(
        server.db, name="Closed Clinic", service_types=["medical"], county="Boone"
    )
    providers.retire_provider(server.db, gone)
    response = server.device("ana").get("/providers")
    assert response.status_code == 200, response.text
    [only] = response.json()["providers"]
    assert (only["id"], only["name"], only["service_types"], only["county"]) == (
        hope,
        "Hope House",
        ["housing"],
        "Cole",
    )
    assert (
        only["notes"] == "Walk-ins\ton Tuesdays "
    )  # a stray control character never reaches the wire
    assert server.client.get("/providers").status_code == 401
    assert server.audit_rows(action="providers")


def test_a_provider_needs_a_name_and_a_service(server):
    with pytest.raises(UserError):
        providers.add_provider(server.db, name=" ", service_types=["housing"])
    with pytest.raises(UserError):
        providers.add_provider(server.db, name="Somewhere", service_types=[])
