"""The app in a real X11 window (Xvfb and Qt's xcb plugin), not offscreen: the demo opens, a home
visit form and the supervisor's reader paint, at 100 % and 150 %, in English and Spanish. The
screenshots go to $FIELDCASE_ARTIFACTS (CI keeps them) or the test's temporary folder.

Needs Debian's `xvfb` and Qt's X11 libraries (README); CI installs them, and there a missing Xvfb
fails the test instead of skipping it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WALK = Path(__file__).with_name("x11") / "walk.py"


@pytest.fixture(scope="module")
def display():
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if os.environ.get("CI"):
            pytest.fail("Xvfb is missing on CI (.ci/run installs Debian's xvfb)")
        pytest.skip("Debian's xvfb is not installed (sudo apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "2600x1700x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("role", "language", "scale"),
    [
        ("caseworker", "en", "1"),
        ("caseworker", "es", "1.5"),
        ("supervisor", "en", "1.5"),
        ("supervisor", "es", "1"),
    ],
)
def test_the_app_paints_in_a_real_x11_window(display, tmp_path, role, language, scale):
    out = Path(os.environ.get("FIELDCASE_ARTIFACTS") or tmp_path) / f"x11-{scale}x"
    out.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=scale)
    done = subprocess.run(
        [sys.executable, str(WALK), str(out), role, language],
        capture_output=True,
        check=False,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    shots = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(shots) == (4 if role == "caseworker" else 3)
    for name, (width, height, colours) in shots.items():
        assert (width, height) == (int(1280 * float(scale)), int(860 * float(scale))), name
        assert colours > 8, f"{name} is blank"
        assert (out / name).exists()
