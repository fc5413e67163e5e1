"""The app against a real local server: the first sync fills the caseload, the window keeps
painting while it runs, and the status bar says what happened."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import QTimer

from fieldcase.commands.demo import prepare


@pytest.mark.slow
def test_sync_from_the_status_bar_keeps_the_window_responsive(qtbot, tmp_path):
    from fieldcase.ui.app import FieldcaseApp

    root = tmp_path / "demo"
    root.mkdir()
    server, enrolled = prepare(root, supervisor=False, children=40, say=lambda _t: None)
    app = None
    try:
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config")
        app.adopt_store(enrolled.store)
        window = app.window
        qtbot.waitUntil(lambda: window.caseload_model.rowCount() > 0, timeout=10000)
        # each tick of a GUI-thread timer notes the phase the sync is in at that moment: ticks while
        # it is mid-way (talking to the server, applying pages) can only happen if the GUI thread
        # kept turning while the sync ran elsewhere; a frozen window ticks only before and after
        mid_sync = ("hello", "push", "pull", "attachments", "purge")
        ticks: list[str] = []

        def tick() -> None:
            progress = app.sync_vm.progress
            ticks.append(
                progress.snapshot().phase
                if app.sync_vm.running and progress is not None
                else "not running"
            )

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(5)
        with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000) as finished:
            window.sync_bar.sync_button.click()
            assert not window.sync_bar.sync_button.isEnabled()
        timer.stop()
        assert finished.args == ["Sync finished."]
        assert window.sync_bar.state.text() == "Sync finished."
        during = [phase for phase in ticks if phase in mid_sync]
        assert len(during) >= 2, (
            f"the event loop did not turn while the sync ran: {sorted(set(ticks))}"
        )
        qtbot.waitUntil(lambda: "waiting to sync" in window.sync_bar.waiting.text(), timeout=10000)
        qtbot.waitUntil(lambda: window.sync_bar.state.text().startswith("Online"), timeout=10000)
    finally:
        if app is not None:
            app.shutdown()
            app.window.retired = True
            app.window.close()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_work_waiting_to_sync_goes_up_automatically_when_the_server_is_reachable(qtbot, tmp_path):
    import dataclasses

    from fieldcase.ui.app import FieldcaseApp

    root = tmp_path / "demo"
    root.mkdir()
    server, enrolled = prepare(root, supervisor=False, children=40, say=lambda _t: None)
    app = None
    try:
        app = FieldcaseApp(data_dir=root / "laptop", config_dir=root / "config")
        app.adopt_store(enrolled.store)
        qtbot.waitUntil(lambda: app.window.caseload_model.rowCount() > 0, timeout=10000)
        store = enrolled.store
        from datetime import UTC, datetime

        from fieldcase.services.visits import new_home_visit

        def record_offline() -> list:
            child = next(p for p in store.repository("person").list() if p.role.value == "child")
            visit = new_home_visit(
                store,
                case_id=child.case_id,
                user_id=store.identity()["user_id"],
                now=datetime.now(UTC),
                child_ids=(child.id,),
            )
            store.save(dataclasses.replace(visit, observations="Recorded offline."))
            return store.outbox_entries()

        def on_worker(
            fn,
        ):  # the store belongs to the app's worker thread: every touch goes through it
            got = []
            app.worker.run(fn, on_done=got.append)
            qtbot.waitUntil(lambda: bool(got), timeout=30000)
            return got[0]

        outbox = on_worker(record_offline)
        assert any(e.state == "pending" for e in outbox)
        # nobody presses Sync: the timer's tick probes the server and uploads what is waiting
        with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=60000):
            app.sync_vm.auto_tick()
        qtbot.waitUntil(lambda: app.sync_vm.running is False, timeout=10000)
        left = on_worker(store.outbox_entries)
        assert not [e for e in left if e.state == "pending"]
        # and with nothing due, a tick is quiet (no second sync before the interval)
        app.sync_vm.auto_tick()
        qtbot.waitUntil(lambda: app.sync_vm.running is False, timeout=10000)
    finally:
        if app is not None:
            app.shutdown()
            app.window.retired = True
            app.window.close()
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
