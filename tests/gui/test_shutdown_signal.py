"""Logout, shutdown or `kill` send SIGTERM: the app closes the ordinary way (open forms saved, the
store locked — and, for the demo, its server stopped and folder removed) instead of Python's default
of ending the process on the spot."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from fieldcase.store.store import Store
from helpers.store import PASSPHRASE

CHILD = """
import sys
from PySide6.QtCore import QTimer
from fieldcase.store.store import Store
from fieldcase.ui import app as ui_app

data_dir, passphrase = sys.argv[1], sys.argv[2]
store = Store.unlock(data_dir, passphrase)
qt = ui_app.application([])
QTimer.singleShot(300, lambda: print("READY", flush=True))
sys.exit(ui_app.run(data_dir=data_dir, store=store))
"""


@pytest.mark.skipif(
    not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals"
)
@pytest.mark.parametrize("number", [signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)])
def test_a_terminate_signal_closes_the_app_and_locks_the_store(data_dir, number):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data_dir), PASSPHRASE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as child:  # the pipes are closed on the way out
        try:
            assert child.stdout.readline().strip() == "READY", child.stderr.read()[-2000:]
            child.send_signal(number)
            code = child.wait(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
        said = child.stderr.read()[-2000:]
    assert code == 0, said
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        actions = [e.action for e in store.audit_events()]
    finally:
        store.lock()
    assert actions[-2:] == ["lock", "unlock"]  # locked on the way out, then our own unlock here
