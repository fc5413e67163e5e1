"""Assessment instruments the office loads for every laptop (server/instruments.py), on SQLite and
PostgreSQL: `fieldcase-server instruments add|list|retire`, a bad or hostile file refused with the
place in it and nothing written, a new version beside the old, and `GET /instruments` (and each
file) for enrolled laptops only."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest

from fieldcase.bundled import resource
from fieldcase.errors import UserError
from fieldcase.server import instruments
from fieldcase.server.cli import main
from integration.server.test_providers import _cli_url


def agency_pack(
    version: str = "1.0", *, item_text: str = "Reads a synthetic school report"
) -> dict:
    """A synthetic stand-in for a licensed pack (no CANS content): the shipped checklist renamed."""
    data = json.loads(
        resource("instruments")
        .joinpath("independent_living_skills.json")
        .read_text(encoding="utf-8")
    )
    data = copy.deepcopy(data)
    data.update(
        id="agency_needs_pack",
        name={"en": "Agency needs pack (synthetic)", "es": "Paquete de necesidades (sintético)"},
        version=version,
        minimum_age=None,
        interval_days=90,
    )
    data["domains"][0]["items"][0]["text"] = {"en": item_text}
    return data


def _write(tmp_path: Path, name: str, data: dict | str | bytes) -> str:
    path = tmp_path / name
    if isinstance(data, dict):
        path.write_text(json.dumps(data), encoding="utf-8")
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def test_the_admin_command_adds_lists_and_retires_instruments(server, request, capsys, tmp_path):
    url = _cli_url(server, request)
    assert (
        main(
            ["--db", url, "instruments", "add", _write(tmp_path, "pack-1.json", agency_pack("1.0"))]
        )
        == 0
    )
    assert "agency_needs_pack version 1.0" in capsys.readouterr().out
    # the same file again changes nothing; a changed file under the same version is refused
    assert (
        main(
            ["--db", url, "instruments", "add", _write(tmp_path, "pack-1.json", agency_pack("1.0"))]
        )
        == 0
    )
    assert (
        main(
            [
                "--db",
                url,
                "instruments",
                "add",
                _write(tmp_path, "pack-1b.json", agency_pack("1.0", item_text="Changed")),
            ]
        )
        == 1
    )
    assert 'new "version"' in capsys.readouterr().err
    # a new version sits beside the old one (the assessments rated with 1.0 still need it)
    assert (
        main(
            ["--db", url, "instruments", "add", _write(tmp_path, "pack-2.json", agency_pack("2.0"))]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--db", url, "instruments", "list"]) == 0
    listed = capsys.readouterr().out
    assert (
        "agency_needs_pack  1.0  Agency needs pack (synthetic)" in listed
        and "agency_needs_pack  2.0" in listed
    )
    assert "2 instrument file(s)" in listed
    assert (
        main(["--db", url, "instruments", "retire", "agency_needs_pack", "--version", "1.0"]) == 0
    )
    assert main(["--db", url, "instruments", "retire", "no_such_pack"]) == 1
    capsys.readouterr()
    assert main(["--db", url, "instruments", "list"]) == 0
    assert "1.0" not in capsys.readouterr().out
    assert main(["--db", url, "instruments", "list", "--all"]) == 0
    assert (
        "agency_needs_pack  1.0  Agency needs pack (synthetic)  sha256:" in capsys.readouterr().out
    )
    assert [
        (r.version, r.active) for r in instruments.list_instruments(server.db, include_retired=True)
    ] == [("1.0", False), ("2.0", True)]
    assert server.audit_rows(action="instrument_add") and server.audit_rows(
        action="instrument_retire"
    )


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            lambda: json.dumps({**agency_pack(), "actionable_from": 9}),
            "pack.json at actionable_from: must be one of the scale's ratings",
        ),
        (
            lambda: json.dumps(agency_pack()).replace('"money_budget"', '"Money Budget"'),
            "pack.json at domains[0].items[0].id",
        ),
        (lambda: '{"id": "x", "scale": [', "pack.json at line 1: is not valid JSON"),
        # hostile: a JSON bomb of nesting, a terminal escape in a question, a path in the version, not UTF-8, too big
        (lambda: _nested(100_000), "nested too deeply"),
        (
            lambda: json.dumps(agency_pack(item_text="Reads\u001b[2J a report")),
            "domains[0].items[0].text: holds a control character",
        ),
        (
            lambda: json.dumps(agency_pack("../../etc/passwd")),
            "pack.json at version: must be a text of letters",
        ),
        (lambda: json.dumps(agency_pack()).encode("utf-16"), "is not UTF-8"),
        (lambda: b" " * (2 * 1024 * 1024 + 1), "larger than an instrument can be"),
    ],
)
def test_a_bad_or_hostile_file_is_refused_with_its_place_and_nothing_is_written(
    server, request, capsys, tmp_path, content, words
):
    url = _cli_url(server, request)
    assert main(["--db", url, "instruments", "add", _write(tmp_path, "pack.json", content())]) == 1
    error = capsys.readouterr().err
    assert words in error, error
    assert instruments.list_instruments(server.db, include_retired=True) == []


def test_every_laptop_reads_the_list_and_the_files_and_only_with_a_device(server):
    server.make_user("ana")
    text = json.dumps(agency_pack("1.0")).encode()
    row = instruments.add_instrument(server.db, text, source="pack.json")
    instruments.add_instrument(
        server.db, json.dumps(agency_pack("2.0")).encode(), source="pack-2.json"
    )
    instruments.retire_instrument(server.db, "agency_needs_pack", version="1.0")
    laptop = server.device("ana")
    answer = laptop.get("/instruments")
    assert answer.status_code == 200, answer.text
    assert [
        (e["instrument_id"], e["version"], e["retired"]) for e in answer.json()["instruments"]
    ] == [("agency_needs_pack", "1.0", True), ("agency_needs_pack", "2.0", False)]
    assert (
        answer.json()["instruments"][0]["sha256"] == row.sha256 == hashlib.sha256(text).hexdigest()
    )
    got = laptop.get("/instruments/agency_needs_pack/1.0")
    assert got.status_code == 200 and got.json()["content"] == text.decode()
    assert laptop.get("/instruments/agency_needs_pack/9.9").status_code == 404
    assert laptop.get("/instruments/agency_needs_pack/..%2F..").status_code in (404, 422)
    assert server.client.get("/instruments").status_code == 401
    assert server.client.get("/instruments/agency_needs_pack/2.0").status_code == 401


def test_the_file_is_checked_before_anything_is_written(server):
    with pytest.raises(UserError, match=r"Not an instrument: pack\.json at raters"):
        instruments.add_instrument(
            server.db,
            json.dumps({**agency_pack(), "raters": ["judge"]}).encode(),
            source="pack.json",
        )
