"""The main window's new paths: the supervisor's workspace for a supervisor, a sync conflict
resolved side by side, and the print dialog (preview from memory, print and save with the system
dialogs patched, the audit event with the document's hash)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from fieldcase.domain.serialization import kind_of, to_dict
from fieldcase.domain.workflow import Status
from fieldcase.store.sync_apply import SyncStore
from gui.test_accessibility import walk
from helpers.gui import NOW, open_first_case, settle
from helpers.store import PASSPHRASE, USER

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shoot(widget, name: str) -> None:
    """FIELDCASE_SCREENSHOTS=1 writes the picture for docs/screenshots (looked at by a person)."""
    if os.environ.get("FIELDCASE_SCREENSHOTS"):
        widget.grab().save(str(SHOTS / name))


def _on_worker(qtbot, app, fn):
    box = {}
    app.worker.run(lambda: box.setdefault("value", fn(app.session.store)))
    settle(qtbot, app, lambda: "value" in box)
    return box["value"]


# supervisor ---------------------------------------------------------------------------------------


def test_a_supervisor_sees_the_approval_queue_and_team_and_lock_clears_them(make_app, qtbot):
    app = make_app(role="supervisor")
    window = app.window
    window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(
        qtbot,
        app,
        lambda: (
            window.supervisor.queue is not None
            and window.supervisor.dashboard.dashboard is not None
        ),
    )
    assert window.stack.currentWidget() is window.supervisor
    assert [window.supervisor.tabs.tabText(i) for i in range(3)][1:] == ["&Team", "&Children"]
    assert window.supervisor.tabs.tabText(0).startswith("&Approvals")
    assert window.windowTitle().endswith("Supervisor")
    assert walk(window) == []
    window.session_vm.lock()
    settle(qtbot, app)
    assert window.stack.currentWidget() is window.unlock
    assert window.supervisor.queue is None and window.supervisor.dashboard.workers.rowCount() == 0


def test_a_caseworker_gets_no_supervisor_view(unlocked):
    assert (
        unlocked.window.supervisor is None
        and unlocked.window.stack.currentWidget() is unlocked.window.split
    )


# conflicts ----------------------------------------------------------------------------------------


def _make_conflict(store, *, mine: str, theirs: str) -> tuple[str, str]:
    """A conflict as a pulled page brings it: the server kept another laptop's narrative and lists ours."""
    stored = store.list(kind="home_visit")[0]
    record = stored.to_domain()
    body = to_dict(dataclasses.replace(record, observations=theirs, rev=2))
    info = {
        "conflict_id": "c-0001",
        "field": "observations",
        "narrative": True,
        "client_value": mine,
        "server_value": theirs,
        "client_author": USER,
        "server_author": "0190f3a0-aaaa-7000-8000-0000000000b2",
        "client_at": (NOW - timedelta(hours=3)).isoformat(),
        "server_at": (NOW - timedelta(hours=2)).isoformat(),
    }
    change = {
        "seq": 1,
        "record_kind": kind_of(record),
        "record_id": record.id,
        "case_id": record.case_id,
        "rev": 2,
        "status": "draft",
        "body": body,
        "meta": {"created_by": USER},
        "conflicts": [info],
        "addenda": [],
    }
    SyncStore(store).apply_page(
        {
            "epoch": "e1",
            "changes": [change],
            "scope_events": [],
            "next_cursor": "c1",
            "has_more": False,
            "server_time": NOW.isoformat(),
        }
    )
    return record.id, info["conflict_id"]


def test_a_conflict_side_by_side_resolved_by_editing(unlocked, qtbot):
    app, window = unlocked, unlocked.window
    mine = "Mine: the children showed me their garden and the new bunk beds.\n\nSecond paragraph of my notes."
    theirs = "Theirs: the resource mother reported a calm week and school attendance every day."
    record_id, conflict_id = _on_worker(
        qtbot, app, lambda s: _make_conflict(s, mine=mine, theirs=theirs)
    )

    items = _on_worker(
        qtbot,
        app,
        lambda s: __import__("fieldcase.services.sync", fromlist=["x"]).needs_attention(s),
    )
    from fieldcase.ui.attention import AttentionDialog

    attention = AttentionDialog(items)
    qtbot.addWidget(attention)
    asked = []
    attention.resolve_conflict.connect(asked.append)
    row = next(
        i
        for i in range(attention.list.count())
        if attention.list.item(i).text().startswith("Conflict")
    )
    attention.list.setCurrentRow(row)
    assert attention.resolve_button.isEnabled()
    attention.resolve_button.click()
    assert asked == [conflict_id]

    app.sync_vm.load_conflict(conflict_id)
    settle(qtbot, app, lambda: window.conflict_dialog is not None)
    dialog = window.conflict_dialog
    assert (
        dialog.mine.toPlainText() == mine and dialog.theirs.toPlainText() == theirs
    )  # full text, both
    assert (
        "Caseworker 0190f3a0" in dialog.theirs_label.text()
        and "2026-05-25 08:00" in dialog.theirs_label.text()
    )
    assert "Caseworker worker-1" in dialog.mine_label.text()
    assert walk(dialog) == []
    dialog.resize(1100, 620)
    dialog.edit.click()
    assert dialog.editor.isVisible() and dialog.editor.toPlainText() == mine
    _shoot(dialog, "conflict.png")
    dialog.editor.setPlainText(mine + "\n\n" + theirs)
    dialog.save_edit.click()
    settle(qtbot, app, lambda: window.conflict_dialog is None)
    stored = _on_worker(qtbot, app, lambda s: s.get(record_id))
    assert stored.body["observations"] == mine + "\n\n" + theirs
    from fieldcase.services import conflicts

    assert _on_worker(qtbot, app, conflicts.list_conflicts) == []
    assert "Conflict settled" in window.status_line.full_text


def test_keep_theirs_changes_nothing_and_closes_the_conflict(unlocked, qtbot):
    app, window = unlocked, unlocked.window
    record_id, conflict_id = _on_worker(
        qtbot, app, lambda s: _make_conflict(s, mine="mine", theirs="theirs")
    )
    app.sync_vm.load_conflict(conflict_id)
    settle(qtbot, app, lambda: window.conflict_dialog is not None)
    window.conflict_dialog.keep_theirs.click()
    settle(qtbot, app, lambda: window.conflict_dialog is None)
    from fieldcase.services import conflicts

    assert _on_worker(qtbot, app, conflicts.list_conflicts) == []
    assert _on_worker(qtbot, app, lambda s: s.get(record_id)).body["observations"] == "theirs"


# printing -----------------------------------------------------------------------------------------


def _open_visit_page(qtbot, app):
    window = app.window
    detail = open_first_case(qtbot, app)
    visit_id = next(e.record_id for e in detail.timeline if e.kind == "home_visit")
    window.workspace.open_record(visit_id)
    settle(qtbot, app, lambda: window.current_page() is not None)
    return visit_id


def _wait_preview(qtbot, app, dialog, previous=None):
    qtbot.waitUntil(
        lambda: dialog.preview_result is not None and dialog.preview_result is not previous,
        timeout=20000,
    )
    settle(qtbot, app)
    return dialog.preview_result


def test_print_dialog_previews_prints_and_saves_with_audit(unlocked, qtbot, monkeypatch, tmp_path):
    app, window = unlocked, unlocked.window
    visit_id = _open_visit_page(qtbot, app)
    window.print_actions[0].trigger()  # Ctrl+P: this record
    dialog = window.print_dialog
    assert dialog is not None and walk(dialog) == []
    preview = _wait_preview(qtbot, app, dialog)
    assert (
        preview.document.profile == "internal"
        and dialog.page_count() == preview.document.pages == len(preview.images) >= 1
    )
    assert "INTERNAL" in dialog.status.text()

    dialog.profile.setCurrentIndex(1)  # court
    court = _wait_preview(qtbot, app, dialog, preview)
    assert court.document.profile == "court" and "COURT COPY" in dialog.status.text()
    dialog.resize(900, 900)
    _shoot(dialog, "print-preview.png")

    # save: the file dialog is patched; the bytes are the previewed document's, and the export is audited
    target = tmp_path / "chosen" / "summary"
    target.parent.mkdir()
    monkeypatch.setattr(
        "fieldcase.ui.print_dialog.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), "PDF"),
    )
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "Saved" in dialog.status.text(), timeout=10000)
    saved = (tmp_path / "chosen" / "summary.pdf").read_bytes()
    assert hashlib.sha256(saved).hexdigest() == court.document.sha256
    event = _on_worker(qtbot, app, lambda s: s.audit_events()[-1])
    assert (event.action, event.record_id, event.detail) == (
        "export",
        visit_id,
        {"sha256": court.document.sha256, "profile": "court", "count": 1},
    )

    # print: the system dialog is patched to "OK" and the printer writes a PDF instead of paper
    class Accepting:
        def __init__(self, printer, parent=None):
            self.printer = printer

        def setWindowTitle(self, _t):
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

    printed_to = tmp_path / "printer.pdf"

    def fake_printer():
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed_to))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        return printer

    monkeypatch.setattr("fieldcase.ui.print_dialog.QPrintDialog", Accepting)
    monkeypatch.setattr(dialog, "make_printer", fake_printer)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: "Printed" in dialog.status.text(), timeout=20000)
    assert dialog.printed == court.document.pages
    assert len(PdfReader(io.BytesIO(printed_to.read_bytes())).pages) == court.document.pages
    event = _on_worker(qtbot, app, lambda s: s.audit_events()[-1])
    assert (event.action, event.detail["sha256"], event.detail["profile"]) == (
        "print",
        court.document.sha256,
        "court",
    )

    window.session_vm.lock()  # the preview holds personal data: locking closes it
    settle(qtbot, app)
    assert window.print_dialog is None


def test_batch_of_approved_visits_and_the_other_documents(unlocked, qtbot):
    app, window = unlocked, unlocked.window
    detail = open_first_case(qtbot, app)

    def approve_two(store):
        from helpers.services import seen_visit

        for day in (4, 11):
            store.save(
                dataclasses.replace(
                    seen_visit(
                        detail.case_id,
                        detail.child_ids(),
                        on=datetime(2026, 5, day, 15, tzinfo=UTC),
                    ),
                    status=Status.APPROVED,
                )
            )
        return True

    _on_worker(qtbot, app, approve_two)
    window.print_actions[4].trigger()  # approved visits of a month
    dialog = window.print_dialog
    preview = _wait_preview(qtbot, app, dialog)
    assert preview.count == 2 and dialog.status.text().startswith("2 documents")
    assert not dialog.progress.isVisible() and not dialog.cancel_button.isVisible()

    window.print_actions[2].trigger()  # court packet for a child of the open case
    dialog = window.print_dialog
    preview = _wait_preview(qtbot, app, dialog)
    assert preview.document.profile == "court" and dialog.child.count() == len(detail.child_ids())

    window.print_actions[3].trigger()  # mileage log: no trips this month → said in words
    dialog = window.print_dialog
    qtbot.waitUntil(lambda: "No trips" in dialog.status.text(), timeout=10000)
    assert not dialog.print_button.isEnabled()
    dialog.reject()


def test_conducted_by_shows_a_name_not_a_user_id(unlocked, qtbot):
    app, window = unlocked, unlocked.window
    _open_visit_page(qtbot, app)
    widget = window.current_page().form.editor("conducted_by").widget
    assert widget.text() == "Caseworker worker-1" and widget.isReadOnly()
