"""Can Qt open a window here? Asked in a child process before anything is started that must be
stopped again: when Qt cannot load its platform plugin it aborts the whole process, so a demo that
had already started its server and made its folder left both behind."""

from __future__ import annotations

import subprocess
import sys

_PROBE = "from PySide6.QtWidgets import QApplication; app = QApplication(['fieldcase-check']); print(app.platformName())"

#: what Debian needs for Qt's X11 plugin (ldd of libqxcb.so and libQt6XcbQpa; README "The two commands")
X11_PACKAGES = (
    "libegl1 libgl1 libopengl0 libfontconfig1 libdbus-1-3 libglib2.0-0 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 "
    "libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-sync1 "
    "libxcb-xfixes0 libxcb-xkb1"
)


def window_problem(timeout: float = 60) -> str | None:
    """None when a window can open; otherwise what stops it, in words with Qt's own last lines."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return "Qt did not start within a minute."
    if done.returncode == 0:
        return None
    said = " ".join(line.strip() for line in done.stderr.strip().splitlines()[-3:])
    return (
        f"The desktop app cannot open a window here. Qt said: {said[:400]} — "
        f"on Debian or Ubuntu, install Qt's desktop libraries: sudo apt-get install {X11_PACKAGES}"
    )
