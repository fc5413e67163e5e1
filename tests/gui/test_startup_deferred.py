"""What start-up leaves for later (the start-up target of issue 5) still works when it is needed:
enrollment on a laptop not yet enrolled, and the idle watcher, installed on the application only
once the unlock screen has painted or a caseworker is signed in."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

from PySide6.QtCore import Qt

from helpers.gui import settle
from helpers.store import PASSPHRASE

ALMOST_IDLE = 15 * 60 - 30  # seconds without input: the default policy warns


def _typing_keeps_it_unlocked(app, qtbot, idle_clock) -> None:
    idle_clock.now += ALMOST_IDLE
    qtbot.keyClick(app.window.caseload.filter, Qt.Key.Key_A)  # the caseworker types
    idle_clock.now += 60  # past the warning had the key not counted
    app.idle.check()
    assert app.window.idle_label.text() == ""
    assert not app.session_vm.is_locked


def test_typing_counts_as_activity_once_unlocked(unlocked, qtbot, idle_clock):
    _typing_keeps_it_unlocked(unlocked, qtbot, idle_clock)


def test_typing_counts_when_unlocked_before_the_window_was_ever_painted(
    make_app, qtbot, idle_clock
):
    app = make_app()  # never shown: the unlock screen does not paint
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    _typing_keeps_it_unlocked(app, qtbot, idle_clock)


def test_enrolling_a_new_laptop_opens_its_caseload(
    make_app, qtbot, tmp_path, seeded_store, idle_clock, monkeypatch
):
    from fieldcase.store.store import Store

    laptop = tmp_path / "new-laptop"
    app = make_app(data_dir=laptop)
    window = app.window
    window.show()
    assert window.stack.currentWidget() is window.enroll
    synced = []
    monkeypatch.setattr(app.sync_vm, "sync_now", lambda: synced.append(True))  # no server here
    # what enrollment leaves behind: the laptop's store, unlocked with the passphrase just chosen
    shutil.copytree(seeded_store, laptop, dirs_exist_ok=True)
    app.enroll_vm.enrolled.emit(SimpleNamespace(store=Store.unlock(laptop, PASSPHRASE)))
    settle(qtbot, app, lambda: window.caseload_model.rowCount() > 0)
    assert window.stack.currentWidget() is window.workspace_page()
    assert synced == [True]  # the first sync downloads the caseload
    _typing_keeps_it_unlocked(app, qtbot, idle_clock)


def test_an_enrolled_laptop_does_not_load_enrollment(data_dir):
    probe = (
        "import sys\n"
        "from fieldcase.ui.app import FieldcaseApp, application\n"
        f"app = FieldcaseApp(data_dir={str(data_dir)!r}, qt_app=application([]))\n"
        "app.window.show()\n"
        "print('fieldcase.ui.enroll' in sys.modules, app.enroll_vm, app.window.enroll)\n"
        "app.shutdown()\n"
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
    assert done.stdout.strip().splitlines()[-1] == "False None None"


def test_an_unlock_at_once_installs_the_idle_watcher_only_once_the_caseload_is_on_screen(
    make_app, qtbot
):
    # its first events cost PySide a one-time set-up on the GUI thread: not while the caseload loads
    app = make_app()
    app.window.show()
    qtbot.waitUntil(lambda: app.window.unlock_screen_was_painted)
    app.session_vm.unlock(PASSPHRASE)  # pressed at once, before the typing delay is over
    when_loaded = []
    app.workspace.caseload_loaded.connect(lambda _caseload: when_loaded.append(app._idle_installed))
    with qtbot.waitSignal(app.window.caseload_on_screen, timeout=10_000):
        pass
    assert when_loaded == [False] and app._idle_installed


def test_while_the_passphrase_is_typed_the_idle_watcher_is_installed_after_a_second(
    make_app, qtbot
):
    from fieldcase.ui.app import IDLE_WATCH_WHILE_TYPING_MS

    app = make_app()
    app.window.show()
    qtbot.waitUntil(lambda: app.window.unlock_screen_was_painted)
    assert not app._idle_installed
    qtbot.waitUntil(lambda: app._idle_installed, timeout=IDLE_WATCH_WHILE_TYPING_MS + 2000)
    assert app.session_vm.is_locked
