"""The week ahead, keyboard only: after unlock the status line reminds what is overdue (no popup,
the focus stays in the caseload's filter); Ctrl+Shift+W shows the list; every line opens the
record it belongs to with Enter — a visit, family visit, collateral contact (its follow-up task) or
unanswered referral in its form, a hearing, a plan or a task in its case-data form, a child at risk or a case date on the case — and a task is marked
done from the keyboard and leaves the list. Monday 25 May 2026 (helpers.gui.NOW)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from fieldcase.domain import kinds
from fieldcase.domain.agenda import AgendaKind
from fieldcase.domain.collateral_contacts import CollateralContact, CollateralRole
from fieldcase.domain.hearings import Hearing
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.ids import new_id
from fieldcase.domain.referrals import Referral, ServiceType
from fieldcase.domain.tasks import Task
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.store.store import Store
from helpers.gui import settle
from helpers.services import seen_visit
from helpers.store import PASSPHRASE


def _seed_week(data_dir) -> None:
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        case = store.list(kind="case")[0]
        children = [
            p.id
            for p in store.repository("person").list(case_id=case.id)
            if p.role.value == "child"
        ]
        plan = store.repository("visitation_plan").list(case_id=case.id)[0]
        visit = replace(
            seen_visit(case.id, children, on=datetime(2026, 4, 28, 10, tzinfo=UTC)),
            follow_up_tasks=(FollowUpTask(action="Call the school nurse", due=date(2026, 5, 20)),),
            next_visit_planned=date(2026, 5, 28),
        )
        store.save(visit)
        store.save(
            Task(
                id=new_id(),
                case_id=case.id,
                action="Ask CASA for the report",
                due=date(2026, 5, 26),
            )
        )
        store.save(
            Hearing(
                id=new_id(),
                case_id=case.id,
                scheduled_at=datetime(2026, 5, 27, 9, tzinfo=UTC),
                court="Division 3",
            )
        )
        # referred 12 days ago and not answered: the worker calls the provider (opens the referral)
        store.save(
            Referral(
                id=new_id(),
                case_id=case.id,
                person_id=children[0],
                service_type=ServiceType.MENTAL_HEALTH,
                provider_name="Synthetic Riverside Behavioral Health",
                referred_on=date(2026, 5, 13),
            )
        )
        store.save(
            VisitationEntry(
                id=new_id(),
                case_id=case.id,
                plan_id=plan.id,
                scheduled_start=datetime(2026, 5, 27, 16, tzinfo=UTC),
                child_ids=tuple(children),
            )
        )
        # the school called: the worker promised the release form by Thursday (a contact's follow-up)
        store.save(
            CollateralContact(
                id=new_id(),
                case_id=case.id,
                party_role=CollateralRole.SCHOOL,
                child_ids=(children[0],),
                contact_start=datetime(2026, 5, 22, 9, tzinfo=UTC),
                contact_end=datetime(2026, 5, 22, 9, 15, tzinfo=UTC),
                follow_up_tasks=(
                    FollowUpTask(action="Send the school the release form", due=date(2026, 5, 28)),
                ),
            )
        )
    finally:
        store.lock()


def _opened(window, item) -> bool:
    """The record of `item` is open: its form is the current tab, or its case-data form is open, or
    its case is on screen."""
    if item.record_kind in kinds.WORKFLOW_KINDS:
        page = window.current_page()
        return page is not None and page.editor.record_id == item.record_id
    if item.action or item.record_kind != "case":
        dialogs = window.case_data.dialogs
        return (
            bool(dialogs)
            and dialogs[-1].spec.kind == (item.action or item.record_kind)
            and (item.record_kind == "case" or dialogs[-1].body.get("id") == item.record_id)
        )
    return (
        window.case_view.detail is not None
        and window.case_view.detail.case_id == item.case_id
        and window.tabs.currentWidget() is window.case_view
    )


def _shortcut(qtbot, widget, sequence: str) -> None:
    key = QKeySequence(sequence)[0]
    qtbot.keyClick(widget, key.key(), key.keyboardModifiers())


def test_every_line_of_the_week_ahead_opens_its_record_by_keyboard(make_app, qtbot, data_dir):
    _seed_week(data_dir)
    app = make_app()
    window = app.window
    window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: window.week_ahead.week is not None)
    # the reminder: on the status line, said to a screen reader, the focus left where it was
    # the school nurse's call (a visit's follow-up) and the provider that has not answered the referral
    assert window.status_line.full_text.startswith("Week ahead: 2 tasks overdue")
    assert "children at risk this month" in window.status_line.full_text
    assert QApplication.focusWidget() is window.caseload.filter

    _shortcut(qtbot, QApplication.focusWidget(), "Ctrl+Shift+W")
    view = window.week_ahead.view
    table = view.table
    assert window.tabs.currentWidget() is view and QApplication.focusWidget() is table
    lines = [view.model.row_at(r) for r in range(view.model.rowCount())]
    kinds = {line.item.kind for line in lines}
    assert kinds == set(AgendaKind), kinds  # every source has a line here
    assert lines[0].item.kind is AgendaKind.AT_RISK
    # the contact's follow-up is a task line that opens the contact
    assert [
        (line.item.kind, line.item.values.get("action"))
        for line in lines
        if line.item.record_kind == "collateral_contact"
    ] == [(AgendaKind.TASK, "Send the school the release form")]
    for row, line in enumerate(lines):
        assert table.currentIndex().row() == row
        qtbot.keyClick(table, Qt.Key.Key_Return)
        settle(qtbot, app, lambda item=line.item: _opened(window, item))
        for dialog in list(window.case_data.dialogs):
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
            settle(qtbot, app, lambda d=dialog: d not in window.case_data.dialogs)
        if (
            QApplication.activeWindow() is None
        ):  # the offscreen platform gives no window the focus back
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        _shortcut(qtbot, QApplication.focusWidget() or window, "Ctrl+Shift+W")
        assert QApplication.focusWidget() is table
        qtbot.keyClick(table, Qt.Key.Key_Down)

    # a task marked done from the keyboard leaves the list
    row = next(
        r
        for r in range(view.model.rowCount())
        if view.model.row_at(r).item.values.get("action") == "Ask CASA for the report"
    )
    table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.done_button, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    settle(
        qtbot,
        app,
        lambda: all(
            view.model.row_at(r).item.values.get("action") != "Ask CASA for the report"
            for r in range(view.model.rowCount())
        ),
    )
    assert "Task marked done" in window.status_line.full_text
    # and so is the contact's, as a visit's row is (a task record beside the approved contact)
    row = next(
        r
        for r in range(view.model.rowCount())
        if view.model.row_at(r).item.record_kind == "collateral_contact"
    )
    table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.done_button, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    settle(
        qtbot,
        app,
        lambda: all(
            view.model.row_at(r).item.record_kind != "collateral_contact"
            for r in range(view.model.rowCount())
        ),
    )


def test_a_task_added_from_the_case_is_on_the_week_and_its_reminder_time_is_said(make_app, qtbot):
    from datetime import timedelta

    from fieldcase.ui.announce import announcer
    from helpers.gui import NOW, mnemonic_clashes, open_first_case

    clock = {"now": NOW}
    app = make_app(now=lambda: clock["now"])
    window = app.window
    window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: window.week_ahead.week is not None)
    detail = open_first_case(qtbot, app)
    # the case view's Add task (Alt+K): a form of its own, saved as typed
    qtbot.keyClick(window.case_view, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, app, lambda: bool(window.case_data.dialogs))
    dialog = window.case_data.dialogs[-1]
    assert (
        dialog.spec.kind == "task"
        and dialog.body["case_id"] == detail.case_id
        and dialog.body["due"] == NOW.date().isoformat()
    )
    qtbot.keyClicks(dialog.form.editor("action").widget, "Phone the therapist")
    dialog.form.editor("remind_at").widget.set_value(NOW + timedelta(minutes=30))
    settle(
        qtbot, app, lambda: dialog.last_saved is not None and not dialog.dirty and not dialog.saving
    )
    assert dialog.body["action"] == "Phone the therapist" and dialog.body["remind_at"]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    settle(qtbot, app, lambda: dialog not in window.case_data.dialogs)
    # the saved task refreshes the caseload, and the week follows it
    settle(
        qtbot,
        app,
        lambda: any(
            line.item.values.get("action") == "Phone the therapist"
            for line in window.week_ahead.week.lines
        ),
    )
    line = next(
        line
        for line in window.week_ahead.week.lines
        if line.item.values.get("action") == "Phone the therapist"
    )
    assert (line.item.due, line.item.overdue, line.item.record_kind) == (NOW.date(), False, "task")
    # and on the case's Tasks tab, where Enter opens it again
    view = window.case_view
    settle(
        qtbot,
        app,
        lambda: any(
            view.tasks.row_at(r).action == "Phone the therapist"
            for r in range(view.tasks.rowCount())
        ),
    )
    view.tabs.setCurrentWidget(view.tasks_table)
    row = next(
        r
        for r in range(view.tasks.rowCount())
        if view.tasks.row_at(r).action == "Phone the therapist"
    )
    view.tasks_table.setCurrentIndex(view.tasks.index(row, 0))
    qtbot.keyClick(view.tasks_table, Qt.Key.Key_Return)
    settle(
        qtbot,
        app,
        lambda: (
            bool(window.case_data.dialogs)
            and window.case_data.dialogs[-1].body["id"] == line.item.record_id
        ),
    )
    qtbot.keyClick(window.case_data.dialogs[-1], Qt.Key.Key_Escape)
    settle(qtbot, app, lambda: not window.case_data.dialogs)

    heard = []
    announcer().announced.connect(lambda words, _assertive: heard.append(words))
    window.week_ahead.tick()  # nothing due yet
    assert not any("Phone the therapist" in w for w in heard)
    clock["now"] = NOW + timedelta(minutes=31)
    window.week_ahead.tick()
    assert "Task due now: Phone the therapist" in window.status_line.full_text and any(
        "Phone the therapist" in w for w in heard
    )
    window.week_ahead.show()
    assert not mnemonic_clashes(window), mnemonic_clashes(window)


def test_the_headline_never_says_nothing_is_due_above_lines_that_are(qtbot):
    """A week with only lines that are not urgent (a family visit to arrange) says how many there
    are; "Nothing is due this week." is said only of an empty week."""
    from fieldcase.domain.agenda import AgendaItem
    from fieldcase.services.week_ahead import WeekAhead, WeekAheadLine
    from fieldcase.ui.week_ahead import WeekAheadView

    view = WeekAheadView()
    qtbot.addWidget(view)
    today = date(2026, 5, 12)
    line = WeekAheadLine(
        AgendaItem(
            AgendaKind.FAMILY_TIME,
            date(2026, 5, 17),
            "case",
            "plan",
            "visitation_plan",
            "Family visit to arrange this week",
        ),
        "DEMO-1",
        "",
    )
    view.show_week(WeekAhead((line,), today), {})
    assert view.summary.text() == "Nothing overdue; 1 thing this week."
    view.show_week(WeekAhead((line, line), today), {})
    assert view.summary.text() == "Nothing overdue; 2 things this week."
    view.show_week(WeekAhead((), today), {})
    assert view.summary.text() == "Nothing is due this week."
