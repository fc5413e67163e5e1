"""The lint gate (scripts/lint, run by scripts/test) can fail: a planted finding of each step fails
the command, a clean file passes it, and the rules chosen in pyproject.toml [tool.ruff] catch what
they were chosen for, with the per-file exceptions applying where they are meant to."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CLEAN = "def total(values: list[int]) -> int:\n    return sum(values)\n"
PLANTED = {
    # ruff's linter only: formatted and well typed, but an unused import
    "lint_plant.py": "import os\n\n\ndef total(values: list[int]) -> int:\n    return sum(values)\n",
    # the formatter only: lint-clean and typed, written the way the formatter does not
    "format_plant.py": "def total(values: list[int]) -> int:\n    return sum( values )\n",
    # mypy only: lint-clean and formatted, returns a str where it promises an int
    "types_plant.py": "def total(values: list[int]) -> int:\n    return str(sum(values))\n",
}


def _lint(tmp_path: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "FIELDCASE_LINT_PYTHON": sys.executable,
        "FIELDCASE_LINT_ENFORCED": "check format types",  # every step, whatever scripts/lint enforces today
        "XDG_CACHE_HOME": str(tmp_path / "cache"),  # the tools' caches stay in the test's folder
    }
    return subprocess.run(
        ["bash", str(ROOT / "scripts/lint"), *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.slow
def test_a_planted_finding_of_each_step_fails_the_lint_and_a_clean_file_passes(tmp_path):
    clean = tmp_path / "clean.py"
    clean.write_text(CLEAN, encoding="utf-8")
    done = _lint(tmp_path, clean)
    assert done.returncode == 0, done.stdout + done.stderr

    plants = []
    for name, text in PLANTED.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        plants.append(tmp_path / name)
    done = _lint(tmp_path, *plants)
    assert done.returncode != 0
    assert "findings in: check format types" in done.stderr, done.stdout + done.stderr
    # each step is failed by its own plant, not by one file that breaks everything
    check, rest = done.stdout.split("--- format:", 1)
    format_, types = rest.split("--- types:", 1)
    # each step's findings, without the command line naming every file
    check, format_, types = (part.split("\n", 1)[1] for part in (check, format_, types))
    assert (
        "lint_plant.py:1:8: F401" in check
        and "format_plant" not in check
        and "types_plant" not in check
    )
    assert (
        "format_plant.py" in format_
        and "lint_plant" not in format_
        and "types_plant" not in format_
    )
    assert (
        "types_plant.py:2: error" in types
        and "lint_plant" not in types
        and "format_plant" not in types
    )


def _ruff(text: str, as_path: str) -> set[str]:
    """The rule codes ruff reports on `text` as if it were the file `as_path` of this project."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--config",
            str(ROOT / "pyproject.toml"),
            "--no-cache",
            "--output-format",
            "concise",
            "--stdin-filename",
            as_path,
            "-",
        ],
        input=text,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 2: ruff itself failed (a bad configuration)
    return {
        line.split(": ", 1)[1].split()[0]
        for line in done.stdout.splitlines()
        if ": " in line and line.startswith(as_path)
    }


BUGS = """from fieldcase.ui.i18n import _


def label(count: int, names: list[str], ids: list[str]) -> list[str]:
    try:
        pairs = dict(zip(names, ids))
    except Exception:
        pairs = {}
    print(pairs)
    return [_(f"{count} children"), "first" "second"]
"""


def test_the_chosen_rules_catch_what_they_were_chosen_for():
    found = _ruff(BUGS, "src/fieldcase/ui/planted.py")
    assert {
        "INT001",  # an f-string inside _() is never in the catalogue: no Spanish
        "B905",  # zip() over lists that must be as long as each other
        "BLE001",  # a blind except swallowing a failure
        "T201",  # print outside the command line: output that bypasses the allow-listed log
        "ISC004",  # two strings of a list joined by a missing comma
    } <= found, found


def test_the_per_file_exceptions_apply_where_they_are_meant_to():
    secret = 'PASSPHRASE = "correct horse battery staple"\nprint(PASSPHRASE)\n'
    assert {"S105", "T201"} <= _ruff(secret, "src/fieldcase/security/planted.py")
    assert (
        _ruff(secret, "tests/unit/test_planted.py") == set()
    )  # a test's fixed passphrase, printed
    assert _ruff(secret, "src/fieldcase/commands/planted.py") == {
        "S105"
    }  # a command prints, but has no secrets
