"""Issue 22 item 12: what a screen reader hears. Live labels (the sync status, the caseload summary,
a record's status) are named by their current text; headings are headings named in plain words,
never markup; what the app does by itself is announced (a save, a refused submit, a wrong
passphrase, the end of a sync); Ctrl+N and a refused submit put focus on a field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QScrollArea

from helpers.gui import new_record, open_first_case, settle


@pytest.fixture
def heard():
    from fieldcase.ui.announce import announcer

    said: list[tuple[str, bool]] = []
    announcer().announced.connect(lambda text, assertive: said.append((text, assertive)))
    yield said
    announcer().announced.disconnect()


def _name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def test_the_sync_status_is_read_by_its_words_and_the_result_announced(unlocked, qtbot, heard):
    app = unlocked
    bar = app.window.sync_bar
    settle(qtbot, app, lambda: "waiting to sync" in bar.waiting.text())
    assert _name(bar.waiting) == bar.waiting.text()
    assert (
        _name(bar.state) == bar.state.text() and bar.state.accessibleDescription() == "Sync status"
    )
    app.sync_vm.sync_finished.emit("Sync finished.")
    assert _name(bar.state) == "Sync finished."
    assert ("Sync finished.", False) in heard


def test_the_caseload_summary_is_read_by_its_words(unlocked, qtbot):
    app = unlocked
    summary = app.window.caseload.summary
    settle(qtbot, app, lambda: summary.text().strip() != "")
    assert _name(summary) == summary.text()
    assert "<" not in _name(summary)


def test_headings_are_named_in_plain_words(unlocked, qtbot):
    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    header = window.case_view.heading
    assert header.accessibleName().startswith("Case ") and "<" not in header.accessibleName()
    caseload_heading = window.caseload.heading
    face = QAccessible.queryAccessibleInterface(caseload_heading)
    assert face.text(QAccessible.Text.Name) == "My caseload"
    assert face.role() == QAccessible.Role.Heading  # Orca says "heading", and its H key finds it
    page = new_record(qtbot, app, "home_visit")
    title = QAccessible.queryAccessibleInterface(page.title)
    assert (
        title.text(QAccessible.Text.Name) == "Home visit"
        and title.role() == QAccessible.Role.Heading
    )
    # no name anywhere in the window is markup
    for label in window.findChildren(QLabel):
        assert "<" not in _name(label), _name(label)


def test_headings_stay_headings_as_pages_come_and_go(unlocked, qtbot):
    """A heading's interface is Qt's, registered for the label alone: pages opened and closed many
    times leave every live heading a heading, and nothing dangling behind (a crash, not a failure)."""
    import gc

    from fieldcase.ui.accessible_text import heading

    app = unlocked
    open_first_case(qtbot, app)
    for _ in range(3):
        page = new_record(qtbot, app, "home_visit")
        assert QAccessible.queryAccessibleInterface(page.title).role() == QAccessible.Role.Heading
        page.close_button.click()
        settle(qtbot, app)
    labels = [heading(f"Heading {n}") for n in range(20)]
    for label in labels[:10]:
        label.deleteLater()
    qtbot.wait(10)
    del labels[:10]
    gc.collect()
    assert all(
        QAccessible.queryAccessibleInterface(label).role() == QAccessible.Role.Heading
        for label in labels
    )
    assert (
        QAccessible.queryAccessibleInterface(app.window.caseload.heading).role()
        == QAccessible.Role.Heading
    )


def test_ctrl_n_lands_on_the_first_field(unlocked, qtbot):
    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    window.activateWindow()
    before = len(window.pages)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, app, lambda: len(window.pages) > before)
    page = window.pages[-1]
    focused = page.focusWidget()
    assert focused is not None and not isinstance(focused, QScrollArea)
    first = page.form._rows_in_order()[0].editor.widget
    assert focused is first or first.isAncestorOf(focused)
    assert page.form.accessibleName() == "Home visit"


def test_a_refused_submit_moves_focus_to_the_first_problem_and_says_so(unlocked, qtbot, heard):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.window().activateWindow()
    page.submit_button.setFocus()
    page.submit_button.click()
    settle(
        qtbot,
        app,
        lambda: page.summary.isVisibleTo(page) and "Not submitted" in page.summary.label.text(),
    )
    first = page.form.focus_first_problem()
    assert first is not None
    # the first field showing a problem, in the order on the page, has the focus (not the button)
    shown = [row for row in page.form._rows_in_order() if not row.error.isHidden()]
    assert shown and page.focusWidget() is not page.submit_button
    assert shown[0].editor.widget is first
    assert (
        shown[0].editor.widget.isAncestorOf(page.focusWidget())
        or page.focusWidget() is shown[0].editor.widget
    )
    assert any(assertive and text.startswith("Not submitted yet") for text, assertive in heard)


def test_an_autosave_is_announced(unlocked, qtbot, heard):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    page.form.editor("observations").widget.setPlainText("The children were at home.")
    settle(qtbot, app, lambda: any(text.startswith("Saved") for text, _a in heard))
    assert page.status.accessibleName() == page.status.text()


def test_a_wrong_passphrase_is_announced(make_app, qtbot, heard):
    app = make_app()
    app.window.show()
    app.session_vm.unlock("not my passphrase")
    settle(qtbot, app)
    assert any(assertive and "Problem:" in text for text, assertive in heard)
