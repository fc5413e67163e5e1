"""`fieldcase demo --no-window`: a real server process, a real enrollment and first sync."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest


@pytest.mark.slow
@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
def test_demo_sets_up_a_synced_laptop(tmp_path, who):
    args = [sys.executable, "-m", "fieldcase", "demo", "--no-window", "--children", "40", "--dir", str(tmp_path / "demo")]
    if who == "supervisor":
        args.append("--supervisor")
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = re.search(r"enrolled (\w+) \((\w+)\): (\d+) children, (\d+) records", done.stdout)
    assert summary is not None, done.stdout
    assert summary.group(2) == who and int(summary.group(3)) > 0
    assert "demo server stopped" in done.stdout
    assert not (tmp_path / "demo").exists()  # the temporary folder is removed
