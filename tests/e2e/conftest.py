"""The desktop bundle, built once per test session in a temporary folder (issue 18: the checkout
stays clean after the suite) and shared by the bundle and Debian package tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


#: every test of the bundle carries these: under pytest-xdist (`--dist loadgroup`, scripts/test) they
#: go to the same worker, which builds the bundle once for them all; the timeout counts the build
#: (minutes, in the first test's setup)
BUNDLE_MARKS = (pytest.mark.xdist_group("linux-bundle"), pytest.mark.timeout(2400))


@dataclass(frozen=True)
class BuiltBundle:
    out: Path
    stdout: str

    @property
    def dist(self) -> Path:
        return self.out / "dist"


def _checkout_state() -> str | None:
    """What git sees in the checkout besides tracked files, ignored folders (build/, dist/, .venv/)
    included; bytecode caches and hypothesis's database left out. None outside a git checkout."""
    done = subprocess.run(
        ["git", "status", "--porcelain", "--ignored"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    # the suite's other processes (its xdist workers, scripts/lint beside them) write
    # bytecode caches and hypothesis's example database meanwhile; those are not the build's
    return "\n".join(
        line
        for line in done.stdout.splitlines()
        if not line.rstrip("/").endswith(("__pycache__", ".hypothesis"))
    )


@pytest.fixture(scope="session")
def linux_bundle() -> Iterator[BuiltBundle]:
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle test builds the Linux bundle")
    # mkdtemp, not tmp_path_factory: pytest keeps the last runs' folders, and this one is ~1 GB
    out = Path(tempfile.mkdtemp(prefix="fieldcase-bundle-"))
    before = _checkout_state()
    env = dict(os.environ, FIELDCASE_BUILD_VENV=sys.prefix, FIELDCASE_DEB_FAST="1")
    try:
        build = subprocess.run(
            ["bash", "installer/build", "--out", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
        after = _checkout_state()
        added = sorted(set((after or "").splitlines()) - set((before or "").splitlines()))
        assert not added, f"the build wrote into the checkout: {added[:10]}"
        yield BuiltBundle(out, build.stdout)
    finally:
        shutil.rmtree(out, ignore_errors=True)
