"""The case plan's form: started from the case view (version 1 pre-filled from the case), autosaved
and reopened after a crash, problems beside their fields, submitted, read-only once approved with
addenda only; the 6-month review starts version 2 and the case view lists both with what changed."""

from __future__ import annotations

from datetime import date

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


def _start_plan(qtbot, app):
    window = app.window
    before = len(window.pages)
    window.case_view.case_plan.click()
    settle(qtbot, app, lambda: len(window.pages) > before)
    return window.pages[-1]


def _complete(qtbot, page) -> None:
    form = page.form
    for name, text in (
        ("conditions", "Synthetic: no food in the home; school missed."),
        ("parent_responsibilities", "Attend parenting classes; keep the flat."),
        ("behaviours_ending_services", "Stable housing for three months."),
        ("proximity_to_parents", "Ten miles from the mother's flat."),
        ("needs_met", "Same school; therapy nearby."),
    ):
        form.editor(name).widget.setPlainText(text)
    form.editor("concurrent_goal").widget.set_value("guardianship")
    form.editor("least_restrictive").widget.set_value(True)
    form.editor("evaluation_to").widget.set_value(date(2026, 11, 1))
    form.rows["services"].add_button.click()
    service = form.rows["services"].rows[-1][1]
    qtbot.keyClicks(service["description"].editor.widget, "Parenting classes")
    qtbot.keyClicks(service["responsible"].editor.widget, "Mother")
    service["ends_by"].editor.widget.set_value(date(2026, 8, 1))


def test_new_plan_autosaves_and_reopens_after_a_crash(make_app, unlocked, qtbot, data_dir):
    app = unlocked
    open_first_case(qtbot, app)
    assert app.window.case_view.case_plan.text() == "New c&ase plan"
    page = _start_plan(qtbot, app)
    form = page.form
    # version 1, pre-filled from the case: its children, its goal, its visitation plan
    assert form.editor("version").widget.value() == 1
    assert form.editor("permanency_goal").widget.value() == "reunification"
    assert form.rows["visiting"].rows, "the visiting schedule comes from the case's visitation plan"
    # signatures are drawn on the pad as on a visit (attachments of the record)
    assert page.attach_signature.isVisibleTo(page) and page.attach_signature.isEnabled()
    qtbot.keyClicks(form.editor("conditions").widget, "Zzcanary conditions")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)
    record_id = page.editor.record_id
    assert _stored(data_dir, record_id).body["conditions"] == "Zzcanary conditions"
    app.session.lock()  # a crash: nothing closed
    again = make_app()
    again.session_vm.unlock(PASSPHRASE)
    settle(qtbot, again, lambda: again.window.caseload_model.rowCount() > 0)
    again.window.workspace.open_record(record_id)
    settle(qtbot, again, lambda: len(again.window.pages) == 1)
    reopened = again.window.pages[0]
    assert reopened.form.editor("conditions").widget.toPlainText() == "Zzcanary conditions"
    assert reopened.editor.status is Status.DRAFT


def test_validation_submit_read_only_and_the_review(unlocked, qtbot):
    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    page = _start_plan(qtbot, app)
    form = page.form
    form.editor("period_ends").widget.set_value(date(2020, 1, 1))  # before it starts
    settle(qtbot, app, lambda: form.fields["period_ends"].error.isVisibleTo(page))
    assert (
        form.fields["period_ends"]
        .error.text()
        .startswith("Problem: The plan period ends before it starts")
    )
    page.submit_button.click()
    settle(qtbot, app, lambda: "Not submitted yet" in page.summary.label.text())
    assert "Describe the conditions" in form.fields["conditions"].error.text()
    form.editor("period_ends").widget.set_value(date(2026, 11, 1))
    _complete(qtbot, page)
    settle(qtbot, app, lambda: not page.editor.dirty)
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    # the case view offers the plan being written, not a second one
    settle(qtbot, app, lambda: window.case_view.case_plan.text() == "C&ase plan draft")
    app.worker.run(lambda: app.session.store.command(page.editor.record_id, "approve"))
    settle(qtbot, app)
    page.editor.reload()
    settle(qtbot, app, lambda: page.editor.read_only)
    assert page.banner.label.text().startswith("Read-only: This case plan was approved")
    assert form.editor("conditions").widget.isReadOnly()
    assert page.addendum_button.isVisibleTo(page)
    page.editor.add_addendum("The therapist's name is corrected in the next version.")
    settle(qtbot, app, lambda: "Addendum 1" in page.banner.label.text())

    # the 6-month review: version 2 from version 1
    window.workspace.open_case(window.case_view.detail.case_id)
    settle(qtbot, app, lambda: window.case_view.case_plan.text() == "St&art plan review")
    review = _start_plan(qtbot, app)
    assert review.form.editor("version").widget.value() == 2
    progress = review.form.rows["progress"].rows
    assert [row[1]["item"].editor.widget.text() for row in progress] == [
        "Parenting classes",
        "Reunification",
        "Guardianship",
    ]
    review.form.editor("permanency_goal").widget.set_value("adoption")
    review.form.editor("concurrent_goal").widget.set_value("reunification")
    settle(qtbot, app, lambda: not review.editor.dirty and review.editor.last_saved is not None)
    window.workspace.open_case(window.case_view.detail.case_id)
    settle(qtbot, app, lambda: window.case_view.case_plans.rowCount() == 2)
    model = window.case_view.case_plans
    assert (
        model.data(model.index(0, 0)) == "2" and model.data(model.index(0, 3)) == "6-month review"
    )
    changed = model.data(model.index(0, 4))
    assert (
        "Permanency plan: Reunification → Adoption" in changed
        and "Concurrent plan: Guardianship → Reunification" in changed
    )
    assert model.data(model.index(1, 3)) == "Initial plan"
    # Enter on a version opens it
    table = window.case_view.case_plans_table
    table.setCurrentIndex(model.index(1, 0))
    before = len(window.pages)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    settle(qtbot, app, lambda: window.tabs.currentWidget() is page or len(window.pages) > before)


def test_the_plan_starts_and_is_filled_from_the_keyboard(unlocked, qtbot):
    from PySide6.QtWidgets import QApplication

    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    button = window.case_view.case_plan
    button.setFocus()
    before = len(window.pages)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    settle(qtbot, app, lambda: len(window.pages) > before)
    page = window.pages[-1]
    page.window().activateWindow()
    first = page.form.editor("plan_date").widget
    settle(
        qtbot,
        app,
        lambda: (
            first.isAncestorOf(QApplication.focusWidget()) or QApplication.focusWidget() is first
        ),
    )
    # the date is typed, Tab goes on to the plan period
    focused = QApplication.focusWidget()
    focused.selectAll() if hasattr(focused, "selectAll") else None
    qtbot.keyClicks(focused, "2026-05-12")
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    settle(qtbot, app)
    assert page.form.editor("plan_date").widget.value() == date(2026, 5, 12)
    nxt = QApplication.focusWidget()
    assert (
        page.form.editor("period_starts").widget.isAncestorOf(nxt)
        or nxt is page.form.editor("period_starts").widget
    )


def test_a_participants_role_is_chosen_from_a_list_in_spanish_and_typed_text_stays(
    make_app, qtbot, data_dir
):
    """Issue 22: a role printed as it was typed ("therapist", "Mother") whatever the language. It is
    chosen from a list shown in the window's language and stored as its code; a role typed before
    the list is one more item, shown and kept as typed."""
    from PySide6.QtWidgets import QComboBox

    from gui.test_spanish_everywhere import _spanish_app

    app = _spanish_app(make_app, qtbot)
    open_first_case(qtbot, app)
    page = _start_plan(qtbot, app)
    rows = page.form.rows["participants"].rows
    assert rows, "the case's parents and resource parents are the first participants"
    role = rows[0][1]["role"].editor
    assert isinstance(role.widget, QComboBox)
    shown = [role.widget.itemText(i) for i in range(role.widget.count())]
    assert {"Padre/madre", "Padre/madre de acogida", "Tutor ad litem", "Terapeuta", "Otro"} <= set(
        shown
    )
    assert role.widget.currentText() in (
        "Padre/madre",
        "Padre/madre de acogida",
    )  # pre-filled from the case's people
    role.widget.set_value("guardian_ad_litem")
    settle(qtbot, app, lambda: not page.editor.dirty and page.editor.last_saved is not None)
    assert (
        _stored(data_dir, page.editor.record_id).body["participants"][0]["role"]
        == "guardian_ad_litem"
    )
    # a plan written before the list: the typed words stay, shown as typed and saved as they were
    role.set("Mother")
    assert role.widget.currentText() == "Mother" and role.get() == "Mother"
    role.widget.set_value("therapist")
    assert role.get() == "therapist" and role.widget.currentText() == "Terapeuta"
