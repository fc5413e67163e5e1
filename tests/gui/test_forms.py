from __future__ import annotations

from fieldcase.domain.workflow import Status
from fieldcase.store.store import Store
from helpers.gui import new_record, open_first_case, settle
from helpers.store import PASSPHRASE


def _stored(data_dir, record_id):
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        return store.get(record_id)
    finally:
        store.lock()


def _complete_visit(page) -> None:
    form = page.form
    form.editor("outcome").widget.set_value("completed")
    form.editor("outcome").changed.emit()
    end = form.editor("contact_start").widget.value().replace(hour=11)
    form.editor("contact_end").widget.set_value(end)
    form.editor("observations").widget.setPlainText("Synthetic note: the child showed a drawing.")
    for _frame, fields, _remove in form.rows["children"].rows:
        fields["seen"].editor.widget.set_value(True)
        fields["seen_privately"].editor.widget.set_value(True)
        fields["present_danger"].editor.widget.set_value(False)


def test_autosave_then_reopen_after_a_crash(make_app, unlocked, qtbot, data_dir):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    qtbot.keyClicks(page.form.editor("observations").widget, "Kitchen stocked; Zzcanarynarrative")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)
    record_id = page.editor.record_id
    assert _stored(data_dir, record_id).body["observations"] == "Kitchen stocked; Zzcanarynarrative"
    # a crash: the app goes away without closing anything; a new app opens the same store
    app.session.lock()
    again = make_app()
    again.session_vm.unlock(PASSPHRASE)
    settle(qtbot, again, lambda: again.window.caseload_model.rowCount() > 0)
    again.window.workspace.open_record(record_id)
    settle(qtbot, again, lambda: len(again.window.pages) == 1)
    reopened = again.window.pages[0]
    assert (
        reopened.form.editor("observations").widget.toPlainText()
        == "Kitchen stocked; Zzcanarynarrative"
    )
    assert reopened.editor.status is Status.DRAFT


def test_validation_as_you_type_in_plain_words(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    start = page.form.editor("contact_start").widget.value()
    page.form.editor("contact_end").widget.set_value(start.replace(hour=start.hour - 1))
    error = page.form.fields["contact_end"].error
    assert error.isVisibleTo(page) and error.text().startswith(
        "Problem: The contact ends before it starts"
    )
    page.form.editor("location_type").widget.set_value("school")
    page.submit_button.click()
    assert "Not submitted yet" in page.summary.label.text()
    assert (
        "Say why the visit was not in the child's home"
        in page.form.fields["reason_not_in_residence"].error.text()
    )
    child_error = page.form.rows["children"].rows[0][1]["seen"].error.text()
    assert "child 1" in child_error and "seen" in child_error


def test_trip_odometer_must_be_a_number(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "transport_trip")
    qtbot.keyClicks(page.form.editor("odometer_start").widget, "12a")
    assert "write a number" in page.form.fields["odometer_start"].error.text()
    assert page.form.rows["passengers"].rows, "the case's children ride along by default"


def test_family_visit_form_starts_from_the_plan(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "visitation_entry")
    assert page.form.editor("supervision_level").widget.value() == "supervised"
    assert len(page.form.rows["attendance"].rows) == 3


def test_submit_then_approval_arrives_read_only_with_addendum(unlocked, qtbot, data_dir):
    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    _complete_visit(page)
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    assert "Submitted" in page.summary.label.text()
    assert not page.submit_button.isVisibleTo(page)
    # the supervisor's approval arrives by sync: written into the store as the sync engine would
    app.worker.run(lambda: app.session.store.command(page.editor.record_id, "approve"))
    settle(qtbot, app)
    page.editor.reload()
    settle(qtbot, app, lambda: page.editor.read_only)
    assert page.banner.label.text().startswith("Read-only: This visit was approved")
    assert page.form.editor("observations").widget.isReadOnly()
    assert page.addendum_button.isVisibleTo(page)
    page.editor.add_addendum("School changed to Lincoln Elementary.")
    settle(qtbot, app, lambda: "Addendum 1" in page.banner.label.text())
    assert window.pages == [page]


def test_returned_banner(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    _complete_visit(page)
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    app.worker.run(
        lambda: app.session.store.command(
            page.editor.record_id, "return", reason="Add the school name."
        )
    )
    settle(qtbot, app)
    page.editor.reload()
    settle(qtbot, app, lambda: page.editor.status is Status.RETURNED)
    assert page.banner.label.text() == "Returned: Add the school name."
    assert page.submit_button.isVisibleTo(page)


def test_clone_last_visit(unlocked, qtbot):
    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    window.case_view.clone_visit.click()
    settle(qtbot, app, lambda: len(window.pages) == 1)
    page = window.pages[0]
    assert page.form.editor("outcome").widget.value() is None
    assert len(page.form.rows["children"].rows) == 2


def test_signature_is_attached_to_the_visit(unlocked, qtbot):
    from PySide6.QtCore import QPoint, Qt

    from fieldcase.ui.signature import SignaturePad

    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(30, 40))
    for x in range(30, 200, 10):
        qtbot.mouseMove(pad, QPoint(x, 40 + x % 30))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(200, 60))
    assert not pad.is_empty
    png = pad.to_png()
    assert png.startswith(b"\x89PNG")
    page.attach_signature_png(png, "Signature - caregiver.png")
    settle(qtbot, app, lambda: page.attachments.count() == 1)
    assert page.attachments.item(0).text() == "Signature: Signature - caregiver.png"
    settle(qtbot, app, lambda: not page.editor.dirty and page.editor.last_saved is not None)


def _typing_not_yet_saved(qtbot, app, text):
    """A draft saved once, then words typed that the autosave has not reached yet."""
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    qtbot.keyClicks(page.form.editor("observations").widget, "First words.")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    page.editor.timer.setInterval(60_000)  # the next autosave is still far off
    qtbot.keyClicks(page.form.editor("observations").widget, text)
    assert page.editor.dirty
    return page


def test_a_sync_finishing_while_typing_keeps_the_words(unlocked, qtbot, data_dir):
    """The window reloads open forms when a sync ends; words typed within the autosave delay were
    replaced by the stored text (and the next autosave wrote that back)."""
    app = unlocked
    page = _typing_not_yet_saved(qtbot, app, " Zztypedjustnow")
    app.sync_vm.sync_finished.emit("Sync finished.")  # what the end of a sync sends the window
    settle(qtbot, app, lambda: not page.editor.dirty and not page.editor._saving)
    settle(qtbot, app)
    assert page.form.editor("observations").widget.toPlainText() == "First words. Zztypedjustnow"
    page.editor.flush()
    settle(qtbot, app)
    assert (
        _stored(data_dir, page.editor.record_id).body["observations"]
        == "First words. Zztypedjustnow"
    )


def test_a_change_the_sync_brought_joins_the_words_being_typed(unlocked, qtbot, data_dir):
    """The store's copy changed (a sync applied a change to this draft) while the caseworker typed in
    another field: both are kept, and the next autosave is not refused as stale."""
    import dataclasses

    app = unlocked
    page = _typing_not_yet_saved(qtbot, app, " Zzmine")
    record_id = page.editor.record_id
    store = app.session.store

    def elsewhere() -> None:
        stored = store.get(record_id)
        store.save(
            dataclasses.replace(stored.to_domain(), home_conditions="Zzfromsync"),
            expected_version=stored.version,
        )

    app.worker.run(elsewhere)
    settle(qtbot, app)
    app.sync_vm.sync_finished.emit("Sync finished.")
    settle(qtbot, app, lambda: page.editor.body.get("home_conditions") == "Zzfromsync")
    assert page.editor.body["observations"] == "First words. Zzmine"
    assert page.form.editor("observations").widget.toPlainText() == "First words. Zzmine"
    assert (
        "changed since you opened" not in page.summary.label.text()
    )  # settled without troubling the caseworker
    page.editor.flush()
    settle(qtbot, app, lambda: not page.editor._saving)
    settle(qtbot, app)
    body = _stored(data_dir, record_id).body
    assert (body["observations"], body["home_conditions"]) == ("First words. Zzmine", "Zzfromsync")


def test_the_session_ending_saves_what_was_typed_and_keeps_the_form_open(unlocked, qtbot, data_dir):
    """Windows shutdown or logout asks the app to commit its data (the process may be ended after):
    what was typed is in the store before the app answers, and the form still autosaves after, in
    case the shutdown is cancelled."""
    app = unlocked
    page = _typing_not_yet_saved(qtbot, app, " Zzbeforeshutdown")
    app.save_everything_now()  # what QGuiApplication.commitDataRequest calls
    assert not page.editor.dirty
    settle(qtbot, app)
    assert (
        _stored(data_dir, page.editor.record_id).body["observations"]
        == "First words. Zzbeforeshutdown"
    )
    page.editor.timer.setInterval(50)
    qtbot.keyClicks(page.form.editor("observations").widget, " Zzafter")
    settle(qtbot, app, lambda: not page.editor.dirty and not page.editor._saving)
    settle(qtbot, app)
    assert _stored(data_dir, page.editor.record_id).body["observations"].endswith("Zzafter")
