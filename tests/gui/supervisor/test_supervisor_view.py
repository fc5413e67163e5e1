"""The supervisor's workspace offscreen: the queue (oldest first, age in words), reading an entry,
Approve and Return-with-reason, a refused decision, the team dashboard with its charts and the
drill-down to a child; item models under qtmodeltester; every control named and reachable."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage

from fieldcase.domain.workflow import Status
from gui.supervisor.conftest import settle_view
from gui.test_accessibility import walk


def _loaded(qtbot, view):
    view.show()
    view.refresh()
    settle_view(
        qtbot, view, lambda: view.queue is not None and view.dashboard.dashboard is not None
    )


def _open_first(qtbot, view):
    view.queue_table.selectRow(0)
    settle_view(qtbot, view, lambda: view.reader.record is not None)
    return view.reader.record


def test_queue_lists_the_teams_entries_oldest_first_in_words(
    qtbot, supervisor_view, team_store, qtmodeltester
):
    view = supervisor_view
    _loaded(qtbot, view)
    qtmodeltester.check(view.queue_model)
    model = view.queue_model
    assert model.rowCount() == 4
    ages = [model.index(r, 0).data() for r in range(4)]
    assert ages == ["6 days", "2 days", "20 hours", "2 hours"]
    assert [model.index(r, 5).data() for r in range(4)] == [
        "Robin Vale",
        "Robin Vale",
        "Caseworker 1",
        "Caseworker 1",
    ]
    assert model.index(0, 1).data() == "Home visit"
    assert "Waiting for my approval: 4" in view.queue_heading.text()
    assert view.tabs.tabText(0) == "&Approvals (4)"


def test_reading_and_approving_an_entry(qtbot, supervisor_view, team_store):
    view = supervisor_view
    _loaded(qtbot, view)
    record = _open_first(qtbot, view)
    assert record.record_id == team_store.namespace.entries[0].id
    html = view.reader.content.toHtml()
    assert "Visit 0: routines and school discussed." in html and "Submitted for approval" in html
    assert view.reader.approve.isEnabled() and view.reader.approve.text() == "&Approve revision 2"

    qtbot.mouseClick(view.reader.approve, Qt.MouseButton.LeftButton)
    settle_view(qtbot, view, lambda: view.queue_model.rowCount() == 3)

    assert team_store.get(record.record_id).status == Status.APPROVED.value
    settle_view(qtbot, view, lambda: view.reader.record.decision_waiting == "approve")
    assert not view.reader.approve.isEnabled()
    assert "waiting for the next sync" in view.reader.notice.label.text()
    assert view.notice.label.text().startswith("Approved:")


def test_return_needs_a_reason_in_words(qtbot, supervisor_view, team_store):
    view = supervisor_view
    _loaded(qtbot, view)
    record = _open_first(qtbot, view)
    seen = {}

    def fill() -> None:
        dialog = view.reader.return_dialog
        assert walk(dialog) == []
        assert not dialog.send.isEnabled() and dialog.problem.text().startswith(
            "Needed: Say what needs to change"
        )
        dialog.reason.setPlainText("Fix")
        seen["short"] = (dialog.send.isEnabled(), dialog.problem.text())
        dialog.reason.setPlainText("Say who else was present at the visit.")
        seen["ok"] = dialog.send.isEnabled()
        dialog.send.click()

    QTimer.singleShot(0, fill)
    view.reader.return_.click()
    settle_view(qtbot, view, lambda: view.queue_model.rowCount() == 3)

    assert seen["short"][0] is False and "short sentence" in seen["short"][1]
    assert seen["ok"] is True
    stored = team_store.get(record.record_id)
    assert (
        stored.status == "returned"
        and stored.body["returned_reason"] == "Say who else was present at the visit."
    )


def test_an_entry_changed_by_a_sync_while_open_is_not_approved_unread(
    qtbot, supervisor_view, team_store
):
    import dataclasses

    view = supervisor_view
    _loaded(qtbot, view)
    record = _open_first(qtbot, view)
    visit = team_store.namespace.entries[0]
    team_store.namespace.pull(
        dataclasses.replace(visit, observations="Corrected after submitting."),
        rev=3,
        status="submitted",
        author="worker-1",
        submitted_hours_ago=1,
    )

    view.reader.approve.click()
    settle_view(qtbot, view, lambda: view.reader.record is not None and view.reader.record.rev == 3)

    assert team_store.get(record.record_id).status == "submitted"
    assert "changed after you opened it" in view.reader.notice.label.text()
    assert "Corrected after submitting." in view.reader.content.toHtml()
    assert view.reader.approve.text() == "&Approve revision 3"


def test_dashboard_per_caseworker_and_drill_down_to_a_child(
    qtbot, supervisor_view, team_store, qtmodeltester
):
    view = supervisor_view
    _loaded(qtbot, view)
    qtmodeltester.check(view.dashboard.workers)
    qtmodeltester.check(view.dashboard.child_model)
    board = view.dashboard.dashboard
    assert [w.label for w in board.workers] == ["Caseworker 1", "Robin Vale"] or [
        w.label for w in board.workers
    ] == ["Robin Vale", "Caseworker 1"]
    robin = next(w for w in board.workers if w.label == "Robin Vale")
    assert (robin.waiting, robin.returned, robin.oldest_waiting_hours) == (2, 1, 150)
    description = view.dashboard.visits_chart.accessibleDescription()
    assert "Robin Vale:" in description and "seen" in description
    assert "waiting for approval" in view.dashboard.review_chart.accessibleDescription()
    text = view.dashboard.child_model.index(0, 3).data()
    assert text.split()[0] in {"⚠", "○", "✖"}  # a symbol and a word, not colour alone
    view.tabs.setCurrentIndex(1)
    child = board.children[0]
    view.dashboard.child_table.activated.emit(view.dashboard.child_model.index(0, 0))
    settle_view(
        qtbot, view, lambda: view.dashboard.detail.accessibleDescription() == child.child_name
    )
    html = view.dashboard.detail.toHtml()
    assert "Month by month" in html and "May 2026" in html and "October 2025" in html


def test_every_control_is_named_and_reachable(qtbot, supervisor_view, team_store):
    view = supervisor_view
    _loaded(qtbot, view)
    _open_first(qtbot, view)
    assert walk(view) == []
    for chart in (view.dashboard.visits_chart, view.dashboard.review_chart):
        assert chart.accessibleName() and chart.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_clear_leaves_nothing_personal_on_screen(qtbot, supervisor_view, team_store):
    view = supervisor_view
    _loaded(qtbot, view)
    _open_first(qtbot, view)
    view.clear()
    assert view.queue_model.rowCount() == 0 and view.dashboard.child_model.rowCount() == 0
    assert view.reader.content.toPlainText() == "" and view.reader.record is None


def test_renders_both_tabs(qtbot, supervisor_view, team_store, tmp_path):
    """Offscreen renders; FIELDCASE_SCREENSHOT_DIR keeps them (docs/screenshots/supervisor-*.png)."""
    view = supervisor_view
    _loaded(qtbot, view)
    view.queue_table.selectRow(1)
    settle_view(qtbot, view, lambda: view.reader.record is not None)
    target = Path(os.environ.get("FIELDCASE_SCREENSHOT_DIR") or tmp_path)
    shots = []
    for index, name in ((0, "supervisor-approvals.png"), (1, "supervisor-team.png")):
        view.tabs.setCurrentIndex(index)
        if index == 1:
            view.dashboard.child_table.activated.emit(view.dashboard.child_model.index(0, 0))
            settle_view(qtbot, view, lambda: bool(view.dashboard.detail.accessibleDescription()))
        qtbot.wait(50)
        path = target / name
        assert view.grab().save(str(path))
        shots.append(path)
    for path in shots:
        image = QImage(str(path))
        assert image.width() >= 1000 and image.height() >= 600
