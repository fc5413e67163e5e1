"""Issue 22 item 7: no false alarm and the right context — a sync while a new, untouched form is
open says nothing about it (a record not yet saved is not "missing")."""

from __future__ import annotations

from helpers.gui import new_record, open_first_case, settle


def test_a_sync_while_a_new_untouched_form_is_open_raises_no_alarm(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    settle(qtbot, app)
    before = page.summary.label.text()
    alarms = []
    page.editor.failed.connect(alarms.append)
    app.window._refresh_after_sync()  # what the window does when a sync finishes
    settle(qtbot, app)
    assert alarms == []
    assert "not on this laptop" not in page.summary.label.text()
    assert page.summary.label.text() == before
    assert page.editor.is_new and not page.editor.read_only


def test_a_sync_after_the_first_save_reads_the_record_again(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    qtbot.keyClicks(page.form.editor("observations").widget, "Synthetic: kitchen stocked.")
    app.window._refresh_after_sync()  # the typing is saved first, then read again
    settle(qtbot, app, lambda: not page.editor.is_new and not page.editor.dirty)
    settle(qtbot, app)
    assert "not on this laptop" not in page.summary.label.text()
    assert page.form.editor("observations").widget.toPlainText() == "Synthetic: kitchen stocked."
