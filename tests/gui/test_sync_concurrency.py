"""Issue #5 in the window: a long sync never makes the caseworker's work wait for it. While a sync is
held between two pulled pages (where a real one waits on the network), the open form's autosave
completes and is in the store; the sync then finishes with both the edit and the pulled records.
Locking the app during such a sync stops it before the store is locked, and nothing is lost.

Real parts: the server app in-process (integration/sync/laptops.py), a laptop store enrolled with
it, the app's own sync bar view-model and the production sync service over the server app's HTTP
transport, held by tests/helpers/held_sync.py."""

from __future__ import annotations

import pytest

from fieldcase.services import sync as sync_service
from fieldcase.sync.errors import SyncCancelled
from helpers.gui import new_record, open_first_case, settle
from helpers.held_sync import Held, engine_options
from integration.sync.laptops import PASSPHRASE, Laptop, MiniServer
from integration.sync.promises import check_converged

PULLED = 12  # server records waiting for the laptop: three pages of four


@pytest.fixture
def office(tmp_path):
    """A server with ana's case and child, her laptop enrolled and synced once, then PULLED more
    records on the server for the next sync."""
    server = MiniServer.start(tmp_path / "server")
    team = server.make_team()
    server.make_user("ana", team=team)
    case_id = server.make_case("ana")
    server.add_record(
        "person", case_id, {"role": "child", "given_name": "Test", "family_name": "Child"}
    )
    laptop = Laptop.enroll(server, "ana", tmp_path / "laptop")
    assert (
        sync_service.sync_now(laptop.store, **engine_options(laptop.http_transport)).outcome == "ok"
    )
    pulled = [
        server.add_record(
            "person", case_id, {"role": "parent", "given_name": f"P{i}", "family_name": "Pulled"}
        )
        for i in range(PULLED)
    ]
    yield server, laptop, pulled
    laptop.close()
    server.stop()


def on_worker(qtbot, app, fn):
    """Run `fn` on the app's store worker (where the window's store calls go) and return its result."""
    got = []
    app.worker.run(fn, on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    return got[0]


def open_app(make_app, qtbot, laptop):
    """The app on the laptop's store, a new home visit open, and a sync through `Held` (not started)."""
    app = make_app(data_dir=laptop.data_dir)
    app.sync_vm.auto_timer.stop()  # only the syncs this test starts
    app.window.show()
    app.adopt_store(laptop.store)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    open_first_case(qtbot, app)
    held = Held(laptop.http_transport)
    app.sync_vm.engine_options = engine_options(held, page_size=4)
    return app, new_record(qtbot, app, "home_visit"), held


def saved(editor) -> bool:
    return editor.last_saved is not None and not editor.dirty and not editor._saving


@pytest.mark.parametrize(
    "start", ["sync_now", "auto_tick"]
)  # Sync now, and the automatic sync when the server answers
def test_autosave_completes_while_a_sync_is_held_between_pages(office, make_app, qtbot, start):
    _server, laptop, pulled = office
    app, page, held = open_app(make_app, qtbot, laptop)
    editor = page.editor
    getattr(app.sync_vm, start)()
    try:
        qtbot.waitUntil(held.held.is_set, timeout=30000)
        page.form.editor("observations").widget.setPlainText(
            "Typed while the sync waits for the server"
        )
        # the autosave runs now, not after the sync: at most one page apply stands before it
        qtbot.waitUntil(lambda: saved(editor), timeout=5000)
        stored = on_worker(qtbot, app, lambda: app.session.store.get(editor.record_id))
        assert stored.body["observations"] == "Typed while the sync waits for the server"
        # and so do opening a case and a search
        with qtbot.waitSignal(app.workspace.case_loaded, timeout=5000):
            app.workspace.open_case(app.window.case_view.detail.case_id)
        with qtbot.waitSignal(app.workspace.note_hits, timeout=5000) as hits:
            app.workspace.search_notes("server")
        assert hits.args[1]  # the child the note just typed is about
        assert app.sync_vm.running and not held.release.is_set()  # the sync is still held
        with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000) as finished:
            held.release.set()
    finally:
        held.release.set()
    assert finished.args == ["Sync finished."]
    settle(qtbot, app)

    def read():
        store = app.session.store
        return (
            store.get(editor.record_id).body["observations"],
            [store.get(i).kind for i in pulled],
            {e.state for e in store.outbox_entries() if e.record_id == editor.record_id},
        )

    observations, kinds, states = on_worker(qtbot, app, read)
    assert observations == "Typed while the sync waits for the server"
    assert kinds == ["person"] * PULLED
    assert states == {"acked"}  # and the same sync took the edit to the server


def test_lock_during_a_held_sync_stops_it_then_unlock_and_sync_converge(office, make_app, qtbot):
    server, laptop, pulled = office
    app, page, held = open_app(make_app, qtbot, laptop)
    editor = page.editor
    messages = []
    app.sync_vm.sync_finished.connect(messages.append)
    store = app.session.store
    app.sync_vm.sync_now()
    try:
        qtbot.waitUntil(held.held.is_set, timeout=30000)
        widget = page.form.editor("observations").widget
        widget.setPlainText("First words, saved during the sync")
        qtbot.waitUntil(lambda: saved(editor), timeout=5000)
        editor.timer.setInterval(60_000)  # the next words are only flushed by the lock
        widget.setPlainText("First words, saved during the sync; more typed just before the lock")
        app.window.lock_action.trigger()
        # the lock asks the sync to stop and waits for it before the engine is disposed; the request
        # held is the next page, asked ahead on its own thread while page 1 was applied, so the sync
        # itself waits on nothing and stops at once (the held answer is dropped, never applied)
        qtbot.waitUntil(lambda: app.sync_vm.cancel_token.cancelled, timeout=5000)
        qtbot.waitUntil(lambda: store.is_locked and not app.sync_vm.running, timeout=4000)
    finally:
        held.release.set()
    qtbot.waitUntil(lambda: store.is_locked and not app.sync_vm.running, timeout=20000)
    settle(qtbot, app)
    assert messages == [SyncCancelled().message]
    assert app.window.stack.currentWidget() is app.window.unlock

    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    laptop.store = app.session.store

    def after_unlock():
        store = app.session.store
        actions = [e.action for e in store.audit_events()]
        return (
            store.get(editor.record_id).body["observations"],
            actions,
            store.first_broken_audit_link(),
        )

    observations, actions, broken = on_worker(qtbot, app, after_unlock)
    assert observations == "First words, saved during the sync; more typed just before the lock"
    last_lock = len(actions) - 1 - actions[::-1].index("lock")
    assert (
        "sync" in actions[:last_lock] and actions[last_lock - 1] == "sync"
    )  # the sync ended, then the lock
    assert broken is None

    app.sync_vm.engine_options = engine_options(laptop.http_transport, page_size=4)
    with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000) as finished:
        app.sync_vm.sync_now()
    assert finished.args == ["Sync finished."]
    settle(qtbot, app)
    on_worker(qtbot, app, lambda: check_converged(server.db, [laptop]))
    kinds = on_worker(qtbot, app, lambda: [app.session.store.get(i).kind for i in pulled])
    assert kinds == ["person"] * PULLED


def test_progress_and_cancel_work_while_the_sync_runs_on_its_own_thread(office, make_app, qtbot):
    _server, laptop, pulled = office
    app, _page, held = open_app(make_app, qtbot, laptop)
    bar = app.window.sync_bar
    bar.sync_button.click()
    try:
        qtbot.waitUntil(held.held.is_set, timeout=30000)
        # the first page (4 changes) is applied; the bar's timer samples the sync thread's progress
        qtbot.waitUntil(lambda: bar.state.text() == "Syncing: Receiving (4)", timeout=5000)
        assert bar.cancel_button.isVisible() and not bar.sync_button.isEnabled()
        with qtbot.waitSignal(
            app.sync_vm.status_changed, timeout=5000
        ):  # the bar's own reads are not held up either
            app.sync_vm.refresh()
        bar.cancel_button.click()
        with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=30000) as finished:
            held.release.set()
    finally:
        held.release.set()
    assert finished.args == [SyncCancelled().message]
    assert bar.sync_button.isEnabled() and not bar.cancel_button.isVisible()
    # what was applied stays; the rest comes next time
    present = on_worker(
        qtbot,
        app,
        lambda: [i for i in pulled if i in {r.id for r in app.session.store.list(kind="person")}],
    )
    assert 0 < len(present) < PULLED
