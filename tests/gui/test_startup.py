"""Start-up stays light (bench/ui_startup.py): what only some sessions need is imported when first
used, the caseload is asked for first after an unlock, and its columns are fitted without Qt sizing
every cell."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QFontMetricsF

from helpers.gui import settle
from helpers.store import PASSPHRASE

#: modules the window must not need before a caseworker's caseload is on screen
HEAVY = (
    "alembic",  # only when a store needs a migration
    "reportlab", "pypdfium2", "fieldcase.services.printing", "fieldcase.ui.print_dialog",  # the print dialog
    "httpx", "fieldcase.services.enrollment", "fieldcase.services.sync",  # enrollment, and sync after the first paint
    "fieldcase.ui.supervisor",  # supervisors only
    "fieldcase.ui.record_editor", "fieldcase.ui.conflict_dialog",
)


def _loaded_after(script: str, data_dir) -> list[str]:  # noqa: ANN001
    """The heavy modules in `loaded` (the names of sys.modules the script notes) in a fresh process."""
    probe = (
        "import sys\n"
        f"{script}\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in loaded if any(m == h or m.startswith(h + '.') for h in heavy)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env, check=True, cwd=data_dir)
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own probe's list of names


def test_building_the_window_loads_none_of_the_heavy_modules(data_dir):
    script = (
        "from fieldcase.ui.app import FieldcaseApp, application\n"
        f"app = FieldcaseApp(data_dir={str(data_dir)!r}, qt_app=application([]))\n"
        "app.window.show()\n"
        "loaded = set(sys.modules)\n"
        "app.shutdown()"
    )
    assert _loaded_after(script, data_dir) == []


def test_unlocking_to_the_caseload_loads_none_of_the_heavy_modules(data_dir):
    # the window is never painted here: the rest of the unlock work would start after a fallback delay
    script = (
        "from PySide6.QtCore import QTimer\n"
        "from fieldcase.ui.app import FieldcaseApp, application\n"
        "qt = application([])\n"
        f"app = FieldcaseApp(data_dir={str(data_dir)!r}, qt_app=qt)\n"
        "app.workspace.caseload_loaded.connect(lambda _c: QTimer.singleShot(0, qt.quit))\n"
        f"app.session_vm.unlock({PASSPHRASE!r})\n"
        "QTimer.singleShot(60_000, qt.quit)\n"
        "qt.exec()\n"
        "loaded = set(sys.modules)\n"
        "assert app.window.caseload_model.rowCount() > 0\n"
        "app.shutdown()"
    )
    assert _loaded_after(script, data_dir) == []


def test_the_rest_of_the_unlock_work_follows_the_caseload(make_app, qtbot):
    app = make_app()
    window = app.window
    window.show()
    statuses, users = [], []
    app.sync_vm.status_changed.connect(statuses.append)
    app.workspace.user_loaded.connect(users.append)
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: window.caseload_model.rowCount() > 0)
    settle(qtbot, app, lambda: bool(statuses and users))
    assert window.sync_bar.waiting.text().endswith("waiting to sync")
    assert users[0].user_id == app.session_vm.identity.user_id


def test_the_rest_of_the_unlock_work_runs_without_a_paint(make_app, qtbot):
    app = make_app()  # never shown: the fallback timer starts it
    users = []
    app.workspace.user_loaded.connect(users.append)
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: bool(users))
    assert app.window.caseload_model.rowCount() > 0


def test_caseload_columns_fit_the_widest_text_and_stay_while_filtering(unlocked, qtbot):
    window = unlocked.window
    header = window.caseload.table.horizontalHeader()
    model = window.caseload_model
    metrics = QFontMetricsF(window.caseload.table.font())
    for column in range(model.columnCount() - 1):  # the last one stretches
        widest = max(metrics.horizontalAdvance(text) for text in model.column_texts(column))
        assert header.sectionSize(column) >= widest
        assert header.sectionSize(column) >= header.sectionSizeHint(column)
    before = [header.sectionSize(c) for c in range(model.columnCount() - 1)]
    window.caseload.filter.setText(model.row_at(0).child_name[:3])
    assert 0 < model.rowCount() < model.total
    assert [header.sectionSize(c) for c in range(model.columnCount() - 1)] == before
