"""The Debian package agency IT deploys (issue 18): made from the bundle the installer test builds,
it installs under /opt/fieldcase with a /usr/bin wrapper and a menu entry, an upgrade leaves no file
of the old version behind, and removal takes every file of the app away but never the caseworker's
data folder. Installed with dpkg into a throw-away root (its own database), never into this machine."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from e2e.conftest import BUNDLE_MARKS
from fieldcase.ui.platform_check import X11_PACKAGES

ROOT = Path(__file__).resolve().parents[2]
# BUNDLE_MARKS: the bundle is built once per run, in the background (tests/e2e/bundle_build.py)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg"),
    *BUNDLE_MARKS,
]


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "--field", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def _dpkg(root: Path, *args: str) -> None:
    # --force-depends: the throw-away root has none of the Qt libraries the package depends on;
    # --force-not-root lets the same test run as an ordinary user
    done = subprocess.run(
        ["dpkg", f"--root={root}", "--force-depends", "--force-not-root", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _empty_root(root: Path) -> Path:
    (root / "var/lib/dpkg/info").mkdir(parents=True)
    (root / "var/lib/dpkg/updates").mkdir()
    (root / "var/lib/dpkg/status").touch()
    return root


def _app_files(root: Path) -> set[str]:
    return {
        str(p.relative_to(root))
        for p in root.rglob("*")
        if not p.is_relative_to(root / "var/lib/dpkg")
    }


def test_the_package_upgrades_without_stale_files_and_removes_cleanly(tmp_path, linux_bundle):
    debs = list(linux_bundle.dist.glob("fieldcase_*_*.deb"))
    assert len(debs) == 1, "installer/build did not make the Debian package"
    new = debs[0]
    version = _field(new, "Version")
    assert _field(new, "Package") == "fieldcase" and version
    assert _field(new, "Depends").split(", ") == X11_PACKAGES.split()
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(new)], capture_output=True, text=True, check=True
    ).stdout
    for path in (
        "./opt/fieldcase/fieldcase",
        "./usr/bin/fieldcase",
        "./usr/share/applications/fieldcase.desktop",
    ):
        assert f" {path}\n" in listing + "\n", path
    # the package never ships anything into a home folder, /etc or /var
    assert not [
        line
        for line in listing.splitlines()
        if any(f" ./{d}/" in line for d in ("home", "etc", "var", "root"))
    ]

    # version A: the same bundle with one file more, as an older release that had a library B dropped
    old_bundle = tmp_path / "old-bundle"
    shutil.copytree(
        linux_bundle.dist / "fieldcase", old_bundle, copy_function=os.link, symlinks=True
    )
    (old_bundle / "_internal" / "libdropped-in-new.so").write_bytes(b"from the old version")
    env = dict(os.environ, FIELDCASE_DEB_FAST="1")
    subprocess.run(
        ["bash", "installer/debian/build-deb", str(old_bundle), "0.0.1", str(tmp_path / "old")],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    (old,) = (tmp_path / "old").glob("fieldcase_0.0.1_*.deb")

    root = _empty_root(tmp_path / "root")
    data = root / "home/caseworker/.local/share/fieldcase"  # the caseworker's data folder
    data.mkdir(parents=True)
    (data / "store.sqlcipher").write_bytes(b"encrypted caseload")
    _dpkg(root, "--install", str(old))
    stale = root / "opt/fieldcase/_internal/libdropped-in-new.so"
    assert stale.is_file()

    _dpkg(root, "--install", str(new))  # the upgrade
    assert not stale.exists(), "the upgrade left a file of the old version behind"
    installed = subprocess.run(
        ["dpkg-query", f"--admindir={root}/var/lib/dpkg", "-W", "-f=${Version}", "fieldcase"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert installed == version
    wrapper = (root / "usr/bin/fieldcase").read_text()
    assert "exec /opt/fieldcase/fieldcase" in wrapper and os.access(
        root / "usr/bin/fieldcase", os.X_OK
    )
    desktop = (root / "usr/share/applications/fieldcase.desktop").read_text()
    assert "Exec=/usr/bin/fieldcase app" in desktop and "@PREFIX@" not in desktop
    ran = subprocess.run(
        [root / "opt/fieldcase/fieldcase", "--version"],
        capture_output=True,
        check=False,
        text=True,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert ran.returncode == 0 and ran.stdout.startswith("fieldcase "), ran.stderr

    _dpkg(root, "--remove", "fieldcase")
    assert _app_files(root) == {
        "home",
        "home/caseworker",
        "home/caseworker/.local",
        "home/caseworker/.local/share",
        str(data.relative_to(root)),
        str((data / "store.sqlcipher").relative_to(root)),
        "var",
        "var/lib",
    }
    assert (data / "store.sqlcipher").read_bytes() == b"encrypted caseload"
    _dpkg(root, "--purge", "fieldcase")
    assert (data / "store.sqlcipher").is_file()
