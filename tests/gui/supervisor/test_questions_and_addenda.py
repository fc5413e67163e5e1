"""Questions and acknowledged addenda on screen: the supervisor asks from the reader (the entry stays
in the queue at the same revision), sees the thread and the addenda waiting in a second section, and
acknowledges them; the caseworker sees the question on the entry and in "needs attention", answers
it, and sees "acknowledged by X on D" on an addendum. Every new control is named and reachable."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QThread, QTimer
from PySide6.QtGui import QImage

from fieldcase.domain.addenda import Addendum
from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import to_dict
from fieldcase.domain.workflow import Status
from fieldcase.store.sync_apply import SyncStore
from gui.supervisor.conftest import SUPERVISOR, settle_view
from gui.test_accessibility import walk
from helpers.gui import NOW, settle

from .test_supervisor_view import _loaded, _open_first

ADDED = datetime(2026, 5, 24, 16, 0, tzinfo=UTC)


def _approved_with_addendum(team_store, *, acknowledged_by: str | None = None):
    """One of the team's entries, approved, with an addendum (as a pull brings it)."""
    visit = team_store.namespace.entries[2]
    addendum_id = new_id()
    addendum = Addendum(
        id=addendum_id,
        author="worker-2",
        at=ADDED,
        text="The school meeting is on Friday, not Thursday.",
        acknowledged_by=acknowledged_by,
        acknowledged_at=NOW if acknowledged_by else None,
    )
    approved = dataclasses.replace(
        visit, approved_by=SUPERVISOR, approved_at=NOW, addenda=(addendum,)
    )
    listed = [
        {
            "addendum_id": addendum_id,
            "kind": "addendum",
            "author": "worker-2",
            "created_at": ADDED.isoformat(),
            "text": addendum.text,
        }
    ]
    team_store.namespace.pull(approved, rev=4, status="approved", author="worker-2", addenda=listed)
    return visit.id, addendum_id


def test_asking_a_question_keeps_the_entry_waiting_at_the_revision_read(
    qtbot, supervisor_view, team_store
):
    view = supervisor_view
    _loaded(qtbot, view)
    record = _open_first(qtbot, view)
    assert view.reader.ask.isEnabled() and "No questions yet" in view.reader.content.toPlainText()
    seen = {}

    def fill() -> None:
        dialog = view.reader.comment_dialog
        seen["walk"] = walk(dialog)
        seen["empty"] = dialog.send.isEnabled()
        dialog.text_edit.setPlainText("   ")
        seen["blank"] = (dialog.send.isEnabled(), dialog.problem.text())
        dialog.text_edit.setPlainText("Was the baby's crib checked?")
        dialog.send.click()

    QTimer.singleShot(0, fill)
    view.reader.ask.click()
    settle_view(
        qtbot, view, lambda: view.reader.record is not None and bool(view.reader.record.comments)
    )

    assert seen["walk"] == [] and seen["empty"] is False
    assert seen["blank"] == (False, "Needed: Write the question or the answer.")
    [entry] = [e for e in team_store.outbox_entries() if e.record_id == record.record_id]
    assert (
        entry.payload["name"] == "comment"
        and entry.payload["args"]["text"] == "Was the baby's crib checked?"
    )
    text = view.reader.content.toPlainText()
    assert (
        "Questions and answers" in text
        and "You (waiting for the next sync): Was the baby's crib checked?" in text
    )
    # still undecided, still the same revision: approving now approves what was read
    assert (
        view.queue_model.rowCount() == 4 and team_store.get(record.record_id).status == "submitted"
    )
    assert view.reader.approve.isEnabled() and view.reader.approve.text() == "&Approve revision 2"
    assert view.notice.label.text().startswith("Question saved on this laptop")


def test_the_caseworkers_answer_is_marked_in_the_queue_and_shown_in_the_reader(
    qtbot, supervisor_view, team_store
):
    visit = team_store.namespace.entries[0]
    thread = [
        {
            "addendum_id": new_id(),
            "kind": "comment",
            "author": SUPERVISOR,
            "created_at": "2026-05-24T09:00:00+00:00",
            "text": "Who drove?",
        },
        {
            "addendum_id": new_id(),
            "kind": "comment",
            "author": "worker-1",
            "created_at": "2026-05-24T10:30:00+00:00",
            "text": "Her aunt did.",
        },
    ]
    team_store.namespace.pull(
        visit, rev=2, status="submitted", author="worker-1", submitted_hours_ago=150, addenda=thread
    )
    view = supervisor_view
    _loaded(qtbot, view)
    assert view.queue_model.index(0, 6).data() == "✉ Answer to your question"
    _open_first(qtbot, view)
    text = view.reader.content.toPlainText()
    assert (
        "You (2026-05-24 09:00): Who drove?" in text
        and "Robin Vale (2026-05-24 10:30): Her aunt did." in text
    )


def test_addenda_waiting_for_acknowledgement_have_their_own_section(
    qtbot, supervisor_view, team_store, qtmodeltester
):
    record_id, addendum_id = _approved_with_addendum(team_store)
    view = supervisor_view
    _loaded(qtbot, view)
    settle_view(qtbot, view, lambda: view.addenda_model.rowCount() == 1)
    qtmodeltester.check(view.addenda_model)
    assert "Addenda waiting for me to acknowledge: 1" in view.addenda_heading.text()
    assert [view.addenda_model.index(0, c).data() for c in range(5)] == [
        "2026-05-24",
        "Home visit",
        "DEMO-2000",
        "Caseworker 1",
        "The school meeting is on Friday, not Thursday.",
    ]
    assert view.addenda_table.isVisible()

    view.addenda_table.selectRow(0)
    settle_view(
        qtbot,
        view,
        lambda: view.reader.record is not None and view.reader.record.record_id == record_id,
    )
    reader = view.reader
    assert "not yet acknowledged" in reader.content.toPlainText()
    assert reader.acknowledge.isVisible() and reader.acknowledge.text() == "Ac&knowledge addendum"
    assert not reader.approve.isEnabled()

    reader.acknowledge.click()
    settle_view(qtbot, view, lambda: view.addenda_model.rowCount() == 0)

    [entry] = [e for e in team_store.outbox_entries() if e.record_id == record_id]
    assert entry.payload == {
        "name": "acknowledge_addendum",
        "args": {"addendum_id": addendum_id},
        "rev": 4,
    }
    settle_view(
        qtbot, view, lambda: "waiting for the next sync" in view.reader.content.toPlainText()
    )
    assert "acknowledged here; waiting for the next sync" in view.reader.content.toPlainText()
    assert not reader.acknowledge.isVisible()
    assert not view.addenda_table.isVisible() and "acknowledge: 0" in view.addenda_heading.text()
    assert walk(view) == []


def test_reader_with_a_thread_and_an_acknowledged_addendum_renders(
    qtbot, supervisor_view, team_store, tmp_path
):
    """Screenshots of the reader: a question answered, and an approved entry with one addendum
    acknowledged and one waiting (docs/screenshots/supervisor-questions.png, supervisor-addenda.png
    with FIELDCASE_SCREENSHOT_DIR)."""
    visit = team_store.namespace.entries[1]
    thread = [
        {
            "addendum_id": new_id(),
            "kind": "comment",
            "author": SUPERVISOR,
            "created_at": "2026-05-24T09:00:00+00:00",
            "text": "Was the baby's crib checked for the safe-sleep standard?",
        },
        {
            "addendum_id": new_id(),
            "kind": "comment",
            "author": "worker-1",
            "created_at": "2026-05-24T10:30:00+00:00",
            "text": "Yes: firm mattress, no bumpers, and the foster mother showed me the new sleep sack.",
        },
    ]
    team_store.namespace.pull(
        visit, rev=2, status="submitted", author="worker-1", submitted_hours_ago=60, addenda=thread
    )
    approved = team_store.namespace.entries[2]
    read = Addendum(
        id=new_id(),
        author="worker-2",
        at=ADDED,
        text="The school meeting is on Friday, not Thursday.",
        acknowledged_by=SUPERVISOR,
        acknowledged_at=NOW,
    )
    unread = Addendum(
        id=new_id(),
        author="worker-2",
        at=NOW,
        text="The children's aunt also attended the second half.",
    )
    listed = [
        {
            "addendum_id": a.id,
            "kind": "addendum",
            "author": a.author,
            "created_at": a.at.isoformat(),
            "text": a.text,
        }
        for a in (read, unread)
    ]
    team_store.namespace.pull(
        dataclasses.replace(
            approved, approved_by=SUPERVISOR, approved_at=NOW, addenda=(read, unread)
        ),
        rev=5,
        status="approved",
        author="worker-2",
        addenda=listed,
    )
    view = supervisor_view
    view.reader.labels = {SUPERVISOR: "Dana Whitfield", "worker-1": "Robin Vale"}
    _loaded(qtbot, view)
    settle_view(qtbot, view, lambda: view.addenda_model.rowCount() == 1)
    row = next(
        r
        for r in range(view.queue_model.rowCount())
        if view.queue_model.row_at(r).record_id == visit.id
    )
    view.queue_table.selectRow(row)
    settle_view(
        qtbot, view, lambda: view.reader.record is not None and bool(view.reader.record.comments)
    )
    target = Path(os.environ.get("FIELDCASE_SCREENSHOT_DIR") or tmp_path)
    qtbot.wait(50)
    assert view.grab().save(str(target / "supervisor-questions.png"))

    view.addenda_table.selectRow(0)
    settle_view(
        qtbot,
        view,
        lambda: view.reader.record is not None and view.reader.record.record_id == approved.id,
    )
    text = view.reader.content.toPlainText()
    assert "acknowledged by Dana Whitfield on 2026-05-25" in text and "not yet acknowledged" in text
    assert view.reader.acknowledge.isVisible()
    qtbot.wait(50)
    assert view.grab().save(str(target / "supervisor-addenda.png"))
    for name in ("supervisor-questions.png", "supervisor-addenda.png"):
        assert QImage(str(target / name)).width() >= 1000


# ------------------------------------------------------------------------------------- caseworker


def _own_entry_with(
    app, *, status: str, rev: int, addenda: list, body_changes: dict | None = None
) -> str:
    """One of the signed-in caseworker's visits as the server sends it back: `status`, with `addenda`."""
    app.worker.wait()  # the store has one connection: the app's worker must be idle while the test uses it
    store = app.session_vm.session.store
    me = store.header.user_id
    stored = next(r for r in store.list(kind="home_visit"))
    body = {**stored.body, "status": status, "rev": rev, "created_by": me, **(body_changes or {})}
    change = {
        "seq": 900 + rev,
        "record_kind": "home_visit",
        "record_id": stored.id,
        "case_id": stored.case_id,
        "rev": rev,
        "status": status,
        "body": body,
        "meta": {"created_by": me, "submitted_by": me, "submitted_at": NOW.isoformat()},
        "conflicts": [],
        "addenda": addenda,
    }
    SyncStore(store).apply_page(
        {
            "epoch": "e1",
            "changes": [change],
            "scope_events": [],
            "next_cursor": f"c{rev}",
            "has_more": False,
            "server_time": NOW.isoformat(),
        }
    )
    return stored.id


def _open(qtbot, app, record_id: str):
    window = app.window
    window.workspace.open_record(record_id)
    settle(qtbot, app, lambda: any(p.editor.record_id == record_id for p in window.pages))
    page = next(p for p in window.pages if p.editor.record_id == record_id)
    settle(qtbot, app, lambda: page.editor.comment_thread is not None)
    # the editor is still a QObject with its thread (an attribute named `thread` once hid the method)
    assert isinstance(page.editor.thread(), QThread)
    return page


def test_the_caseworker_sees_the_question_answers_it_and_it_leaves_needs_attention(unlocked, qtbot):
    app = unlocked
    question = {
        "addendum_id": new_id(),
        "kind": "comment",
        "author": "sup-9",
        "created_at": "2026-05-24T09:00:00+00:00",
        "text": "Was the baby's crib checked?",
    }
    record_id = _own_entry_with(app, status="submitted", rev=2, addenda=[question])
    from fieldcase.services import sync as sync_service

    store = app.session_vm.session.store
    settle(qtbot, app)
    [item] = [i for i in sync_service.needs_attention(store) if i.topic == "question"]
    from fieldcase.ui.attention import AttentionDialog

    dialog = AttentionDialog([item])
    qtbot.addWidget(dialog)
    what, whose = dialog.list.item(0).text().split("\n")
    assert what == "Question from Supervisor: Was the baby's crib checked?"
    assert whose.startswith("Case DEMO-1000 · ")  # whose it is, from this laptop's records
    assert (
        not dialog.dismiss_button.isEnabled()
        and dialog.open_button.text() == "&Open record to answer"
    )

    page = _open(qtbot, app, record_id)
    assert page.question_banner.label.text().startswith(
        "Question from Supervisor: Was the baby's crib checked?"
    )
    assert (
        page.thread_view.isVisible()
        and "Supervisor (2026-05-24 09:00)" in page.thread_view.toPlainText()
    )
    assert page.comment_button.isVisible() and page.comment_button.text() == "&Answer the question…"
    assert walk(page) == []

    def answer() -> None:
        page.comment_dialog.text_edit.setPlainText("Yes, it meets the safe-sleep standard.")
        page.comment_dialog.send.click()

    QTimer.singleShot(0, answer)
    page.comment_button.click()
    settle(qtbot, app, lambda: page.question_banner.label.text() == "")

    assert (
        "You (waiting for the next sync): Yes, it meets the safe-sleep standard."
        in page.thread_view.toPlainText()
    )
    assert page.summary.label.text().startswith("Answer saved.")
    settle(qtbot, app)
    assert not [i for i in sync_service.needs_attention(store) if i.topic == "question"]
    assert store.get(record_id).status == Status.SUBMITTED.value


def test_the_caseworker_sees_who_acknowledged_an_addendum_and_when(unlocked, qtbot):
    app = unlocked
    me = app.session_vm.session.store.header.user_id
    read = Addendum(
        id=new_id(),
        author=me,
        at=ADDED,
        text="Ended at 11:10.",
        acknowledged_by="sup-9",
        acknowledged_at=NOW,
    )
    unread = Addendum(id=new_id(), author=me, at=ADDED, text="The school is Lincoln Elementary.")
    record_id = _own_entry_with(
        app,
        status="approved",
        rev=4,
        addenda=[],
        body_changes={
            "approved_by": "sup-9",
            "approved_at": NOW.isoformat(),
            "addenda": [to_dict(read), to_dict(unread)],
        },
    )
    app.window.names["sup-9"] = "Dana Whitfield"
    page = _open(qtbot, app, record_id)
    text = page.banner.label.text()
    assert "Ended at 11:10. — acknowledged by Dana Whitfield on 2026-05-25" in text
    assert "Lincoln Elementary. — not yet acknowledged by your supervisor" in text
    assert not page.question_banner.label.text()


def test_an_acknowledgement_made_on_a_missouri_evening_shows_that_evenings_day(
    unlocked, qtbot, in_missouri
):
    # 2:30 UTC on the 26th is 9:30 pm on the 25th in Missouri: the caseworker's page says the 25th
    # (services/days.py), as the supervisor's reader and its list of addenda do
    app = unlocked
    me = app.session_vm.session.store.header.user_id
    evening = datetime(2026, 5, 26, 2, 30, tzinfo=UTC)
    read = Addendum(
        id=new_id(),
        author=me,
        at=ADDED,
        text="Ended at 11:10.",
        acknowledged_by="sup-9",
        acknowledged_at=evening,
    )
    record_id = _own_entry_with(
        app,
        status="approved",
        rev=4,
        addenda=[],
        body_changes={
            "approved_by": "sup-9",
            "approved_at": NOW.isoformat(),
            "addenda": [to_dict(read)],
        },
    )
    app.window.names["sup-9"] = "Dana Whitfield"
    page = _open(qtbot, app, record_id)
    assert "acknowledged by Dana Whitfield on 2026-05-25" in page.banner.label.text()
