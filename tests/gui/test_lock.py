from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from helpers.gui import new_record, open_first_case, settle


def _visible_texts(widget) -> list[str]:
    texts = []
    for child in [widget, *widget.findChildren(object)]:
        if isinstance(child, QLineEdit):
            texts.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            texts.append(child.toPlainText())
        elif isinstance(child, QLabel):
            texts.append(child.text())
        elif isinstance(child, QComboBox):
            texts += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            texts += [
                str(model.data(model.index(r, c)))
                for r in range(model.rowCount())
                for c in range(model.columnCount())
            ]
    return texts


def test_ctrl_l_locks_and_clears_personal_data(unlocked, qtbot):
    app = unlocked
    window = app.window
    detail = open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.form.editor("observations").widget.setPlainText("Zzcanarynarrative about the kitchen")
    QApplication.clipboard().setText(detail.people[0].name)
    names = [p.name for p in detail.people]
    assert any(n in t for t in _visible_texts(window) for n in names)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, app, lambda: app.session.is_locked)
    qtbot.wait(10)
    assert window.stack.currentWidget() is window.unlock
    texts = _visible_texts(window)
    for name in names:
        assert not any(name in t for t in texts), "a name stayed on screen after locking"
    assert not any("Zzcanarynarrative" in t for t in texts)
    assert QApplication.clipboard().text() == ""
    assert window.pages == [] and window.caseload_model.rowCount() == 0


def test_lock_flushes_the_autosave_first(unlocked, qtbot, data_dir):
    from fieldcase.store.store import Store
    from helpers.store import PASSPHRASE

    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.editor.timer.setInterval(60_000)  # the debounce would not fire before the lock
    page.form.editor("observations").widget.setPlainText("typed just before the lock")
    window.lock_action.trigger()
    settle(qtbot, app, lambda: app.session.is_locked)
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        assert store.get(page.editor.record_id).body["observations"] == "typed just before the lock"
    finally:
        store.lock()


def test_idle_warns_then_locks(unlocked, qtbot, idle_clock):
    app = unlocked
    window = app.window
    idle_clock.now += 15 * 60 - 30
    app.idle.check()
    assert "Locking in" in window.idle_label.text()
    idle_clock.now += 31
    app.idle.check()
    settle(qtbot, app, lambda: app.session.is_locked)
    assert window.stack.currentWidget() is window.unlock


def test_os_suspend_locks(unlocked, qtbot):
    app = unlocked
    assert not app.session.is_locked
    # the Qt application's own signal, as the platform plugin sends it when the laptop suspends
    # (not the app's slot: a missing connection must fail here)
    app.qt_app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationSuspended)
    settle(qtbot, app, lambda: app.session.is_locked)
    assert app.window.stack.currentWidget() is app.window.unlock
