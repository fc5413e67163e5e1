"""Run by tests/e2e/test_atspi_walk.py (through atspi_reader.py) under Xvfb and a D-Bus session: the
demo's server and an enrolled caseworker laptop, the app's window open with accessibility on, until
stdin closes. Prints "ready" once the caseload and the sync status are on screen; "refused" after it
pressed Submit on an empty home visit when a line "submit" arrives.

    python atspi_app.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    from PySide6.QtCore import QCoreApplication

    from fieldcase.commands.demo import prepare
    from fieldcase.ui.app import FieldcaseApp, application

    root = Path(tempfile.mkdtemp(prefix="fieldcase-atspi-"))
    server, enrolled = prepare(root, supervisor=False, children=6, say=lambda _t: None)
    try:
        qt = application()
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config", qt_app=qt)
        window = app.window
        window.resize(1280, 860)
        window.show()
        app.adopt_store(enrolled.store)
        window = app.window

        def pump(seconds: float) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                QCoreApplication.processEvents()
                time.sleep(0.02)

        pump(2)
        app.sync_vm.sync_finished.emit("Sync finished.")  # a known sentence for the reader to find
        pump(0.5)
        print("ready", flush=True)
        for line in sys.stdin:
            if line.strip() == "submit":
                window.caseload._activated(window.caseload.sorter.index(0, 0))
                pump(1.5)
                window.workspace.new_record("home_visit", window.case_view.detail.case_id)
                pump(1.5)
                window.pages[-1].submit_button.click()
                pump(1)
                print("refused", flush=True)
            pump(0.2)
        app.shutdown()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
