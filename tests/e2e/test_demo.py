"""`fieldcase demo --no-window`: a real server process, a real enrollment and first sync."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest


@pytest.mark.slow
@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
def test_demo_sets_up_a_synced_laptop(tmp_path, who):
    args = [
        sys.executable,
        "-m",
        "fieldcase",
        "demo",
        "--no-window",
        "--children",
        "40",
        "--dir",
        str(tmp_path / "demo"),
    ]
    if who == "supervisor":
        args.append("--supervisor")
    logs = tmp_path / "logs"
    env = {**os.environ, "FIELDCASE_LOG_DIR": str(logs)}
    done = subprocess.run(args, capture_output=True, check=False, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = re.search(r"enrolled (\w+) \((\w+)\): (\d+) children, (\d+) records", done.stdout)
    assert summary is not None, done.stdout
    assert summary.group(2) == who and int(summary.group(3)) > 0
    assert "demo server stopped" in done.stdout
    assert not (tmp_path / "demo").exists()  # the temporary folder is removed
    written = (logs / "fieldcase.log").read_text(
        encoding="utf-8"
    )  # the app's log file (fieldcase/logs.py)
    assert "INFO fieldcase [MainThread] fieldcase 0.1.0: demo" in written
    assert summary.group(1) not in written  # not even the demo account's user name


def test_demo_that_cannot_open_a_window_says_why_and_leaves_nothing_behind(tmp_path):
    """Qt aborts the process when its platform plugin cannot start (here: X11 with no display). The
    demo asks first, so no server is left running and no folder is left on disk."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    folder = tmp_path / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "fieldcase", "demo", "--children", "10", "--dir", str(folder)],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode != 0
    assert "cannot open a window" in done.stderr + done.stdout
    assert "libxcb-icccm4" in done.stderr + done.stdout  # says what to install
    assert not folder.exists()
    assert "starting the demo server" not in done.stdout
