"""GUI tests: offscreen, an app per test over a copied synthetic store, and Qt warnings fail the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QtMsgType

from fieldcase.security.keyfile import KdfParams
from fieldcase.store.store import Store
from fieldcase.ui.gui_thread_gc import GuiThreadCollector
from helpers.gui import NOW, settle
from helpers.services import seed_caseload
from helpers.store import DEVICE, PASSPHRASE, USER

# The offscreen platform plugin says this about every top-level window; it is not our warning.
IGNORED = ("This plugin does not support propagateSizeHints()",)


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread(qapp):
    """As the app does (ui/gui_thread_gc.py), for tests that build widgets and workers without it."""
    collector = GuiThreadCollector()
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _qt_warnings_fail(qtlog):
    yield
    bad = [
        m.message
        for m in qtlog.records
        if m.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
        and not m.message.startswith(IGNORED)
    ]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("gui-template") / "data"
    store = Store.create(data, PASSPHRASE, device_id=DEVICE, user_id=USER, kdf=KdfParams.floor())
    seed_caseload(store, families=6, visits_per_child=3)
    store.lock()
    return data


@pytest.fixture
def data_dir(seeded_store: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seeded_store, target)
    return target


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def idle_clock() -> Clock:
    return Clock()


@pytest.fixture
def make_app(qtbot, data_dir: Path, tmp_path: Path, idle_clock: Clock):
    from fieldcase.ui import i18n
    from fieldcase.ui.app import FieldcaseApp

    made = []

    def make(**kwargs) -> FieldcaseApp:
        kwargs.setdefault("data_dir", data_dir)
        kwargs.setdefault("config_dir", tmp_path / "config")
        kwargs.setdefault("now", lambda: NOW)
        kwargs.setdefault("idle_clock", idle_clock)
        kwargs.setdefault("autosave_ms", 50)
        app = FieldcaseApp(**kwargs)
        made.append(app)
        return app

    yield make
    for app in made:
        app.shutdown()
        # not qtbot.addWidget: a language switch deletes the old window, which qtbot would close again
        if app.window is not None and shiboken6.isValid(app.window):
            app.window.retired = True
            app.window.close()
            app.window.deleteLater()
    i18n.install(None, "en")


@pytest.fixture
def unlocked(make_app, qtbot):
    app = make_app()
    app.window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    return app


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/gui/" in str(item.fspath):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def _collect_before_qt_goes(qapp):
    """After the last GUI test, while the QApplication still exists: run the deferred deletes and
    collect every cycle. Left to the interpreter's final collection, a long run's leftover wrappers
    would be collected after Qt is gone. (The abort at exit once blamed on them, bool_dealloc, was
    PySide6 6.12.0's `Signal.emit`: test_signal_refcount.py.)"""
    yield
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
        gc.collect()
