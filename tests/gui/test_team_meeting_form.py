"""The family support team meeting form (ui/forms/team_meeting_spec.py) on the generic form:
started from the Record menu by its shortcut, autosaved and reopened after a crash, checked as
typed and on submit, submitted, read-only once approved — and its proposed plan changes start a
case-plan draft."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fieldcase.domain.workflow import Status
from fieldcase.store.store import Store
from helpers.gui import open_first_case, settle
from helpers.store import PASSPHRASE


def _stored(data_dir, record_id):
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        return store.get(record_id)
    finally:
        store.lock()


def _start_by_keyboard(qtbot, app):
    """Ctrl+Shift+M, the Record menu's "New team meeting", with the case open."""
    window = app.window
    open_first_case(qtbot, app)
    before = len(window.pages)
    window.activateWindow()
    qtbot.keyClick(
        window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    settle(qtbot, app, lambda: len(window.pages) > before)
    page = window.pages[-1]
    assert page.editor.kind == "team_meeting"
    return page


def _complete(qtbot, page) -> None:
    form = page.form
    qtbot.keyClicks(form.editor("place").widget, "County office, room 2")
    qtbot.keyClicks(form.editor("facilitator").widget, "Facilitator One")
    form.editor("purpose").widget.set_value("within_72_hours")
    form.editor("purpose").changed.emit()
    form.editor("decisions").widget.setPlainText("Weekly supervised family time.")
    for _frame, fields, _remove in form.rows["attendees"].rows:
        fields["present"].editor.widget.set_value(True)
        fields["signed"].editor.widget.set_value(True)
    form.rows["plan_changes"].add_button.click()
    change = form.rows["plan_changes"].rows[-1][1]["change"].editor.widget
    qtbot.keyClicks(change, "Add parenting classes to the mother's responsibilities.")


def test_started_by_keyboard_with_the_case_children_and_family_invited(unlocked, qtbot):
    page = _start_by_keyboard(qtbot, unlocked)
    body = page.editor.body
    assert body["child_ids"], "the case's children are the meeting's"
    assert body["attendees"] and all(
        row["invited"] is True and row["present"] is None for row in body["attendees"]
    )
    assert page.form.rows["attendees"].rows, "one row per parent, relative and resource parent"
    # the action is there, and waits for a proposed change in words
    assert page.plan_draft_button.isVisibleTo(page) and not page.plan_draft_button.isEnabled()


def test_autosave_then_reopen_after_a_crash(make_app, unlocked, qtbot, data_dir):
    app = unlocked
    page = _start_by_keyboard(qtbot, app)
    qtbot.keyClicks(page.form.editor("facilitator").widget, "Facilitator Zzcanarynarrative")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)
    record_id = page.editor.record_id
    # the process dies: no close, no lock (the store is released the way the OS would release it)
    app.session.store._connection_now().close()
    again = make_app()
    again.window.show()
    again.session_vm.unlock(PASSPHRASE)
    settle(qtbot, again, lambda: any(p.editor.record_id == record_id for p in again.window.pages))
    reopened = next(p for p in again.window.pages if p.editor.record_id == record_id)
    settle(qtbot, again, lambda: reopened.interrupted.isVisibleTo(reopened))
    assert reopened.editor.kind == "team_meeting"
    assert reopened.form.editor("facilitator").widget.text() == "Facilitator Zzcanarynarrative"
    assert reopened.editor.status is Status.DRAFT


def test_validation_as_typed_and_on_submit(unlocked, qtbot):
    app = unlocked
    page = _start_by_keyboard(qtbot, app)
    start = page.form.editor("held_at").widget.value()
    page.form.editor("held_at").widget.set_value(start.replace(hour=12, minute=0))
    page.form.editor("ended_at").widget.set_value(start.replace(hour=11, minute=0))
    error = page.form.fields["ended_at"].error
    assert (
        error.isVisibleTo(page)
        and error.text() == "Problem: The meeting ends before it starts; check the times."
    )
    page.submit_button.click()
    assert "Not submitted yet" in page.summary.label.text()
    assert "Say who facilitated the meeting." in page.form.fields["facilitator"].error.text()
    present = page.form.rows["attendees"].rows[0][1]["present"].error.text()
    assert "Person 1" in present and "present" in present
    assert page.editor.status is Status.DRAFT


def test_submit_approve_read_only_and_a_plan_draft_from_the_changes(unlocked, qtbot, data_dir):
    app = unlocked
    page = _start_by_keyboard(qtbot, app)
    held = page.form.editor("held_at").widget.value()
    page.form.editor("held_at").widget.set_value(held.replace(hour=9, minute=0))
    page.form.editor("ended_at").widget.set_value(held.replace(hour=10, minute=0))
    _complete(qtbot, page)
    assert page.plan_draft_button.isEnabled()
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    assert "Submitted" in page.summary.label.text()
    # the supervisor's approval arrives by sync: written into the store as the sync engine would
    app.worker.run(lambda: app.session.store.command(page.editor.record_id, "approve"))
    settle(qtbot, app)
    page.editor.reload()
    settle(qtbot, app, lambda: page.editor.read_only)
    assert page.banner.label.text().startswith("Read-only: This team meeting was approved")
    assert page.form.editor("decisions").widget.isReadOnly()
    assert page.addendum_button.isVisibleTo(page) and not page.submit_button.isVisibleTo(page)
    # an approved meeting's proposed changes still start the plan
    assert page.plan_draft_button.isEnabled()
    page.plan_draft_button.click()
    settle(qtbot, app, lambda: page.plan_draft_id is not None)
    assert "case-plan draft was started" in page.summary.label.text()
    window = app.window
    settle(qtbot, app, lambda: any(p.editor.record_id == page.plan_draft_id for p in window.pages))
    plan_page = next(p for p in window.pages if p.editor.record_id == page.plan_draft_id)
    assert plan_page.editor.kind == "case_plan" and plan_page.editor.status is Status.DRAFT
    settle(qtbot, app)
    app.session.lock()
    plan = _stored(data_dir, page.plan_draft_id)
    assert plan.kind == "case_plan" and plan.status == "draft"
    assert "- Add parenting classes to the mother's responsibilities." in plan.body["plan_changes"]
