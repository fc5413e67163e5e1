"""Issue 22 item 11, the forms: "Conducted by" shows the caseworker's name (as on paper), not the
login; the "why not in the residence" questions are hidden when the visit is in the residence."""

from __future__ import annotations

from helpers.gui import new_record, open_first_case, settle
from helpers.store import USER


def test_conducted_by_shows_the_name_from_the_directory(unlocked, qtbot):
    from fieldcase.store import directory

    app = unlocked
    store = app.session.store
    app.worker.run(
        lambda: directory.replace(
            store, [{"user_id": USER, "display_name": "Robin Example", "role": "caseworker"}]
        )
    )
    app.window.workspace.load_names()
    settle(qtbot, app, lambda: app.window.names.get(USER) == "Robin Example")
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    assert page.form.editor("conducted_by").get() == USER
    assert page.form.editor("conducted_by").widget.text() == "Robin Example"


def test_why_not_in_the_residence_only_when_not_in_the_residence(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    form = page.form
    location = form.editor("location_type").widget
    reason = form.editor("reason_not_in_residence").widget
    benefit = form.editor("benefit_not_in_residence").widget
    location.set_value("school")
    assert reason.isVisibleTo(form) and benefit.isVisibleTo(form)
    reason.setPlainText("The child asked to meet at school.")
    location.set_value("child_residence")
    assert not reason.isVisibleTo(form) and not benefit.isVisibleTo(form)
    assert (
        not form.widget()
        .layout()
        .itemAt(1)
        .widget()
        .layout()
        .labelForField(reason)
        .isVisibleTo(form)
    )
    # nothing typed is lost: back at school, the reason is still there
    location.set_value("school")
    assert reason.isVisibleTo(form) and reason.toPlainText() == "The child asked to meet at school."
    body, _unreadable = form.values()
    assert body["reason_not_in_residence"] == "The child asked to meet at school."


def test_the_trip_form_shows_the_car_seat_check_per_child(unlocked, qtbot):
    from datetime import date

    app = unlocked
    detail = open_first_case(qtbot, app)
    page = new_record(qtbot, app, "transport_trip")
    passengers = page.form.rows["passengers"]
    if not passengers.rows:
        passengers._add_clicked()
    frame, fields, _remove = passengers.rows[0]
    child = next(p for p in detail.people if p.role == "child" and p.date_of_birth is not None)
    fields["person_id"].editor.set(child.id)
    fields["kind"].editor.set("child")
    page.form.editor("trip_date").set("2026-05-25")
    # a baby with no weight recorded: a rear-facing seat
    born = date(2025, 9, 1)
    page.form.restraint_check.birthdays[child.id] = born
    fields["weight_lb"].editor.set(None)
    fields["restraint"].editor.set("belt")
    passengers.changed.emit()
    check = page.form.restraint_check.labels[id(frame)]
    assert check.isVisibleTo(page.form)
    assert "Recommended for this child: Rear facing." in check.text()
    assert "Problem:" in check.text() and "less protection" in check.text()
    fields["restraint"].editor.set("rear_facing")
    passengers.changed.emit()
    assert "Problem:" not in check.text()
    fields["kind"].editor.set("authorised_adult")
    passengers.changed.emit()
    assert not check.isVisibleTo(page.form)


def test_a_second_draft_for_the_same_case_and_month_is_offered_not_made(unlocked, qtbot):
    from PySide6.QtWidgets import QMessageBox

    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    first = new_record(qtbot, app, "home_visit")
    first.form.editor("observations").widget.setPlainText("Started on Monday.")
    settle(qtbot, app, lambda: not first.editor.is_new)
    window._remove_page(first)
    settle(qtbot, app, lambda: first not in window.pages)
    window._new("home_visit")
    settle(qtbot, app, lambda: window.findChild(QMessageBox, "second_draft") is not None)
    box = window.findChild(QMessageBox, "second_draft")
    assert not window.pages  # nothing made behind the question
    assert "already on this laptop" in box.text()
    next(b for b in box.buttons() if b.text() == "&Open the draft").click()
    settle(qtbot, app, lambda: len(window.pages) == 1)
    assert window.pages[0].editor.record_id == first.editor.record_id
    assert window.pages[0].form.editor("observations").widget.toPlainText() == "Started on Monday."
    # "Start another" still makes one, when the caseworker means it
    window._new("home_visit")
    settle(qtbot, app, lambda: window.findChild(QMessageBox, "second_draft") is not None)
    box = window.findChild(QMessageBox, "second_draft")
    next(b for b in box.buttons() if b.text() == "Start &another").click()
    settle(qtbot, app, lambda: len(window.pages) == 2)
    assert window.pages[1].editor.record_id != first.editor.record_id


def test_a_long_choice_never_widens_its_form(qtbot):
    """A directory provider's "name · county · services" is long: the box takes the form's width and
    elides it (the open list shows it whole), instead of pushing the form past the pane's edge."""
    from fieldcase.ui.widgets import ChoiceCombo

    long_choice = "Synthetic Family Roots Parenting Center · Synthetic County · parenting, mental health, substance use, housing"
    combo = ChoiceCombo([("p1", long_choice)])
    qtbot.addWidget(combo)
    combo.set_value("p1")
    assert combo.sizeHint().width() < combo.fontMetrics().horizontalAdvance(long_choice) / 2
