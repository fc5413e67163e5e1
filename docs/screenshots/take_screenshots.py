"""Regenerate the docs' screenshots from a real `fieldcase demo` setup (synthetic data), in English and
Spanish, at 100 % and 150 % (QT_SCALE_FACTOR=1.5), in a real X11 window under Xvfb (Qt's xcb plugin):

    .venv/bin/python docs/screenshots/take_screenshots.py            # every set (needs xvfb-run)
    .venv/bin/python docs/screenshots/take_screenshots.py caseworker 1.5   # one role at one scale

`<name>.png` is English at 100 %, `<name>_es.png` Spanish; `_150` marks 150 %. The screen is
1600x1000 (a laptop's), so at 150 % the window is what such a laptop shows: 1066x666 of the app's
own pixels. The pictures are reduced to 64 colours (Pillow, a reportlab dependency) to stay small.
The print preview, conflict, question, addenda and team pictures come from the GUI tests
(docs/desktop-app.md says which).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent
SCREEN = (1600, 1000)
ROLES = ("caseworker", "supervisor")
SCALES = ("1", "1.5")


def _small(path: Path) -> None:
    """64 colours, no dithering: the window's flat colours survive; a third of the size."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(
            colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    reduced.save(path, optimize=True)


def _every_set() -> int:
    xvfb = shutil.which("xvfb-run")
    for role in ROLES:
        for scale in SCALES:
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": "xcb" if xvfb else "offscreen",
                "QT_SCALE_FACTOR": scale,
            }
            command = [sys.executable, __file__, role, scale]
            if xvfb:
                command = [xvfb, "-a", "-s", f"-screen 0 {SCREEN[0]}x{SCREEN[1]}x24", *command]
            print(f"{role} at {float(scale):.0%} …", flush=True)
            subprocess.run(command, env=env, check=True)
    return 0


def _one_set(role: str, scale: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QFont

    from fieldcase.commands.demo import prepare
    from fieldcase.services import sync as sync_service
    from fieldcase.ui.app import FieldcaseApp, application

    factor = float(scale)
    size = (1440, 900) if factor == 1 else (int(SCREEN[0] / factor), int(SCREEN[1] / factor))
    root = Path(tempfile.mkdtemp(prefix="fieldcase-shots-"))
    server, enrolled = prepare(
        root, supervisor=role == "supervisor", children=300, say=lambda _t: None
    )
    try:
        qt = application()
        qt.setFont(QFont("DejaVu Sans", 10))
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config", qt_app=qt)

        def pump(seconds: float = 1.0) -> None:
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                QCoreApplication.processEvents()
                time.sleep(0.02)
            app.worker.wait()
            QCoreApplication.processEvents()

        def shot(widget, name: str, language: str) -> None:
            pump(0.4)
            path = (
                OUT
                / f"{name}{'' if language == 'en' else '_' + language}{'' if factor == 1 else '_150'}.png"
            )
            widget.grab().save(str(path))
            _small(path)

        def speak(language: str):
            if app.settings.language != language:
                app.apply_settings(dataclasses.replace(app.settings, language=language))
            window = app.window
            window.resize(*size)
            window.show()
            pump(0.5)
            return window

        for language in ("en", "es"):
            shot(speak(language), "unlock", language)
        for language in ("en", "es"):
            window = speak(language)
            if language == "en":
                app.adopt_store(enrolled.store)
                pump(2)
                window.sync_vm.sync_now()
                pump(3)
            else:
                pump(2)
            window = app.window
            if role == "supervisor":
                _supervisor(window, shot, pump, language)
            else:
                _caseworker(app, window, enrolled.store, shot, pump, language, sync_service)
        app.shutdown()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def _caseworker(app, window, store, shot, pump, language, sync_service) -> None:
    from fieldcase.ui.attention import AttentionDialog

    window.caseload.table.selectRow(2)
    shot(window, "caseload", language)
    window.caseload._activated(window.caseload.sorter.index(2, 0))
    pump(1.5)
    shot(window, "case", language)
    # the demo caseworker's case in care half a year (server/demo_week.py): its Case plans tab
    window.workspace.open_case(store.list(kind="transition_plan")[0].case_id)
    pump(1.5)
    tabs, table = window.case_view.tabs, window.case_view.case_plans_table
    tabs.setCurrentIndex(
        next(
            i
            for i in range(tabs.count())
            if tabs.widget(i) is table or tabs.widget(i).isAncestorOf(table)
        )
    )
    pump(0.5)
    shot(window, "case-plans", language)
    plan = next((r for r in store.list(kind="case_plan")), None)
    if plan is not None:  # the participants and their roles, at the end of the plan
        window.workspace.open_record(plan.id)
        pump(1.5)
        page = window.pages[-1]
        rows = page.form.rows["participants"]
        page.form.ensureWidgetVisible(rows.add_button, 0, 0)
        pump(0.5)
        shot(window, "case-plan-participants", language)
    items = sync_service.needs_attention(store)
    if items:
        dialog = AttentionDialog(items, window)
        dialog.resize(900, 420)
        dialog.show()
        shot(dialog, "needs-attention", language)
        dialog.close()
    window.week_ahead.show()
    pump(1.5)
    shot(window, "week-ahead", language)
    window.caseload._activated(window.caseload.sorter.index(2, 0))
    pump(1.5)
    window.workspace.new_record("home_visit", window.case_view.detail.case_id)
    pump(1.5)
    from PySide6.QtWidgets import QMessageBox

    asked = window.findChild(
        QMessageBox, "second_draft"
    )  # the Spanish pass: open the English pass's draft
    if asked is not None and asked.isVisible():
        asked.defaultButton().click()
        pump(1.5)
    page = next(p for p in reversed(window.pages) if "observations" in p.form.fields)
    window.tabs.setCurrentWidget(page)
    page.form.editor("observations").widget.setPlainText(
        "Kitchen stocked; the children showed me their new bunk beds."
    )
    page.form.editor("location_type").widget.set_value("school")
    pump(1.5)
    shot(window, "home_visit", language)
    page.submit_button.click()
    pump(0.5)
    shot(window, "home_visit_submit_refused", language)


def _supervisor(window, shot, pump, language) -> None:
    view = window.supervisor
    rows = [view.queue_model.row_at(r) for r in range(view.queue_model.rowCount())]
    view.queue_table.selectRow(0)
    pump(1.5)
    shot(window, "supervisor-approvals", language)
    view.queue_table.selectRow(
        next((n for n, row in enumerate(rows) if row.kind == "home_visit"), 0)
    )
    pump(1.5)
    shot(window, "supervisor-reader", language)
    # the reader on another kind the queue holds, the one with most of its own words first
    for kind in (
        "court_report",
        "case_plan",
        "team_meeting",
        "collateral_contact",
        "referral",
        "assessment",
        "transition_plan",
        "transport_trip",
    ):
        found = next((n for n, row in enumerate(rows) if row.kind == kind), None)
        if found is not None:
            view.queue_table.selectRow(found)
            pump(1.5)
            shot(window, "supervisor-reader-other", language)
            break
    view.tabs.setCurrentWidget(view.dashboard)
    pump(1.5)
    shot(window, "supervisor-team", language)


if __name__ == "__main__":
    if len(sys.argv) == 3:
        _one_set(sys.argv[1], sys.argv[2])
    else:
        sys.exit(_every_set())
