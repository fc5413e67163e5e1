"""The tarball's install.sh (issue 18): an upgrade leaves no file of the old version behind, keeps
IT's deployment file, and --uninstall removes the app but never the caseworker's data folder.
Runs on a tiny stand-in bundle with --user and a temporary HOME, so it is fast and touches nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the Linux install script"
)


def _tarball(where: Path, files: dict[str, str]) -> Path:
    where.mkdir(parents=True)
    shutil.copy(ROOT / "installer/linux/install.sh", where)
    shutil.copy(ROOT / "installer/linux/fieldcase.desktop", where)
    for name, text in files.items():
        (where / "fieldcase" / name).parent.mkdir(parents=True, exist_ok=True)
        (where / "fieldcase" / name).write_text(text)
    return where


def _run(tarball: Path, home: Path, *args: str) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(home)}
    done = subprocess.run(
        ["bash", str(tarball / "install.sh"), "--user", *args],
        env=env,
        capture_output=True,
        check=False,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_an_upgrade_leaves_no_stale_file_and_uninstall_keeps_the_data(tmp_path):
    home = tmp_path / "home"
    data = home / ".local/share/fieldcase"
    data.mkdir(parents=True)
    (data / "store.sqlcipher").write_text("encrypted caseload")
    old = _tarball(
        tmp_path / "old", {"fieldcase": "#!/bin/sh\necho old\n", "_internal/libdropped.so": "old"}
    )
    (old / "fieldcase-deployment.json").write_text("{}")
    _run(old, home)
    prefix = home / ".local/opt/fieldcase"
    assert (prefix / "_internal/libdropped.so").is_file() and (
        prefix / "fieldcase-deployment.json"
    ).is_file()

    new = _tarball(
        tmp_path / "new", {"fieldcase": "#!/bin/sh\necho new\n", "_internal/libkept.so": "new"}
    )
    _run(new, home)
    assert not (prefix / "_internal/libdropped.so").exists(), (
        "the upgrade left a file of the old version"
    )
    assert (prefix / "_internal/libkept.so").is_file()
    assert (prefix / "fieldcase-deployment.json").read_text() == "{}", (
        "IT's deployment file was lost"
    )
    assert (home / ".local/bin/fieldcase").resolve() == (prefix / "fieldcase").resolve()
    assert (
        f"Exec={prefix}/fieldcase app"
        in (home / ".local/share/applications/fieldcase.desktop").read_text()
    )

    _run(new, home, "--uninstall")
    assert not prefix.exists()
    assert not (home / ".local/bin/fieldcase").exists()
    assert not (home / ".local/share/applications/fieldcase.desktop").exists()
    assert (data / "store.sqlcipher").read_text() == "encrypted caseload"
