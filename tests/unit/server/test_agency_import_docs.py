"""docs/agency-import.md describes every column the import reads, with its allowed values and
whether it is restricted (as the registry of kinds says), and the committed sample folder is what
the import expects (its headers are the import's columns)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from fieldcase.server.agency_import import reader
from fieldcase.server.agency_import.columns import TABLES
from fieldcase.server.agency_import.validation import Known, check

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "agency-import.md").read_text(encoding="utf-8")


def test_every_column_and_allowed_value_is_documented():
    for table in TABLES:
        assert f"### `{table.file_name}`" in DOC
        section = DOC.split(f"### `{table.file_name}`", 1)[1].split("###", 1)[0]
        for column in table.columns:
            row = next(
                (line for line in section.splitlines() if line.startswith(f"| `{column.name}` |")),
                None,
            )
            assert row is not None, (table.name, column.name)
            assert ("| yes |" if column.required else "| no |") in row, (table.name, column.name)
            assert ("**Restricted.**" in row) == table.restricted(column), (table.name, column.name)
            for value in column.choices:
                assert f"`{value}`" in row, (table.name, column.name, value)


def test_the_sample_folder_and_jsonl_check_clean_against_the_sample_users():
    folder = ROOT / "docs" / "samples" / "agency"
    for table in TABLES:
        with open(folder / table.file_name, encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == [c.name for c in table.columns]
    users = {"worker0001": "u1", "worker0002": "u2"}
    for path in (folder, ROOT / "docs" / "samples" / "agency.jsonl"):
        checked = check(reader.read(path), Known({}, users))
        assert checked.problems == [] and len(checked.items) > 20, checked.problems[:3]
    lines = (ROOT / "docs" / "samples" / "agency.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["type"] for line in lines} == {t.row_type for t in TABLES}
