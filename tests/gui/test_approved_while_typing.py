"""A submitted visit is open and the caseworker is typing when a sync brings the supervisor's
approval. The words typed since the last save were merged into the form and then dropped (an
approved record is read-only, so the autosave never ran). Now they are kept as a proposed change
for the supervisor, the approved visit stays as approved, and the form says so in plain words.

Real parts: the server app in-process (integration/sync/laptops.py), the caseworker's laptop store
under the app (its own sync bar view-model and the production sync service), the supervisor's
laptop approving through its own sync."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from fieldcase.domain.workflow import Status
from fieldcase.server.models import Addendum
from fieldcase.services import approvals
from fieldcase.services import sync as sync_service
from fieldcase.ui.attention import item_text, split_attention
from gui.test_sync_concurrency import on_worker
from helpers.gui import new_record, open_first_case, settle
from helpers.held_sync import engine_options
from integration.sync.conftest import make_world
from integration.sync.laptops import MiniServer

SAVED = "Words saved before submitting."
TYPED = " Zzlate words typed as the approval arrived"
KEPT = (
    "This visit was approved while you were typing. What you typed since was kept and will be sent to your "
    "supervisor as a proposed change; the approved visit is not changed."
)
KEPT_BY_THE_SERVER = (
    "Your change reached the server after this visit was approved. It was kept as a proposed change for your "
    "supervisor; the approved visit is not changed."
)


@pytest.fixture
def office(tmp_path):
    """The sync suite's team (sam supervises ana; her case with a child) on a server of its own, and
    ana's and sam's laptops enrolled, ana's synced."""
    server = MiniServer.start(tmp_path / "server")
    world = make_world(server, tmp_path)
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    yield server, ana, sam
    for laptop in world.laptops:
        laptop.close()
    server.stop()


def sync(qtbot, app) -> None:
    with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000) as finished:
        app.sync_vm.sync_now()
    assert finished.args == ["Sync finished."]
    settle(qtbot, app)


def submitted_visit(make_app, qtbot, ana):
    """The app on ana's laptop, a home visit written, submitted and synced, still open in its form."""
    app = make_app(data_dir=ana.data_dir)
    app.sync_vm.auto_timer.stop()  # only the syncs this test starts
    app.window.show()
    app.adopt_store(ana.store)
    app.sync_vm.engine_options = engine_options(ana.http_transport)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "home_visit")
    form = page.form
    form.editor("outcome").widget.set_value("completed")
    form.editor("outcome").changed.emit()
    form.editor("contact_end").widget.set_value(
        form.editor("contact_start").widget.value().replace(hour=11)
    )
    for _frame, fields, _remove in form.rows["children"].rows:
        for name, value in (("seen", True), ("seen_privately", True), ("present_danger", False)):
            fields[name].editor.widget.set_value(value)
    qtbot.keyClicks(form.editor("observations").widget, SAVED)
    settle(
        qtbot,
        app,
        lambda: (
            page.editor.last_saved is not None and not page.editor.dirty and not page.editor._saving
        ),
    )
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    sync(qtbot, app)
    return app, page


def approve(sam, record_id) -> None:
    """The supervisor approves on their laptop and syncs: the server has the approval."""
    sam.sync()
    sam.store.command(record_id, "approve")
    assert sam.sync().acked == 1


def typing_not_yet_saved(qtbot, page) -> None:
    page.editor.timer.setInterval(60_000)  # the autosave is still far off
    qtbot.keyClicks(page.form.editor("observations").widget, TYPED)
    assert page.editor.dirty


def assert_kept_as_proposal(qtbot, app, page) -> None:
    """The message, the approved visit in the form and in the store, the words queued as a patch."""
    editor = page.editor
    settle(qtbot, app, lambda: page.summary.label.text() == KEPT)
    settle(qtbot, app, lambda: editor.read_only and not editor.dirty and not editor._saving)
    assert editor.status is Status.APPROVED
    assert (
        page.form.editor("observations").widget.toPlainText() == SAVED
    )  # the approved visit, read-only
    assert page.form.editor("observations").widget.isReadOnly()
    assert page.banner.label.text().startswith("Read-only: This visit was approved")
    # queued like a save: the bar counts it now, not at its next refresh
    settle(qtbot, app, lambda: app.window.sync_bar.waiting.text() == "1 waiting to sync")

    def read():
        store = app.session.store
        return store.get(editor.record_id), [
            e for e in store.outbox_entries() if e.record_id == editor.record_id
        ]

    stored, rows = on_worker(qtbot, app, read)
    assert stored.status == "approved" and stored.body["observations"] == SAVED  # not changed (P5)
    assert rows[-1].kind == "patch" and rows[-1].state == "pending"
    assert rows[-1].payload["changes"] == {"observations": {"base": SAVED, "new": SAVED + TYPED}}


def assert_reaches_the_supervisor(qtbot, app, server, ana, record_id) -> None:
    """The next sync takes the proposal to the server, which keeps it beside the approved visit."""
    sync(qtbot, app)

    def read():
        store = app.session.store
        return (
            store.get(record_id),
            [e.state for e in store.outbox_entries() if e.record_id == record_id],
            [
                (a.topic, a.message)
                for a in sync_service.needs_attention(store)
                if a.record_id == record_id
            ],
        )

    stored, states, attention = on_worker(qtbot, app, read)
    assert states[-1] == "converted" and "pending" not in states and "inflight" not in states
    assert stored.status == "approved" and stored.body["observations"] == SAVED
    assert (
        "addendum",
        KEPT_BY_THE_SERVER,
    ) in attention  # the laptop's words (the list words it in the user's language)
    with server.db.read() as session:
        proposals = (
            session.execute(
                select(Addendum).where(Addendum.record_id == record_id, Addendum.kind == "proposal")
            )
            .scalars()
            .all()
        )
        assert [p.proposed_patch["observations"]["new"] for p in proposals] == [SAVED + TYPED]


def test_words_typed_when_a_sync_brings_the_approval_become_a_proposal(office, make_app, qtbot):
    """The sync ends, the window re-reads the open form: its autosave finds the visit approved."""
    server, ana, sam = office
    app, page = submitted_visit(make_app, qtbot, ana)
    approve(sam, page.editor.record_id)
    typing_not_yet_saved(qtbot, page)
    sync(qtbot, app)  # brings the approval; the window then reloads the form
    assert_kept_as_proposal(qtbot, app, page)
    assert_reaches_the_supervisor(qtbot, app, server, ana, page.editor.record_id)


def test_words_typed_while_the_form_reads_the_approved_visit_become_a_proposal(
    office, make_app, qtbot
):
    """The words arrive while the re-read after a sync is on its way: the read finds the visit
    approved and the words unsaved on top of it."""
    server, ana, sam = office
    app, page = submitted_visit(make_app, qtbot, ana)
    approve(sam, page.editor.record_id)
    page.editor.timer.setInterval(60_000)
    busy, go = threading.Event(), threading.Event()
    app.worker.run(
        lambda: (busy.set(), go.wait(10))
    )  # the store worker busy: the re-read waits behind it
    qtbot.waitUntil(busy.is_set, timeout=5000)
    app.sync_vm.engine_options = engine_options(ana.http_transport)
    with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000):
        app.sync_vm.sync_now()  # the sync has its own thread; the form's re-read is queued behind the busy worker
    typing_not_yet_saved(qtbot, page)
    go.set()
    assert_kept_as_proposal(qtbot, app, page)
    assert_reaches_the_supervisor(qtbot, app, server, ana, page.editor.record_id)


def test_words_typed_then_the_form_closed_after_the_approval_arrived_are_kept(
    office, make_app, qtbot
):
    """The approval is in the store, the form has not re-read it and is closed with unsaved words:
    its last save gets no answer (the page is gone), so the save itself keeps them."""
    server, ana, sam = office
    app, page = submitted_visit(make_app, qtbot, ana)
    record_id = page.editor.record_id
    approve(sam, record_id)
    typing_not_yet_saved(qtbot, page)
    app.window.sync_vm.sync_finished.disconnect()  # the window does not re-read the form after this sync
    with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000):
        app.sync_vm.sync_now()
    assert page.editor.dirty and not page.editor.read_only
    _close_record(app)
    settle(qtbot, app)

    def read():
        store = app.session.store
        return store.get(record_id), [e for e in store.outbox_entries() if e.record_id == record_id]

    stored, rows = on_worker(qtbot, app, read)
    assert stored.status == "approved" and stored.body["observations"] == SAVED
    assert rows[-1].payload["changes"] == {"observations": {"base": SAVED, "new": SAVED + TYPED}}
    assert_reaches_the_supervisor(qtbot, app, server, ana, record_id)


def acknowledge(sam, record_id) -> None:
    """The supervisor reads the proposed change on their laptop and syncs: the server has it."""
    sam.sync()
    [unread] = [u for u in approvals.addenda_to_acknowledge(sam.store) if u.record_id == record_id]
    assert unread.addendum.kind == "proposal"
    assert approvals.acknowledge_addendum(
        sam.store, record_id=record_id, addendum_id=unread.addendum.addendum_id
    )
    assert sam.sync().acked == 1


def test_the_caseworker_sees_that_the_supervisor_read_the_proposed_change(office, make_app, qtbot):
    """On the entry's page (still open) and in Needs attention, where it has become a notice."""
    server, ana, sam = office
    app, page = submitted_visit(make_app, qtbot, ana)
    record_id = page.editor.record_id
    approve(sam, record_id)
    typing_not_yet_saved(qtbot, page)
    sync(qtbot, app)
    assert_kept_as_proposal(qtbot, app, page)
    assert_reaches_the_supervisor(qtbot, app, server, ana, record_id)
    with server.db.read() as session:
        [proposal] = session.execute(
            select(Addendum).where(Addendum.record_id == record_id, Addendum.kind == "proposal")
        ).scalars()
        proposed_on = proposal.created_at.date().isoformat()
    waiting = f"Your proposed change of {proposed_on} has not been read by your supervisor yet."
    settle(qtbot, app, lambda: waiting in page.banner.label.text())
    assert (
        "will be sent" not in page.summary.label.text()
    )  # it has been: the banner says where it stands

    acknowledge(sam, record_id)
    sync(qtbot, app)  # the reading arrives; the entry itself does not change

    with server.db.read() as session:
        read_on = session.get(Addendum, proposal.id).acknowledged_at.date().isoformat()
    read = f"Your proposed change of {proposed_on} was read by sam on {read_on}."  # sam: the team directory's name
    settle(qtbot, app, lambda: read in page.banner.label.text())
    assert waiting not in page.banner.label.text()
    assert page.form.editor("observations").widget.toPlainText() == SAVED  # read, not applied
    items = on_worker(
        qtbot, app, lambda: sync_service.needs_attention(app.session.store)
    )  # what the Needs attention list shows
    [item] = [i for i in items if i.topic == "addendum" and i.record_id == record_id]
    assert item_text(item) == f"Proposed change: {read}"
    assert item in split_attention(items)[1]  # a notice now: nothing left to do but read it

    # closed and opened again, the page says the same
    _close_record(app)
    settle(qtbot, app)
    app.window.workspace.open_record(record_id)
    settle(
        qtbot,
        app,
        lambda: (
            app.window.current_page() is not None
            and read in app.window.current_page().banner.label.text()
        ),
    )


def _close_record(app) -> None:
    """Record ▸ Close record, the menu action a caseworker uses (not the window's slot behind it)."""
    from PySide6.QtGui import QAction

    action = next(
        a for a in app.window.findChildren(QAction) if a.text().replace("&", "") == "Close record"
    )
    action.trigger()
