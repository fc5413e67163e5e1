"""The "Propose goal change" form from the case view: the case's goals now shown but not typed, the
proposed goals and the reason typed from the keyboard, autosaved as a draft, submitted with Alt+S;
the case's goals stay as they are until the supervisor approves (tests/integration/sync/test_goal_change.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from helpers.gui import open_first_case, settle


def _open(qtbot, app):
    before = len(app.window.case_data.dialogs)
    app.window.case_view.propose_goal.click()
    settle(qtbot, app, lambda: len(app.window.case_data.dialogs) > before)
    return app.window.case_data.dialogs[-1]


def test_a_goal_change_is_typed_autosaved_and_submitted_from_the_keyboard(unlocked, qtbot):
    app = unlocked
    detail = open_first_case(qtbot, app)
    store = app.session.store
    goals_before = (detail.permanency_goal, detail.concurrent_goal)
    assert app.window.case_view.propose_goal.text() == "Propose &goal change"
    dialog = _open(qtbot, app)
    form = dialog.form
    # the goals now come from the case and are not typed
    assert form.editor("current_permanency_goal").widget.value() == detail.permanency_goal
    assert not form.editor("current_permanency_goal").widget.isEnabled()
    # Tab goes from the proposed goal to the concurrent goal to the reason
    goal = form.editor("proposed_permanency_goal").widget
    goal.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.editor("proposed_concurrent_goal").widget
    new_goal = "guardianship" if detail.permanency_goal != "guardianship" else "adoption"
    goal.set_value(new_goal)
    form.editor("proposed_permanency_goal").changed.emit()
    form.editor("proposed_concurrent_goal").widget.set_value(None)
    reason = form.editor("reason").widget
    reason.setFocus()
    qtbot.keyClicks(reason, "Relative home assessed and approved.")
    settle(
        qtbot, app, lambda: dialog.last_saved is not None and not dialog.dirty and not dialog.saving
    )
    proposal_id = dialog.body["id"]
    assert store.get(proposal_id).status == "draft"
    # Alt+S: submit to the supervisor (queued; the goals change only with the approval)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, app, lambda: store.get(proposal_id).status == "submitted")
    settle(qtbot, app, lambda: dialog.status.label.text().startswith("Submitted"))
    stored = store.get(proposal_id).to_domain()
    assert (
        stored.proposed_permanency_goal.value,
        stored.proposed_concurrent_goal,
        stored.proposed_at is not None,
    ) == (new_goal, None, True)
    case = store.get(detail.case_id, kind="case").to_domain()
    assert (
        case.permanency_goal.value if case.permanency_goal else None,
        case.concurrent_goal.value if case.concurrent_goal else None,
    ) == goals_before
    dialog.close()
    settle(qtbot, app)
    # the case's timeline lists it with its state; Enter on it opens the same proposal again
    view = app.window.case_view
    settle(qtbot, app, lambda: any(t.record_id == proposal_id for t in view.timeline._rows))
    row = next(i for i, t in enumerate(view.timeline._rows) if t.record_id == proposal_id)
    index = view.timeline.index(row, 1)
    assert (index.data(), view.timeline.index(row, 2).data()) == ("Goal change", "Submitted")
    before = len(app.window.case_data.dialogs)
    view.timeline_table.activated.emit(index)
    settle(qtbot, app, lambda: len(app.window.case_data.dialogs) > before)
    again = app.window.case_data.dialogs[-1]
    assert again.body["id"] == proposal_id and again.status.label.text().startswith("Submitted")
    again.close()


def test_a_goal_change_without_a_reason_is_not_submitted_and_says_why(unlocked, qtbot):
    app = unlocked
    open_first_case(qtbot, app)
    dialog = _open(qtbot, app)
    dialog.submit_button.click()
    settle(
        qtbot, app, lambda: dialog.status.label.text() != "" and dialog.submit_button.isEnabled()
    )
    assert dialog.status.label.text().startswith("Saved as a draft, not submitted yet")
    assert "Say why the goal should change." in _problem_texts(dialog)  # beside the reason
    assert app.session.store.get(dialog.body["id"]).status == "draft"  # the draft is kept
    dialog.close()


def _problem_texts(dialog) -> str:
    from PySide6.QtWidgets import QLabel

    return " ".join(label.text() for label in dialog.findChildren(QLabel))
