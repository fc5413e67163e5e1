"""The trip ↔ family visit link on the forms (issue 17, item 5): a trip for a family visit offers
the family visits of its day and case; the family visit lists its trips and opens them; the combo
is reached with the keyboard, and the mouse wheel does not change it while it is not focused."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from fieldcase.store.store import Store
from helpers.gui import new_record, open_first_case, settle
from helpers.store import PASSPHRASE


def _stored(data_dir, record_id):
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        return store.get(record_id)
    finally:
        store.lock()


def _saved(qtbot, app, page):
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)


def _family_visit(qtbot, app):
    page = new_record(qtbot, app, "visitation_entry")
    qtbot.keyClicks(page.form.editor("activities").widget, "Board games")
    _saved(qtbot, app, page)
    return page


def _wheel(widget, steps: int = -1) -> None:
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(widget.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(
        widget, event
    )  # through the application, as a real wheel is (ui/wheel_guard.py)


def test_a_family_visit_trip_links_to_the_visit_of_its_day_and_the_visit_opens_it(
    unlocked, qtbot, data_dir
):
    app = unlocked
    open_first_case(qtbot, app)
    visit_page = _family_visit(qtbot, app)
    visit_id = visit_page.editor.record_id
    settle(
        qtbot,
        app,
        lambda: any(e.record_id == visit_id for e in app.window.case_view.detail.timeline),
    )

    trip = new_record(qtbot, app, "transport_trip")
    link = trip.form.editor("linked_record_id")
    combo = link.widget
    assert (
        not combo.isEnabled() and "Family visit" in combo.toolTip()
    )  # offered for a family visit only
    purpose = trip.form.editor("purpose").widget
    purpose.set_value("family_visit")
    assert combo.isEnabled()
    offered = [combo.itemData(i) for i in range(combo.count())]
    assert offered == [None, visit_id]  # the family visits of the trip's day in this case
    assert combo.itemText(1).startswith("Family visit ")

    # keyboard: the combo is in the tab order and takes arrow keys once focused
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert link.get() == visit_id
    _saved(qtbot, app, trip)
    assert _stored(data_dir, trip.editor.record_id).body["linked_record_id"] == visit_id

    # the wheel over the combo while another field has the focus does not change it
    trip.form.editor("purpose_detail").widget.setFocus()
    qtbot.waitUntil(lambda: not combo.hasFocus())
    _wheel(combo, +1)  # up: towards "— none —"
    assert link.get() == visit_id
    combo.setFocus()  # once focused, the wheel is the person's choice
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo, +1)
    assert link.get() is None
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert link.get() == visit_id

    # another day: the visit is no longer offered, but the chosen link is never dropped silently
    trip_date = trip.form.editor("trip_date")
    trip_date.widget.set_value(
        trip_date.widget.value().replace(year=trip_date.widget.value().year - 1)
    )
    trip_date.changed.emit()
    assert link.get() == visit_id

    # the family visit lists the trip and opens it
    trip_id = trip.editor.record_id
    settle(
        qtbot,
        app,
        lambda: any(
            e.record_id == trip_id and e.linked_record_id == visit_id
            for e in app.window.case_view.detail.timeline
        ),
    )
    visit_page.close_requested.emit()
    settle(qtbot, app, lambda: visit_page not in app.window.pages)
    app.window.workspace.open_record(visit_id)
    settle(qtbot, app, lambda: any(p.editor.record_id == visit_id for p in app.window.pages))
    reopened = next(p for p in app.window.pages if p.editor.record_id == visit_id)
    trips = reopened.form.editor("trip_ids")
    assert [b.text() for b in trips.buttons] and trips.buttons[0].text().startswith(
        "Open trip: Trip "
    )
    trip.close_requested.emit()
    settle(qtbot, app, lambda: trip not in app.window.pages)
    trips.buttons[0].click()
    settle(qtbot, app, lambda: any(p.editor.record_id == trip_id for p in app.window.pages))
    # the entry's own list is kept as it was (the link lives on the trip)
    assert trips.get() == []


def test_changing_the_purpose_away_from_family_visit_drops_that_link(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    visit_id = _family_visit(qtbot, app).editor.record_id
    settle(
        qtbot,
        app,
        lambda: any(e.record_id == visit_id for e in app.window.case_view.detail.timeline),
    )
    trip = new_record(qtbot, app, "transport_trip")
    purpose, link = trip.form.editor("purpose"), trip.form.editor("linked_record_id")
    purpose.widget.set_value("family_visit")
    link.widget.set_value(visit_id)
    purpose.widget.set_value("court")
    assert link.get() is None and not link.widget.isEnabled()


def test_the_link_strings_are_in_spanish(unlocked, qtbot):
    from fieldcase.ui import i18n

    catalogue = i18n.load_catalogue("es")
    for text in (
        "Family visit this trip was for",
        "Trips for this visit",
        "Open trip: {trip}",
        "Choose the purpose “Family visit” first.",
    ):
        assert catalogue[text]
