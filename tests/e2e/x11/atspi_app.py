"""Run by tests/e2e/test_atspi_walk.py under Xvfb (Qt's xcb plugin) and the test's own D-Bus session,
with Qt's accessibility on: the demo's server and an enrolled caseworker laptop, the app's window
with the first child's case open and a new home visit beside it. Prints "ready" when that is on
screen, then runs Qt's event loop — the AT-SPI reader's questions are answered by that loop, so the
app must never sit blocked (an app reading its stdin in a plain loop never appears on the AT-SPI
desktop: its registration with the registry waits for the loop). A line on stdin asks:

    focus   -> one JSON line: the accessible name and class of the widget Qt has focus on
    (end of stdin) -> the app closes the ordinary way (forms saved, the store locked)

    python atspi_app.py
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    from PySide6.QtCore import QCoreApplication, QSocketNotifier, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from fieldcase.commands.demo import prepare
    from fieldcase.ui.app import FieldcaseApp, application

    root = Path(tempfile.mkdtemp(prefix="fieldcase-atspi-"))
    server, enrolled = prepare(root, supervisor=False, children=6, say=lambda _t: None)
    try:
        qt = application()
        assert qt.platformName() == "xcb", qt.platformName()
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config", qt_app=qt)
        app.window.resize(1280, 860)
        app.window.show()
        app.adopt_store(enrolled.store)
        window = app.window

        def pump_until(condition, seconds: float = 20) -> None:
            end = time.monotonic() + seconds
            while not condition() and time.monotonic() < end:
                QCoreApplication.processEvents()
                time.sleep(0.02)
            app.worker.wait()
            QCoreApplication.processEvents()
            assert condition(), "the app did not get there"

        window.show()
        window.activateWindow()  # no window manager under Xvfb: the window takes the keyboard itself
        table = window.caseload.table
        pump_until(lambda: table.model().rowCount() > 0)
        table.setCurrentIndex(table.model().index(0, 0))
        QTest.keyClick(table, Qt.Key.Key_Return)  # Enter opens the case, as a caseworker does
        pump_until(lambda: window.case_view.detail is not None)
        before = len(window.pages)
        window.workspace.new_record("home_visit", window.case_view.detail.case_id)
        pump_until(lambda: len(window.pages) > before)
        window.activateWindow()
        pump_until(lambda: QApplication.activeWindow() is not None)
        print("ready", flush=True)

        def answer() -> None:
            line = sys.stdin.readline()
            if not line:  # the test is done
                notifier.setEnabled(False)
                qt.quit()
            elif line.strip() == "focus":
                focused = QApplication.focusWidget()
                print(
                    json.dumps(
                        {
                            "name": focused.accessibleName() if focused else None,
                            "class": type(focused).__name__ if focused else None,
                        }
                    ),
                    flush=True,
                )

        notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        notifier.activated.connect(answer)
        qt.exec()
        app.shutdown()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
