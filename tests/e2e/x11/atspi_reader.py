"""Run by tests/e2e/test_atspi_walk.py with Debian's /usr/bin/python3 (python3-pyatspi) inside
`dbus-run-session`, under Xvfb: starts the app (atspi_app.py, with the app's Python given as the
first argument) with Qt's accessibility always on, and reads it as Orca would, through AT-SPI:
the sync status's name and description, and the announcements a refused submit raises.
Prints one JSON line.

    /usr/bin/python3 atspi_reader.py APP_PYTHON
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi


def find_app(name_part: str, timeout: float = 60):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and name_part in (app.name or "").lower():
                return app
        time.sleep(0.5)
    return None


def walk(node, depth: int = 0):
    if node is None or depth > 40:
        return
    yield node
    for i in range(node.childCount):
        yield from walk(node.getChildAtIndex(i), depth + 1)


def main(app_python: str) -> int:
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb", QT_ACCESSIBILITY="1")
    app = subprocess.Popen([app_python, str(Path(__file__).with_name("atspi_app.py"))], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           text=True, env=env)
    heard: list[str] = []

    def on_event(event) -> None:
        heard.append(f"{event.type}: {event.any_data}")

    found: dict[str, object] = {}
    try:
        assert app.stdout.readline().strip() == "ready", "the app did not start"
        accessible = find_app("fieldcase") or find_app("python")
        assert accessible is not None, "the app is not on the AT-SPI desktop"
        found["app"] = accessible.name
        found["sync_status"] = [node.name for node in walk(accessible) if node.description == "Sync status"]
        pyatspi.Registry.registerEventListener(on_event, "object:announcement", "object:property-change:accessible-name")
        app.stdin.write("submit\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "refused"
        end = time.monotonic() + 3
        while time.monotonic() < end:
            pyatspi.Registry.pumpQueuedEvents()
            time.sleep(0.1)
        found["heard"] = heard
    finally:
        app.stdin.close()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
    print(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
