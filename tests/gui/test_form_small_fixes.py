"""Issue 22 item 11, the forms: "Conducted by" shows the caseworker's name (as on paper), not the
login; the "why not in the residence" questions are hidden when the visit is in the residence."""

from __future__ import annotations

from helpers.gui import new_record, open_first_case, settle
from helpers.store import USER


def test_conducted_by_shows_the_name_from_the_directory(unlocked, qtbot):
    from fieldcase.store import directory

    app = unlocked
    store = app.session.store
    app.worker.run(lambda: directory.replace(store, [{"user_id": USER, "display_name": "Robin Example", "role": "caseworker"}]))
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
    assert not form.widget().layout().itemAt(1).widget().layout().labelForField(reason).isVisibleTo(form)
    # nothing typed is lost: back at school, the reason is still there
    location.set_value("school")
    assert reason.isVisibleTo(form) and reason.toPlainText() == "The child asked to meet at school."
    body, _unreadable = form.values()
    assert body["reason_not_in_residence"] == "The child asked to meet at school."
