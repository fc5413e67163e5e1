"""Regenerate the README screenshots from a real `fieldcase demo` setup (synthetic data), offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/take_screenshots.py
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fieldcase.commands.demo import prepare

OUT = Path(__file__).resolve().parent


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="fieldcase-shots-"))
    server, enrolled = prepare(root, supervisor=False, children=300)
    try:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtGui import QFont

        from fieldcase.ui.app import FieldcaseApp, application

        qt = application()
        qt.setFont(QFont("DejaVu Sans", 10))
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config", qt_app=qt)
        window = app.window
        window.resize(1440, 900)
        window.show()

        def pump(seconds: float = 1.0) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                QCoreApplication.processEvents()
                time.sleep(0.02)
            app.worker.wait()
            QCoreApplication.processEvents()

        pump(0.3)
        window.grab().save(str(OUT / "unlock.png"))
        app.adopt_store(enrolled.store)
        pump(2)
        window.sync_vm.sync_now()
        pump(3)
        window.caseload.table.selectRow(2)
        window.grab().save(str(OUT / "caseload.png"))
        window.caseload._activated(window.caseload.sorter.index(2, 0))
        pump(1.5)
        window.grab().save(str(OUT / "case.png"))
        # the demo caseworker's case in care half a year (server/demo_week.py): its Case plans tab
        window.workspace.open_case(enrolled.store.list(kind="transition_plan")[0].case_id)
        pump(1.5)
        tabs = window.case_view.tabs
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i).replace("&", "") == "Case plans"))
        pump(0.5)
        window.grab().save(str(OUT / "case-plans.png"))
        window.week_ahead.show()
        pump(1.5)
        window.grab().save(str(OUT / "week-ahead.png"))
        window.caseload._activated(window.caseload.sorter.index(2, 0))
        pump(1.5)
        window.workspace.new_record("home_visit", window.case_view.detail.case_id)
        pump(1.5)
        page = window.pages[-1]
        page.form.editor("observations").widget.setPlainText("Kitchen stocked; the children showed me their new bunk beds.")
        page.form.editor("location_type").widget.set_value("school")
        pump(1.5)
        window.grab().save(str(OUT / "home_visit.png"))
        page.submit_button.click()
        pump(0.5)
        window.grab().save(str(OUT / "home_visit_submit_refused.png"))
        app.apply_settings(dataclasses.replace(app.settings, language="es"))
        window = app.window
        window.resize(1440, 900)
        window.show()
        pump(2)
        window.grab().save(str(OUT / "caseload_es.png"))
        app.shutdown()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
