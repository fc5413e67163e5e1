"""The desktop bundle, built once per test session in a temporary folder (issue 18: the checkout
stays clean after the suite) and shared by the bundle and Debian package tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


#: every test of the bundle carries these: the timeout counts the build (minutes, in the setup of
#: whichever of them comes first; the others wait for it, see `linux_bundle`). The xdist_group mark
#: is kept for a pytest-xdist that honours it again: 3.8.0 under pytest 9.2 ignores it (it renames
#: `item._nodeid`, which pytest no longer reads), and the bundle was built twice, once per worker.
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


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every pytest-xdist worker sees: the controller's base temp
    (each worker's own is a folder inside it), or this process's own without xdist."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The bundle (~1 GB) goes when the run ends, on the controller: pytest would otherwise keep it
    among its last three runs' folders."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None and factory._basetemp is not None:
        shutil.rmtree(factory._basetemp / "fieldcase-bundle", ignore_errors=True)


@pytest.fixture(scope="session")
def linux_bundle(tmp_path_factory: pytest.TempPathFactory) -> BuiltBundle:
    """Built once per test run, whichever worker asks first; the others wait on the lock and use it."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the bundle test builds the Linux bundle")
    import fcntl

    run = _run_folder(tmp_path_factory)
    out = run / "fieldcase-bundle"
    with open(run / "fieldcase-bundle.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        log = out / "build.log"
        if not log.exists():
            _build(out)
        if not (out / "built").exists():
            pytest.fail("the bundle's build failed in another test:\n" + log.read_text()[-3000:])
        return BuiltBundle(out, log.read_text())


def _build(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    before = _checkout_state()
    env = dict(os.environ, FIELDCASE_BUILD_VENV=sys.prefix, FIELDCASE_DEB_FAST="1")
    build = subprocess.run(
        ["bash", "installer/build", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    (out / "build.log").write_text(build.stdout + build.stderr[-3000:])
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    after = _checkout_state()
    added = sorted(set((after or "").splitlines()) - set((before or "").splitlines()))
    assert not added, f"the build wrote into the checkout: {added[:10]}"
    (out / "built").touch()
