"""The court report form (ui/forms/court_report_spec.py), from the keyboard: "Write the court report"
on a hearing in the case view, the composed sections read-only in words, the assessment and the
recommendations typed and autosaved, submit refused until both are written, read-only once approved,
and reopened as it was after a crash."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import Status
from gui.test_accessibility import walk
from helpers.gui import mnemonic_clashes, open_first_case, settle
from helpers.services import seen_visit
from helpers.store import PASSPHRASE


def _hearings_and_an_approved_visit(qtbot, app, detail) -> tuple[str, str]:
    children = [p.id for p in detail.people if p.role == "child"]
    coming = Hearing(
        id=new_id(),
        case_id=detail.case_id,
        scheduled_at=datetime(2026, 6, 3, 15, tzinfo=UTC),
        hearing_type=HearingType.REVIEW,
        court="Synthetic County Juvenile Court",
    )
    held = Hearing(
        id=new_id(),
        case_id=detail.case_id,
        scheduled_at=datetime(2026, 1, 20, 15, tzinfo=UTC),
        hearing_type=HearingType.DISPOSITION,
        court="Synthetic County Juvenile Court",
        outcome="Disposition entered.",
    )
    visit = dataclasses.replace(
        seen_visit(detail.case_id, children, on=datetime(2026, 3, 5, 15, tzinfo=UTC)),
        status=Status.APPROVED,
    )

    def save() -> None:
        for record in (coming, held, visit):
            app.session.store.save(record)

    app.worker.run(save)
    settle(qtbot, app)
    app.window.workspace.open_case(detail.case_id)
    settle(qtbot, app, lambda: len(app.window.case_view.detail.hearings) == 2)
    return coming.id, visit.id


def _write_report(qtbot, app, hearing_id: str):
    view, window = app.window, app.window
    case_view = view.case_view
    case_view.tabs.setCurrentWidget(
        case_view.court_report_button.parentWidget()
    )  # the Hearings tab
    row = next(i for i, h in enumerate(case_view.hearings._rows) if h.id == hearing_id)
    case_view.hearings_table.setCurrentIndex(case_view.hearings.index(row, 0))
    before = len(window.pages)
    case_view.court_report_button.setFocus()
    qtbot.keyClick(
        case_view.court_report_button, Qt.Key.Key_Space
    )  # the keyboard's way to press it
    settle(qtbot, app, lambda: len(window.pages) > before)
    return window.pages[-1]


def test_a_court_report_is_written_submitted_and_read_only_once_approved(unlocked, qtbot):
    app = unlocked
    detail = open_first_case(qtbot, app)
    hearing_id, visit_id = _hearings_and_an_approved_visit(qtbot, app, detail)
    assert app.window.case_view.court_report_button.text() == "Write the co&urt report"
    page = _write_report(qtbot, app, hearing_id)
    form = page.form
    # the first field to fill in has the focus, not the hearing or the period the app filled in
    assert QApplication.focusWidget() is form.editor("assessment").widget
    assert page.editor.kind == "court_report" and page.title.text() == "<h2>Court report</h2>"
    # the hearing chosen, shown not typed; the period since the last hearing
    hearing = form.editor("hearing_id").widget
    assert (
        hearing.value() == hearing_id
        and not hearing.isEnabled()
        and "2026-06-03" in hearing.currentText()
    )
    assert form.editor("period_start").widget.value().isoformat() == "2026-01-21"
    # the composed sections, read-only, in words: the approved visit is listed from the record
    preview = form.editor("sections").widget
    assert preview.isReadOnly()
    text = preview.toPlainText()
    assert "Caseworker visits in this period" in text and "Mar 5, 2026" in text
    assert "No approved case plan is on file" in text and "Collateral contacts" in text
    # Tab leaves the preview for the assessment (it never traps the keyboard)
    preview.setFocus()
    qtbot.keyClick(preview, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.editor("assessment").widget
    qtbot.keyClicks(
        form.editor("assessment").widget, "Both children are settled; family time is regular."
    )
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    store = app.session.store
    assert (
        store.get(page.editor.record_id).body["assessment"]
        == "Both children are settled; family time is regular."
    )
    # Ctrl+Enter: not without the recommendations, said beside the field
    qtbot.keyClick(
        form.editor("assessment").widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    settle(qtbot, app, lambda: "Not submitted yet" in page.summary.label.text())
    assert "Write your recommendations to the court." in form.fields["recommendations"].error.text()
    assert QApplication.focusWidget() is form.editor("recommendations").widget
    qtbot.keyClicks(
        form.editor("recommendations").widget, "Continue the placement and weekly family time."
    )
    # a visit approved while the report was being written: the submit composes the sections again
    later = dataclasses.replace(
        seen_visit(
            detail.case_id,
            [p.id for p in detail.people if p.role == "child"],
            on=datetime(2026, 4, 7, 15, tzinfo=UTC),
        ),
        status=Status.APPROVED,
    )
    app.worker.run(lambda: store.save(later))
    settle(qtbot, app)
    assert "Apr 7, 2026" not in preview.toPlainText()
    qtbot.keyClick(
        form.editor("recommendations").widget,
        Qt.Key.Key_Return,
        Qt.KeyboardModifier.ControlModifier,
    )
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    stored = store.get(page.editor.record_id).to_domain()
    assert {visit_id, later.id} <= {line.visit_id for line in stored.sections.caseworker_visits}
    settle(
        qtbot, app, lambda: "Apr 7, 2026" in preview.toPlainText()
    )  # the form shows the sections as sent
    assert (
        form.editor("recommendations").widget.toPlainText()
        == "Continue the placement and weekly family time."
    )
    # the supervisor's approval arrives by sync: the report is read-only for good
    app.worker.run(lambda: store.command(page.editor.record_id, "approve"))
    settle(qtbot, app)
    page.editor.reload()
    settle(qtbot, app, lambda: page.editor.read_only)
    assert page.banner.label.text().startswith("Read-only: This court report was approved")
    assert (
        form.editor("assessment").widget.isReadOnly()
        and form.editor("recommendations").widget.isReadOnly()
    )
    assert page.addendum_button.isVisibleTo(page)


def test_a_court_report_reopens_as_it_was_after_a_crash_and_is_not_started_twice(
    make_app, unlocked, qtbot
):
    app = unlocked
    detail = open_first_case(qtbot, app)
    hearing_id, _visit_id = _hearings_and_an_approved_visit(qtbot, app, detail)
    page = _write_report(qtbot, app, hearing_id)
    qtbot.keyClicks(page.form.editor("assessment").widget, "Settled at school; Zzcanarycourt")
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    settle(qtbot, app)
    record_id = page.editor.record_id
    # the process dies: no close, no lock (the store is released the way the OS would release it)
    app.session.store._connection_now().close()
    again = make_app()
    again.window.show()
    again.session_vm.unlock(PASSPHRASE)
    settle(
        qtbot, again, lambda: any(p.editor.record_id == record_id for p in again.window.pages)
    )  # the form comes back
    reopened = next(p for p in again.window.pages if p.editor.record_id == record_id)
    settle(qtbot, again, lambda: reopened.interrupted.isVisibleTo(reopened))
    assert (
        reopened.form.editor("assessment").widget.toPlainText()
        == "Settled at school; Zzcanarycourt"
    )
    assert (
        "Caseworker visits in this period" in reopened.form.editor("sections").widget.toPlainText()
    )
    # "Write the court report" on the same hearing goes to that report, not a second one
    pages = len(again.window.pages)
    again.window.workspace.new_court_report(hearing_id)
    settle(qtbot, again)
    assert len(again.window.pages) == pages and again.window.tabs.currentWidget() is reopened


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_court_report_action_and_form_have_alt_letters_of_their_own(make_app, qtbot, language):
    app = make_app()
    if language == "es":
        app.apply_settings(dataclasses.replace(app.settings, language="es"))
    app.window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    detail = open_first_case(qtbot, app)
    hearing_id, _visit_id = _hearings_and_an_approved_visit(qtbot, app, detail)
    case_view = app.window.case_view
    case_view.tabs.setCurrentWidget(
        case_view.court_report_button.parentWidget()
    )  # the Hearings tab, its button shown
    settle(qtbot, app)
    assert case_view.court_report_button.isVisible()
    assert not mnemonic_clashes(app.window), mnemonic_clashes(app.window)
    _write_report(qtbot, app, hearing_id)
    assert not mnemonic_clashes(app.window), mnemonic_clashes(app.window)


def test_the_court_report_form_passes_the_accessibility_walk(unlocked, qtbot):
    """Every control named, labelled and reachable with Tab (tests/gui/test_accessibility.py's walk),
    the read-only preview too: it is read, not skipped."""
    app = unlocked
    detail = open_first_case(qtbot, app)
    hearing_id, _visit_id = _hearings_and_an_approved_visit(qtbot, app, detail)
    page = _write_report(qtbot, app, hearing_id)
    assert walk(page) == []
    preview = page.form.editor("sections").widget
    assert (
        preview.accessibleName() == "Composed sections (read-only)"
        and preview.focusPolicy() & Qt.FocusPolicy.TabFocus
    )
