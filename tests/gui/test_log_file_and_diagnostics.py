"""The desktop app's log file and Help → Copy diagnostics (fieldcase/logs.py,
services/diagnostics.py): a flow with planted names, a narrative and the passphrase, a bug in a
background job, a lock — and none of the personal data in the log file or the diagnostics."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldcase import __version__, logs
from helpers.gui import new_record, open_first_case, settle
from helpers.store import PASSPHRASE

NARRATIVE = "Zzcanarynarrative: the kitchen had no food and Zzcanaryname cried"


def test_the_log_file_and_the_diagnostics_hold_no_personal_data(unlocked, qtbot, tmp_path):
    folder = tmp_path / "logs"
    path = logs.configure_desktop(folder=folder)
    try:
        app = unlocked
        window = app.window
        detail = open_first_case(qtbot, app)
        names = [p.name for p in detail.people]
        page = new_record(qtbot, app, "home_visit")
        page.form.editor("observations").widget.setPlainText(NARRATIVE)
        settle(qtbot, app)

        def bug() -> None:
            raise RuntimeError(f"{names[0]} {NARRATIVE}")  # a bug whose message quotes a record

        bugs = []
        app.session_vm.worker.bug_happened.connect(bugs.append)
        app.session_vm.worker.run(bug)
        settle(qtbot, app, lambda: bugs == ["RuntimeError"])

        QApplication.clipboard().clear()
        window.diagnostics_action.trigger()
        settle(qtbot, app, lambda: QApplication.clipboard().text().startswith("fieldcase"))
        copied = QApplication.clipboard().text()
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        settle(qtbot, app, lambda: app.session.is_locked)
    finally:
        logs.stop_desktop()

    written = path.read_text(encoding="utf-8")
    assert "bug in background work: RuntimeError" in written
    assert (
        "RuntimeError (message withheld)" in written
        and "test_log_file_and_diagnostics.py:" in written
    )
    assert f"fieldcase {__version__}" in copied
    for line in ("store schema: ", "outbox: ", "needs attention (open): ", "qt: 6.", "last sync: "):
        assert line in copied
    assert "bug in background work: RuntimeError" in copied  # the log's last lines
    for secret in [
        *names,
        "Zzcanarynarrative",
        "Zzcanaryname",
        PASSPHRASE,
        "Canary-Passphrase",
        str(app.data_dir),
    ]:
        assert secret.lower() not in written.lower(), f"{secret!r} reached the log file"
        assert secret.lower() not in copied.lower(), f"{secret!r} reached the diagnostics"
