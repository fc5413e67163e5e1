from __future__ import annotations

from PySide6.QtCore import QTimer

from helpers.gui import settle
from helpers.store import PASSPHRASE


def test_wrong_passphrase_then_unlock(make_app, qtbot):
    app = make_app()
    window = app.window
    window.show()
    assert window.stack.currentWidget() is window.unlock
    window.unlock.passphrase.setText("not my passphrase at all")
    window.unlock.unlock_button.click()
    assert window.unlock.passphrase.text() == ""  # never left in the widget
    settle(qtbot, app, lambda: "not right" in window.unlock.message.label.text())
    assert window.unlock.message.label.text().startswith("Problem:")
    window.unlock.passphrase.setText(PASSPHRASE)
    window.unlock.passphrase.returnPressed.emit()
    settle(qtbot, app, lambda: window.caseload_model.rowCount() == 12)
    assert window.stack.currentWidget() is window.split


def test_event_loop_keeps_turning_while_unlocking(make_app, qtbot, real_kdf):
    app = make_app()
    ticks = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.session_vm.identity is not None)
    timer.stop()
    assert len(ticks) >= 5  # the key derivation ran off the GUI thread


def test_lockout_countdown(make_app, qtbot):
    app = make_app()
    window = app.window
    for _ in range(5):
        app.session_vm.unlock("wrong passphrase again")
        settle(qtbot, app)
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: "Try again in" in window.unlock.message.label.text())
    assert "Locked out" in window.unlock.message.label.text()
    assert not window.unlock.passphrase.isEnabled() and not window.unlock.unlock_button.isEnabled()
    seconds = window.unlock._seconds_left
    window.unlock._tick()
    assert window.unlock._seconds_left == seconds - 1


def test_damage_found_after_unlock_locks_and_says_so(make_app, qtbot, data_dir):
    """The page check runs once the caseload is on screen; damage it finds locks the window (no
    personal data left on it) and the unlock screen says the file is damaged."""
    db = data_dir / "fieldcase.db"
    content = bytearray(db.read_bytes())
    content[len(content) // 2] ^= 0x01  # a page the opening reads do not touch
    db.write_bytes(bytes(content))
    app = make_app()
    window = app.window
    window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: "damaged" in window.unlock.message.label.text())
    assert window.stack.currentWidget() is window.unlock
    assert app.session_vm.is_locked and app.session.is_locked
    assert window.caseload_model.rowCount() == 0
