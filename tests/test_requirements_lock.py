"""The pinned, hashed requirements (requirements/*.txt, written by scripts/lock) still match
pyproject.toml: a dependency added to pyproject without running scripts/lock fails here, not on
the next clean install."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def _pins(path: Path) -> dict[str, tuple[Version, bool]]:
    """name -> (version, carries at least one hash) for each pin of a generated file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    pins: dict[str, tuple[Version, bool]] = {}
    for i, line in enumerate(lines):
        match = PIN.match(line)
        if match:
            hashed = i + 1 < len(lines) and lines[i + 1].strip().startswith("--hash=sha256:")
            pins[canonicalize_name(match.group(1))] = (Version(match.group(2)), hashed)
    return pins


def _wanted(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    names = list(project["dependencies"]) + PYPROJECT["build-system"]["requires"]
    for extra in extras or tuple(project["optional-dependencies"]):
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements/dev.txt", ()), ("requirements/server.txt", ("server", "postgres"))],
)
def test_every_dependency_is_pinned_with_hashes_in_a_version_pyproject_allows(
    lock: str, extras: tuple[str, ...]
):
    pins = _pins(ROOT / lock)
    assert pins, f"{lock} has no pins"
    for requirement in _wanted(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in {lock}: run scripts/lock"
        version, hashed = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, pyproject wants {requirement}: run scripts/lock"
        )
        assert hashed, f"{name} has no hash in {lock}"
    unhashed = [name for name, (_, hashed) in pins.items() if not hashed]
    assert not unhashed, f"pins without a hash in {lock}: {unhashed}"


def test_the_locks_name_no_download_address_and_agree_with_constraints():
    dev = _pins(ROOT / "requirements/dev.txt")
    for lock in ("requirements/dev.txt", "requirements/server.txt", "constraints.txt"):
        text = (ROOT / lock).read_text(encoding="utf-8")
        assert "://" not in text, (
            f"{lock} records an address; the registry is the installer's choice"
        )
    server = _pins(ROOT / "requirements/server.txt")
    assert {name: v for name, (v, _) in server.items()} == {
        name: dev[name][0] for name in server
    }, "server.txt and dev.txt disagree: run scripts/lock"
    constraints = _pins(ROOT / "constraints.txt")
    assert {name: v for name, (v, _) in constraints.items()} == {
        name: v for name, (v, _) in dev.items()
    }, "constraints.txt is not dev.txt's pins: run scripts/lock"
