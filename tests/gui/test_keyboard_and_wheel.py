"""Issue 22 items 1–3: the wheel scrolls a form and changes no answer; empty dates take typed digits
and Tab leaves them; Tab reaches the children's rows in the order they are on the page; a steady
typist's words are saved at a bounded interval, without waiting for a pause."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox

from fieldcase.ui import tab_order
from fieldcase.ui.forms.spec import SPECS
from helpers.gui import new_record, open_first_case, settle


def _wheel(widget, steps: int = -3) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def _state(widget):
    return widget.currentIndex() if isinstance(widget, QComboBox) else widget.text()


# every record form (a court report is started from a hearing; its choices are its hearing only)
@pytest.mark.parametrize("kind", [k for k in SPECS if k != "court_report"])
def test_the_wheel_scrolls_the_form_and_changes_no_answer(unlocked, qtbot, kind):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, kind)
    app.window.resize(900, 500)  # short enough that the form scrolls
    qtbot.wait(50)
    controls = [
        w
        for w in page.form.findChildren(QComboBox) + page.form.findChildren(QAbstractSpinBox)
        if w.isVisibleTo(page)
    ]
    assert controls, "the form has choices to scroll over"
    for control in controls:
        # a choice in a row is often the focused widget's neighbour; the focus is elsewhere here
        assert control.focusPolicy() != Qt.FocusPolicy.WheelFocus, control.accessibleName()
    page.form.setFocus()
    bar = page.form.verticalScrollBar()
    before = {id(w): _state(w) for w in controls}
    start = bar.value()
    for control in controls:
        _wheel(control)
    assert {id(w): _state(w) for w in controls} == before
    assert bar.maximum() == 0 or bar.value() != start  # the wheel went to the scroll area


def test_a_focused_choice_still_takes_the_wheel(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    combo = page.form.editor("method").widget
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    before = combo.currentIndex()
    _wheel(combo, steps=-1)
    assert combo.currentIndex() != before


def test_an_empty_date_takes_typed_digits_and_tab_moves_on(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.window().activateWindow()
    field = page.form.editor("contact_end").widget
    assert field.value() is None and field.text() == ""
    field.edit.setFocus()
    qtbot.waitUntil(field.edit.hasFocus)
    qtbot.keyClicks(field.edit, "202605251130")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert not field.edit.hasFocus()  # Tab left the field
    assert field.value() == datetime(2026, 5, 25, 11, 30).astimezone()
    assert field.text() == "2026-05-25 11:30"
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    assert page.editor.body["contact_end"].startswith("2026-05-25T11:30")


def test_an_unreadable_date_is_kept_as_typed_and_explained(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    field = page.form.editor("next_visit_planned").widget
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "13/45/2026")
    error = page.form.fields["next_visit_planned"].error
    qtbot.waitUntil(lambda: error.isVisibleTo(page))
    assert "write a date like 2026-12-07" in error.text()
    assert field.text() == "13/45/2026"  # nothing typed is replaced


def test_up_arrow_in_an_empty_date_starts_at_today_not_1901(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    field = page.form.editor("next_visit_planned").widget
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Up)
    assert field.value() is not None and field.value().year >= 2026


def test_tab_reaches_the_childrens_rows_before_the_notes(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    assert page.form.rows["children"].rows, "the new visit lists the case's children"
    order = []
    widget = page.form.editor("contact_start").widget.edit
    for _ in range(200):
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisibleTo(page)
            and widget.accessibleName()
        ):
            order.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
        if widget is page.form.editor("contact_start").widget.edit:
            break
    assert order.index("Seen") < order.index("Observations") < order.index("Next visit planned")
    assert order.index("Contact ended") < order.index("Seen")
    # the chain is the layout's order
    names = [w.accessibleName() for w in tab_order.chain(page.form) if w.accessibleName()]
    assert names.index("Seen") < names.index("Observations")


def test_a_steady_typist_is_saved_without_pausing(make_app, qtbot):
    from helpers.store import PASSPHRASE

    app = make_app(autosave_ms=800)
    app.window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.editor.deadline.setInterval(1000)
    box = page.form.editor("observations").widget
    box.setFocus()
    # a key every 0.3 s for 2.4 s: never the 0.8 s pause the debounce waits for
    for letter in "steady typist":
        qtbot.keyClicks(box, letter)
        qtbot.wait(180)
        if page.editor.last_saved is not None:
            break
    assert page.editor.last_saved is not None, "nothing saved while typing went on"


def test_a_form_open_when_the_app_died_opens_again_and_says_so(make_app, unlocked, qtbot, data_dir):
    from helpers.store import PASSPHRASE

    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    qtbot.keyClicks(page.form.editor("observations").widget, "Typed before the battery died")
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
    assert "stopped unexpectedly" in reopened.interrupted.label.text()
    assert (
        reopened.form.editor("observations").widget.toPlainText() == "Typed before the battery died"
    )
    # its children are the case's, not "(not on this laptop)"
    children = reopened.form.rows["children"].rows
    assert children and all(
        f["child_id"].editor.widget.currentText() != "(not on this laptop)"
        for _fr, f, _r in children
    )


def test_closing_or_locking_leaves_nothing_to_reopen(make_app, unlocked, qtbot):
    from helpers.store import PASSPHRASE

    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    qtbot.keyClicks(page.form.editor("observations").widget, "Closed properly")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    app.session_vm.lock()
    settle(qtbot, app)
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    qtbot.wait(300)
    settle(qtbot, app)
    assert app.window.pages == []
