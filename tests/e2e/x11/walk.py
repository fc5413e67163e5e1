"""Run by tests/e2e/test_x11_smoke.py in a child process under Xvfb with Qt's real X11 plugin (xcb):
the demo's server and an enrolled laptop, the app's window, a home-visit form (caseworker) or the
approval queue with the first entry open in the reader (supervisor), each grabbed from the X server
into PNG files in the folder given as the first argument.

    python walk.py OUT_DIR caseworker|supervisor en|es
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main(out: Path, role: str, language: str) -> int:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from fieldcase.commands.demo import prepare
    from fieldcase.ui.app import FieldcaseApp, application

    root = Path(tempfile.mkdtemp(prefix="fieldcase-x11-"))
    server, enrolled = prepare(
        root, supervisor=role == "supervisor", children=40, say=lambda _t: None
    )
    shots: dict[str, list[int]] = {}
    try:
        qt = application()
        assert qt.platformName() == "xcb", qt.platformName()
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config", qt_app=qt)
        if language != "en":
            app.apply_settings(dataclasses.replace(app.settings, language=language))
        window = app.window
        window.resize(1280, 860)
        window.show()

        busy = [False]
        app.worker.busy_changed.connect(lambda now_busy: busy.__setitem__(0, now_busy))

        def settle(longest: float = 10.0, quiet: float = 0.3) -> None:
            """Events processed until the store worker has had nothing to do for `quiet` seconds
            (what it loaded is on screen), at most `longest`: waits as long as the app needs, not
            a fixed guess (issue 18: the fixed waits were half of this walk's time)."""
            end = time.monotonic() + longest
            quiet_since = time.monotonic()
            while time.monotonic() < end:
                QCoreApplication.processEvents()
                if busy[0]:
                    quiet_since = time.monotonic()
                elif time.monotonic() - quiet_since >= quiet:
                    break
                time.sleep(0.02)
            app.worker.wait()
            QCoreApplication.processEvents()

        def shot(name: str) -> None:
            settle()
            image = QGuiApplication.primaryScreen().grabWindow(window.winId()).toImage()
            path = out / f"{role}-{language}-{name}.png"
            image.save(str(path))
            colours = {
                image.pixel(x, y)
                for x in range(0, image.width(), 5)
                for y in range(0, image.height(), 5)
            }
            shots[path.name] = [image.width(), image.height(), len(colours)]

        shot("unlock")
        app.adopt_store(enrolled.store)
        window = app.window
        shot("start")
        if role == "caseworker":
            table = window.caseload.table  # Enter on the first row, as a caseworker opens a case
            table.setCurrentIndex(table.model().index(0, 0))
            QTest.keyClick(table, Qt.Key.Key_Return)
            settle()
            window.workspace.new_record("home_visit", window.case_view.detail.case_id)
            shot("home-visit")
            window.pages[-1].submit_button.click()
            shot("home-visit-refused")
        else:
            view = window.supervisor
            view.queue_table.selectRow(0)
            settle()
            assert view.reader.record is not None, "the reader opened the first entry"
            shot("reader")
        app.shutdown()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps(shots))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
