"""Case maintenance from the case view, on a real server: the caseworker adds a relative, records a
placement change and adds a hearing; each form autosaves, the app syncs, and the covering worker's
laptop has them. The forms are keyboard-friendly (Tab in visual order, dates typed) and the mouse
wheel leaves a choice or a date alone unless the control has focus.

Real parts: the server app in-process (integration/sync/laptops.py), ana's laptop store under the
app with the production sync, ben's laptop (covering the case) syncing with the production engine."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from helpers.gui import open_first_case, settle
from helpers.held_sync import engine_options
from integration.sync.conftest import make_world
from integration.sync.laptops import MiniServer


@pytest.fixture
def office(tmp_path):
    """sam supervises ana (the case's worker) and ben (covering it); the child is placed."""
    server = MiniServer.start(tmp_path / "server")
    world = make_world(server, tmp_path)
    first = server.add_record(
        "placement",
        world.case_id,
        {
            "child_id": world.child_id,
            "provider_kind": "resource_family",
            "provider_name": "First Home",
            "starts_on": "2025-06-01",
        },
    )
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    ben.sync()
    yield world, ana, ben, first
    for laptop in world.laptops:
        laptop.close()
    server.stop()


def _app(make_app, qtbot, ana, **kwargs):
    app = make_app(data_dir=ana.data_dir, **kwargs)
    app.sync_vm.auto_timer.stop()
    app.window.show()
    app.adopt_store(ana.store)
    app.sync_vm.engine_options = engine_options(ana.http_transport)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    open_first_case(qtbot, app)
    return app


def _open(qtbot, app, button):
    before = len(app.window.case_data.dialogs)
    button.click()
    settle(qtbot, app, lambda: len(app.window.case_data.dialogs) > before)
    return app.window.case_data.dialogs[-1]


def _choose(form, name, value):
    form.editor(name).widget.set_value(value)


def _saved(qtbot, app, dialog):
    settle(
        qtbot, app, lambda: dialog.last_saved is not None and not dialog.dirty and not dialog.saving
    )


def _sync(qtbot, app):
    with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000) as finished:
        app.sync_vm.sync_now()
    assert finished.args == ["Sync finished."]
    settle(qtbot, app)


def test_relative_move_and_hearing_reach_the_covering_workers_laptop(
    make_app, qtbot, office, tmp_path
):
    world, ana, ben, first = office
    app = _app(make_app, qtbot, ana)
    view = app.window.case_view

    # a relative found: typed in, the form saves by itself
    person = _open(qtbot, app, view.add_person)
    _choose(person.form, "role", "relative")
    person.form.editor("role").changed.emit()
    qtbot.keyClicks(person.form.editor("given_name").widget, "Rosa")
    qtbot.keyClicks(person.form.editor("family_name").widget, "Aunt")
    qtbot.keyClicks(person.form.editor("phone").widget, "555-0100")
    _saved(qtbot, app, person)
    relative_id = person.body["id"]
    person.close()

    # the move: the current placement ends, the new one starts, one change
    move = _open(qtbot, app, view.record_move)
    assert move.body["ending_placement_id"] == first and move.body["child_id"] == world.child_id
    moved_on = move.form.editor("moved_on").widget
    moved_on.edit.setFocus(Qt.FocusReason.TabFocusReason)
    moved_on.edit.selectAll()
    qtbot.keyClicks(moved_on.edit, "2026-05-24")  # a date is typed, not picked
    qtbot.keyClicks(move.form.editor("reason_for_change").widget, "Caregiver asked for a move.")
    _choose(move.form, "provider_kind", "relative")
    qtbot.keyClicks(move.form.editor("provider_name").widget, "Grandmother")
    _saved(qtbot, app, move)
    assert move.body["moved_on"] == "2026-05-24"
    new_placement = move.body["new_placement_id"]
    move.close()

    # the hearing and the next date
    hearing = _open(qtbot, app, view.add_hearing)
    qtbot.keyClicks(hearing.form.editor("court").widget, "Family Court Division 3")
    _choose(hearing.form, "hearing_type", "review")
    qtbot.keyClicks(hearing.form.editor("outcome").widget, "Placement continued.")
    hearing.form.editor("next_hearing_on").widget.set_value(date(2026, 8, 3))
    _saved(qtbot, app, hearing)
    hearing_id = hearing.body["id"]
    hearing.close()
    settle(
        qtbot,
        app,
        lambda: view.detail is not None and any(p.id == relative_id for p in view.detail.people),
    )
    settle(
        qtbot,
        app,
        lambda: (
            view.detail.next_court is not None and view.detail.next_court.date() == date(2026, 8, 3)
        ),
    )

    _sync(qtbot, app)
    ben.sync()
    assert ben.store.get(relative_id).to_domain().phone == "555-0100"
    moved = ben.store.get(new_placement).to_domain()
    assert (moved.provider_name, moved.starts_on) == ("Grandmother", date(2026, 5, 24))
    ended = ben.store.get(first).to_domain()
    assert (ended.ends_on, ended.reason_for_change) == (
        date(2026, 5, 24),
        "Caregiver asked for a move.",
    )
    assert ben.store.get(hearing_id).to_domain().outcome == "Placement continued."
    assert ben.store.get(world.case_id).to_domain().next_court_hearing.date() == date(2026, 8, 3)

    # and the covering worker sees them in the case view of the app on their laptop
    other = _app(make_app, qtbot, ben, config_dir=tmp_path / "ben-config")
    shown = other.window.case_view.detail
    assert any(p.id == relative_id and p.phone == "555-0100" for p in shown.people)
    assert [(p.provider, p.current) for p in shown.placements if p.id == new_placement] == [
        ("Grandmother", True)
    ]
    assert [(h.court, h.outcome) for h in shown.hearings] == [
        ("Family Court Division 3", "Placement continued.")
    ]
    assert other.window.case_view.hearings.rowCount() == 1


def test_the_forms_take_tab_in_order_and_ignore_the_wheel_without_focus(make_app, qtbot, office):
    _world, ana, _ben, _first = office
    app = _app(make_app, qtbot, ana)
    dialog = _open(qtbot, app, app.window.case_view.add_hearing)
    court, kind, outcome = (
        dialog.form.editor(n).widget for n in ("court", "hearing_type", "outcome")
    )
    next_on = dialog.form.editor("next_hearing_on").widget.edit  # the date's text field
    court.setFocus()
    order = [court]
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    # in the order on screen: the court, the kind of hearing, (the children), the outcome, the next date
    assert order[1] is kind and outcome in order and next_on in order
    assert order.index(kind) < order.index(outcome) < order.index(next_on)
    for name in ("scheduled_at", "court", "hearing_type", "outcome", "next_hearing_on"):
        assert dialog.form.editor(name).widget.accessibleName()
    combo = dialog.form.editor("hearing_type").widget
    dialog.form.editor("court").widget.setFocus()
    before = combo.currentIndex()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == before  # not focused: the wheel scrolls the form, not the choice
    combo.setFocus()
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() != before
    dialog.close()


def test_an_exit_from_care_stops_the_monthly_visit_on_the_caseload(unlocked, qtbot):
    from fieldcase.services.visit_status import MonthStatus
    from fieldcase.ui.models import STATUS_TEXT

    app = unlocked
    row = next(
        r
        for r in app.window.caseload_model._all
        if r.status in (MonthStatus.AT_RISK, MonthStatus.NOT_YET)
    )
    child_id = row.child_id
    app.window.workspace.open_case(row.case_id)
    settle(
        qtbot,
        app,
        lambda: (
            app.window.case_view.detail is not None
            and app.window.case_view.detail.case_id == row.case_id
        ),
    )
    dialog = _open(qtbot, app, app.window.case_view.record_exit)
    _choose(dialog.form, "child_id", child_id)
    dialog.form.editor("child_id").changed.emit()
    settle(qtbot, app, lambda: dialog.status.label.text() != "" and not dialog.saving)
    assert dialog.status.label.text().startswith(
        "Not saved yet"
    )  # nothing saved until the day and the reason are given
    dialog.form.editor("exit_date").widget.set_value(date(2026, 4, 30))
    _choose(dialog.form, "exit_reason", "reunification")
    _saved(qtbot, app, dialog)
    dialog.close()
    # the caseload stops asking for this month's visit: the child left care before the month began
    settle(
        qtbot,
        app,
        lambda: (
            next(r for r in app.window.caseload_model._all if r.child_id == child_id).status
            is MonthStatus.LEFT_CARE
        ),
    )
    assert STATUS_TEXT[MonthStatus.LEFT_CARE] == "— Left care"


def test_case_dates_are_typed_and_saved(unlocked, qtbot):
    app = unlocked
    detail = open_first_case(qtbot, app)
    dialog = _open(qtbot, app, app.window.case_view.case_dates)
    dialog.form.editor("case_plan_due").widget.set_value(date(2026, 7, 1))
    dialog.form.rows["family_support_team_meetings"].add_button.click()
    meeting = dialog.form.rows["family_support_team_meetings"].rows[-1][1]["on"].editor.widget
    qtbot.keyClicks(meeting.edit, "2026-05-20")
    _saved(qtbot, app, dialog)
    settle(qtbot, app, lambda: not dialog.dirty and not dialog.saving)
    dialog.close()
    settle(qtbot, app)
    case = app.session.store.get(detail.case_id).to_domain()
    assert (
        case.case_plan_due == date(2026, 7, 1)
        and date(2026, 5, 20) in case.family_support_team_meetings
    )


def test_a_resource_familys_address_stays_restricted_in_the_people_list_and_the_form(
    unlocked, qtbot, monkeypatch
):
    from PySide6.QtWidgets import QInputDialog

    app = unlocked
    detail = open_first_case(qtbot, app)
    view = app.window.case_view
    row = next(i for i, p in enumerate(detail.people) if p.address_restricted)
    person = detail.people[row]
    assert view.people.data(view.people.index(row, 5)) == "Restricted"
    # the edit form withholds it too
    view.people_table.activated.emit(view.people.index(row, 0))
    settle(qtbot, app, lambda: len(app.window.case_data.dialogs) == 1)
    dialog = app.window.case_data.dialogs[0]
    assert dialog.body["address"] is None and dialog.form.editor("address").widget.text() == ""
    dialog.close()
    # shown after a reason is given, and the opening audited
    view.people_table.setCurrentIndex(view.people.index(row, 0))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: (a[3][0], True)))
    view.reveal_person_button.click()
    settle(
        qtbot, app, lambda: view.people.data(view.people.index(row, 5)) not in ("Restricted", "")
    )
    events = [e for e in app.session.store.audit_events() if e.action == "restricted.reveal"]
    assert events and events[-1].record_id == person.id
