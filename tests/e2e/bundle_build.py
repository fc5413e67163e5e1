"""The desktop bundle of the bundle and Debian package tests (issue 18): built once per test run,
in a temporary folder (the checkout stays clean), in the background from the moment the run's
collection holds a test that needs it.

Why in the background: the build is a minute of PyInstaller on one core. Built inside the first
test that asked for it, that test's worker was busy and the other worker, reaching the second
bundle test, sat idle on the lock for the same minute. Started at collection under `nice`, the
build takes the cores only when the tests leave them idle (they wait on servers and Xvfb about a
sixth of the time), and the tests that need it run last (`order_last`), by when it is done.

Whichever process collects first starts it (every pytest-xdist worker collects the whole suite;
a file lock in the run's shared folder decides); `wait` is what the `linux_bundle` fixture calls;
`stop` ends an unfinished build when the run ends (a run stopped early, or `-x`)."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "linux_bundle"
FOLDER = "fieldcase-bundle"

# the build in a shell of its own session (so `stop` can end PyInstaller with it) that exits at
# once, leaving the build to a background subshell: the build is nobody's child to wait for, so
# no pytest process holds a running Popen when it exits. `exit` appears last, whole (a rename).
_SCRIPT = """
( nice -n 10 bash installer/build --out "$1" >"$1/build.log" 2>"$1/build.err"
  echo $? >"$1/exit.part" && mv "$1/exit.part" "$1/exit" ) </dev/null >/dev/null 2>&1 &
"""


@dataclass(frozen=True)
class BuiltBundle:
    out: Path
    stdout: str

    @property
    def dist(self) -> Path:
        return self.out / "dist"


def needs_bundle(item: pytest.Item) -> bool:
    return FIXTURE in getattr(item, "fixturenames", ())


def order_last(items: list[pytest.Item]) -> None:
    """The bundle's tests after every other (stable otherwise): the build has the whole run to finish."""
    items[:] = [i for i in items if not needs_bundle(i)] + [i for i in items if needs_bundle(i)]


def run_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every pytest-xdist worker sees: the controller's base temp
    (each worker's own is a folder inside it), or this process's own without xdist."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _locked(run: Path) -> Iterator[None]:
    with open(run / f"{FOLDER}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def checkout_state() -> str | None:
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


def start(run: Path) -> None:
    """Start the build unless this run already has (idempotent across processes)."""
    out = run / FOLDER
    with _locked(run):
        if (out / "started").exists():
            return
        out.mkdir(parents=True, exist_ok=True)
        (out / "checkout-before").write_text(checkout_state() or "")
        env = dict(os.environ, FIELDCASE_BUILD_VENV=sys.prefix, FIELDCASE_DEB_FAST="1")
        shell = subprocess.Popen(
            ["bash", "-c", _SCRIPT, "bundle-build", str(out)],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
        )
        shell.wait(timeout=30)  # the shell only starts the subshell
        (out / "group").write_text(str(shell.pid))  # the session's process group: `stop`
        (out / "started").touch()


def wait(run: Path, *, timeout: float = 1800) -> BuiltBundle:
    """The finished bundle; fails the asking test when the build failed or wrote into the checkout."""
    start(run)  # a run whose collection did not start it (the fixture asked first)
    out = run / FOLDER
    deadline = time.monotonic() + timeout
    while not (out / "exit").exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the bundle's build did not end within {timeout:.0f} s")
        time.sleep(0.5)
    stdout = (out / "build.log").read_text(errors="replace")
    status = (out / "exit").read_text().strip()
    if status != "0":
        stderr = (out / "build.err").read_text(errors="replace")
        pytest.fail(f"the bundle's build failed ({status}):\n{stdout[-3000:]}\n{stderr[-3000:]}")
    before = set((out / "checkout-before").read_text().splitlines())
    added = sorted(set((checkout_state() or "").splitlines()) - before)
    assert not added, f"the build wrote into the checkout: {added[:10]}"
    return BuiltBundle(out, stdout)


def stop(run: Path) -> None:
    """End an unfinished build (its whole process group) and remove the bundle (~1 GB)."""
    out = run / FOLDER
    group = out / "group"
    if group.exists() and not (out / "exit").exists():
        try:
            os.killpg(int(group.read_text()), signal.SIGTERM)
        except (ProcessLookupError, ValueError):
            pass
    shutil.rmtree(out, ignore_errors=True)
