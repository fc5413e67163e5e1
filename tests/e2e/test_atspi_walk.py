"""Issue 22 item 12: the app read as Orca reads it, through AT-SPI, under Xvfb and a D-Bus session:
the sync status is readable by its words, and a refused submit raises an announcement.

The walk (x11/atspi_reader.py, run by Debian's /usr/bin/python3 with python3-pyatspi inside
`dbus-run-session`, starting x11/atspi_app.py with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1) is written,
but SKIPPED: in this environment the a11y bus and the registry start (at-spi-bus-launcher,
at-spi2-registryd are activated), yet the Qt app never appears on the AT-SPI desktop (childCount 0
for 100 s), so nothing could be asserted. Not yet known whether the PySide6 wheel's Qt lacks the
AT-SPI bridge or the app does not find the a11y bus; until that is settled the same facts are
checked in-process through Qt's accessibility interfaces (tests/gui/test_screen_reader.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

READER = Path(__file__).with_name("x11") / "atspi_reader.py"


@pytest.mark.slow
@pytest.mark.skip(reason="the Qt app does not appear on the AT-SPI desktop under Xvfb + dbus-run-session here (see the module's note)")
def test_the_sync_status_is_read_through_atspi(tmp_path):
    if not (shutil.which("Xvfb") and shutil.which("dbus-run-session") and Path("/usr/bin/python3").exists()):
        pytest.skip("needs Debian's xvfb, dbus, at-spi2-core and python3-pyatspi")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as answer:
        display = f":{answer.readline().strip()}"
    try:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
        env["DISPLAY"] = display
        done = subprocess.run(["dbus-run-session", "--", "/usr/bin/python3", str(READER), sys.executable],
                              capture_output=True, check=False, text=True, timeout=240, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
        found = json.loads(done.stdout.strip().splitlines()[-1])
        assert "Sync finished." in found["sync_status"], found
        assert any("announcement" in line and "Not submitted yet" in line for line in found["heard"]), found["heard"]
    finally:
        server.terminate()
        server.wait(timeout=10)
