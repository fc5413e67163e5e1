"""Start-up stays light (bench/ui_startup.py): what only some sessions need is imported when first
used, the caseload is asked for first after an unlock, and its columns are fitted without Qt sizing
every cell."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from PySide6.QtGui import QFontMetricsF

from helpers.gui import NOW, settle
from helpers.store import PASSPHRASE

#: modules the window must not need before a caseworker's caseload is on screen
HEAVY = (
    "alembic",  # only when a store needs a migration
    "reportlab",
    "pypdfium2",
    "fieldcase.services.printing",
    "fieldcase.ui.print_dialog",  # the print dialog
    "httpx",
    "fieldcase.services.enrollment",
    "fieldcase.services.sync",  # enrollment, and sync after the first paint
    "fieldcase.ui.supervisor",  # supervisors only
    "fieldcase.ui.record_editor",
    "fieldcase.ui.conflict_dialog",
)


def _loaded_after(script: str, data_dir) -> list[str]:
    """The heavy modules in `loaded` (the names of sys.modules the script notes) in a fresh process."""
    probe = (
        "import sys\n"
        f"{script}\n"
        f"heavy = {HEAVY!r}\n"
        "print(sorted(m for m in loaded if any(m == h or m.startswith(h + '.') for h in heavy)))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
        cwd=data_dir,
    )
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


def test_the_compliance_summary_comes_after_the_caseload_and_with_each_refresh(make_app, qtbot):
    from helpers.services import seen_visit

    app = make_app()
    window = app.window
    window.show()
    arrived = []
    app.workspace.caseload_loaded.connect(lambda _c: arrived.append("rows"))
    window.caseload_summary.summary_loaded.connect(lambda _s: arrived.append("summary"))
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: "summary" in arrived)
    assert arrived == ["rows", "summary"]
    assert window.caseload.summary.text().splitlines() == [
        "12 of 12 children · 12 at risk this month",
        "12 children not yet seen this month, 12 at risk of missing in-residence majority",
    ]
    assert "12 children at risk" in window.caseload.summary.toolTip()

    row = window.caseload_model.row_at(0)
    app.worker.run(lambda: app.session.store.save(seen_visit(row.case_id, [row.child_id], on=NOW)))
    window.workspace.load_caseload()  # as after an edit or a sync
    settle(qtbot, app, lambda: arrived.count("summary") == 2)
    assert (
        window.caseload.summary.text()
        .splitlines()[1]
        .startswith("11 children not yet seen this month")
    )


def test_a_summary_asked_for_again_while_waiting_is_read_once(unlocked, qtbot):
    window = unlocked.window
    # the unlock's own summary first: it is asked for after the caseload's first paint, which a
    # loaded machine may bring after the worker is idle (CI at 3 workers counted it here: 3 == 2)
    loaded = []
    window.caseload_on_screen.connect(lambda: loaded.append(True))
    settle(qtbot, unlocked, lambda: loaded or not window._after_caseload)
    summaries = []
    window.caseload_summary.summary_loaded.connect(summaries.append)
    gate = threading.Event()
    unlocked.worker.run(gate.wait, 10)  # the worker is busy: the loads below wait their turn
    for _ in range(3):
        window.caseload_summary.load()
    gate.set()
    settle(qtbot, unlocked)
    window.caseload_summary.load()  # the first has been read: a new request reads again
    settle(qtbot, unlocked)
    assert len(summaries) == 2


def test_a_summary_arriving_after_the_lock_is_not_shown(unlocked, qtbot):
    window = unlocked.window
    settle(qtbot, unlocked)
    window.caseload_summary.load()  # read before the lock (the worker runs in order), delivered after it
    unlocked.session_vm.lock()
    settle(qtbot, unlocked)
    assert window.caseload.summary.text() == "" and window.caseload.headline == ""


#: what the unlock screen must not wait for: the store and the database layers under it, the record types and the
#: compliance engine (bench/ui_startup.py: the app and window are built and the unlock screen is
#: painted first; these load on the store worker)
STORE_PATH = (
    "sqlalchemy",
    "sqlcipher3",
    "fieldcase.store.store",
    "fieldcase.domain.compliance",
    "fieldcase.domain.serialization",
)

#: notes, for each STORE_PATH module, whether the GUI thread imported it, then runs `{script}`
_IMPORT_SPY = """
import sys, threading
watched = {watched!r}
imported_on = {{}}

class Spy:
    def find_spec(self, name, path=None, target=None):
        if name in watched and name not in imported_on:
            imported_on[name] = threading.current_thread().name
        return None

sys.meta_path.insert(0, Spy())
from PySide6.QtCore import QEvent, QObject, QTimer
from fieldcase.ui.app import FieldcaseApp, application
qt = application([])
app = FieldcaseApp(data_dir={data_dir!r}, qt_app=qt)

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, qt.quit)
        return False

watcher = Painted()
app.window.unlock.installEventFilter(watcher)
app.window.show()
QTimer.singleShot(30_000, qt.quit)
qt.exec()
{script}
app.shutdown()
print(imported_on)
"""


def _imported_on(data_dir, script: str = "") -> dict[str, str]:
    probe = _IMPORT_SPY.format(watched=STORE_PATH, data_dir=str(data_dir), script=script)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
        cwd=data_dir,
    )
    return eval(done.stdout.strip().splitlines()[-1])  # noqa: S307 - our own probe's dict of names


def test_the_unlock_screen_is_painted_without_the_store_on_the_gui_thread(data_dir):
    on_gui_thread = {
        name: thread for name, thread in _imported_on(data_dir).items() if thread == "MainThread"
    }
    assert on_gui_thread == {}


def test_while_the_unlock_screen_waits_the_store_is_imported_on_the_store_worker(data_dir):
    waited = (
        "QTimer.singleShot(60_000, qt.quit)\n"
        "app.session_vm.warmed.connect(qt.quit)\n"
        "if not app.session_vm.is_warm:\n"
        "    qt.exec()\n"
        "assert app.session_vm.is_warm\n"
    )
    imported_on = _imported_on(data_dir, waited)
    assert set(imported_on) == set(STORE_PATH)
    assert set(imported_on.values()) == {"fieldcase-store_0"}  # the store worker's thread


def test_no_warm_up_once_an_unlock_is_under_way(make_app, qtbot):
    app = make_app()
    app.session_vm.unlock(PASSPHRASE)
    app.session_vm.warm_up()  # e.g. the unlock screen painting after Enter was pressed
    settle(qtbot, app, lambda: not app.session_vm.is_locked)
    app.session_vm.warm_up()
    settle(qtbot, app)
    assert not app.session_vm.is_warm


def test_an_unlock_pressed_during_the_warm_up_stops_it_after_one_import(make_app, qtbot):
    # the warm-up is one module per job, so Unlock waits for one import, not for all of SQLAlchemy
    app = make_app()
    app.session_vm.warm_up()  # the unlock screen has painted
    app.session_vm.unlock(PASSPHRASE)  # pressed at once
    settle(qtbot, app, lambda: not app.session_vm.is_locked)
    settle(qtbot, app)
    assert not app.session_vm.is_warm and app.session_vm._to_warm
