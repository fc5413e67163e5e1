"""The assessment form (items made from the instrument) and the transition plan form: keyboard
choice of a rating, autosave, validation by item, submit, the chart of ratings over time, Spanish."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

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


def test_the_assessment_form_is_made_from_the_instrument_and_rated_by_keyboard(
    unlocked, qtbot, data_dir
):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "assessment")
    ratings = page.form.editor("ratings")
    assert len(ratings.rows) == 23
    first = ratings.rows[0]
    assert (
        first.choice.accessibleName() == "1. Plans a month's spending against the money coming in"
    )
    assert [first.choice.itemText(i) for i in range(first.choice.count())] == [
        "— not rated —",
        "0 — Does it on their own",
        "1 — Does it with reminders",
        "2 — Needs help to do it",
        "3 — Not yet learned",
    ]
    assert "Needs help to do it" in first.choice.accessibleDescription()
    assert (
        page.form.editor("instrument_id").widget.text()
        == "Independent-living skills checklist, version 1.0"
    )
    # keyboard only: focus the first item's choice and step down to "2 — Needs help to do it"
    first.choice.setFocus()
    for _ in range(3):
        qtbot.keyClick(first.choice, Qt.Key.Key_Down)
    assert first.choice.value() == 2
    assert (
        first.actionable.text() == "Actionable: a need for the case plan"
        and not first.actionable.isHidden()
    )
    qtbot.keyClicks(first.note, "Synthetic note: uses a phone app")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)
    stored = _stored(data_dir, page.editor.record_id).body
    assert stored["ratings"][0] == {
        "item_id": "money_budget",
        "rating": 2,
        "note": "Synthetic note: uses a phone app",
    }
    assert (
        stored["instrument_id"] == "independent_living_skills"
        and stored["instrument_version"] == "1.0"
    )
    if (
        page.form.editor("child_id").get() is None
    ):  # the seeded case's children: none 14 yet, or several
        page.form.editor("child_id").widget.setCurrentIndex(1)
        page.form.edited.emit()
    # submitting with items unrated names each one
    page.submit_button.click()
    assert "Not submitted yet" in page.summary.label.text()
    assert "Item 2 is not rated yet." in page.form.fields["ratings"].error.text()
    # the keyboard lands on the first unrated item, and its problem is said beside it and to a screen reader
    assert page.window().focusWidget() is ratings.rows[1].choice
    assert ratings.rows[1].actionable.text() == "Problem: Item 2 is not rated yet."
    assert "Item 2 is not rated yet." in ratings.rows[1].choice.accessibleDescription()
    for row in ratings.rows[1:]:
        row.choice.set_value(0)
    ratings.rows[-1].choice.set_value(3)
    ratings.changed.emit()
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    assert _stored(data_dir, page.editor.record_id).status == "submitted"
    # the chart: one assessment that happened, two actionable items
    chart = page.ratings_over_time
    settle(
        qtbot, app, lambda: chart.chart.history is not None and len(chart.chart.history.points) == 1
    )
    assert ": 2 actionable items (Money management 0.7" in chart.words.text()
    assert not chart.chart.grab().isNull()


def test_the_transition_plan_form_has_a_goal_per_area_and_submits_when_complete(
    unlocked, qtbot, data_dir
):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "transition_plan")
    goals = page.form.rows["goals"]
    assert [fields["area"].editor.get() for _f, fields, _r in goals.rows] == [
        "education",
        "employment",
        "housing",
        "health",
        "life_skills",
        "permanent_connections",
    ]
    page.submit_button.click()
    assert "Not submitted yet" in page.summary.label.text()
    assert "Goal 1: say what the goal is." in goals.rows[0][1]["goal"].error.text()
    assert "Write the youth's own words" in page.form.fields["youth_words"].error.text()
    # five areas are kept, one is taken away with its button
    goals.rows[-1][2].click()
    assert len(goals.rows) == 5
    written = page.form.editor("written_on").widget.value()
    for _frame, fields, _remove in goals.rows:
        qtbot.keyClicks(fields["goal"].editor.widget, "Synthetic goal")
        qtbot.keyClicks(fields["who_helps"].editor.widget, "Caseworker and mentor")
        fields["by_when"].editor.widget.set_value(written.replace(year=written.year + 1))
        fields["status"].editor.widget.set_value("in_progress")
    qtbot.keyClicks(page.form.editor("youth_words").widget, "I want to finish school first.")
    if not page.form.rows["participants"].rows:
        page.form.rows["participants"].add_button.click()
    participant = page.form.rows["participants"].rows[0][1]
    if not participant["person_id"].editor.get():
        qtbot.keyClicks(participant["name"].editor.widget, "Youth")
    page.form.edited.emit()
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)
    assert (
        _stored(data_dir, page.editor.record_id).body["youth_words"]
        == "I want to finish school first."
    )
    if (
        page.form.editor("child_id").get() is None
    ):  # the first case's children may all be under 14: any child will do here
        page.form.editor("child_id").widget.setCurrentIndex(1)
        page.form.edited.emit()
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    assert _stored(data_dir, page.editor.record_id).status == "submitted"


def test_both_forms_speak_spanish(unlocked, qtbot):
    app = unlocked
    app.apply_settings(dataclasses.replace(app.settings, language="es"))
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    open_first_case(qtbot, app)
    offered = [a.text() for a in app.window.case_view.other_records_menu.actions()]
    assert "Nueva e&valuación" in offered and "Nuevo &plan de transición" in offered
    page = new_record(qtbot, app, "assessment")
    first = page.form.editor("ratings").rows[0]
    assert (
        first.choice.accessibleName() == "1. Planea los gastos de un mes según el dinero que recibe"
    )
    assert first.choice.itemText(3) == "2 — Necesita ayuda para hacerlo"
    assert page.form.editor("ratings").boxes[0].title() == "Manejo del dinero"
    plan = new_record(qtbot, app, "transition_plan")
    assert plan.form.rows["goals"].rows[0][1]["area"].editor.widget.currentText() == "Educación"


def test_new_assessment_offers_the_pack_the_server_sent_and_builds_its_form_offline(
    make_app, qtbot, data_dir, monkeypatch
):
    """The office loaded its pack on the server; the last sync left it in the store (as
    sync/instruments.py does). With no network, New assessment asks which instrument, offers the
    pack beside the built-in checklist, and the form is made from the pack's items."""
    import hashlib
    import json

    from PySide6.QtWidgets import QInputDialog

    from fieldcase.bundled import resource
    from fieldcase.store import held_instruments
    from fieldcase.ui.new_records import with_instrument

    pack = json.loads(resource("instruments", "independent_living_skills.json").read_bytes())
    pack.update(
        id="agency_needs_pack",
        name={"en": "Agency needs pack (synthetic)"},
        version="1.0",
        minimum_age=None,
    )
    pack["domains"][0]["items"][0]["text"] = {"en": "Reads a synthetic school report"}
    content = json.dumps(pack)
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        held_instruments.replace(
            store,
            [("agency_needs_pack", "1.0", False)],
            {("agency_needs_pack", "1.0"): (hashlib.sha256(content.encode()).hexdigest(), content)},
        )
    finally:
        store.lock()
    app = make_app()
    app.window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    detail = open_first_case(qtbot, app)
    offered: list[list[str]] = []

    def choose(_parent, _title, _label, names, *_a, **_k):
        offered.append(list(names))
        return "Agency needs pack (synthetic)", True

    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(choose))
    settle(qtbot, app, lambda: with_instrument(app.window, "assessment") != "assessment")
    chosen = with_instrument(app.window, "assessment")
    assert chosen == "assessment:agency_needs_pack"
    assert sorted(offered[-1]) == [
        "Agency needs pack (synthetic)",
        "Independent-living skills checklist",
    ]
    before = len(app.window.pages)
    app.window.workspace.new_record(chosen, detail.case_id)
    settle(qtbot, app, lambda: len(app.window.pages) > before)
    page = app.window.pages[-1]
    assert (
        page.form.editor("instrument_id").widget.text()
        == "Agency needs pack (synthetic), version 1.0"
    )
    assert (
        page.form.editor("ratings").rows[0].choice.accessibleName()
        == "1. Reads a synthetic school report"
    )
