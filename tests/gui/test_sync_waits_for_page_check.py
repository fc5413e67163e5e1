"""Sync now pressed in the first moments after unlock waits for the page check (every page's
checksum, queued on the store worker right after unlock): a sync writes, and the store may be
damaged. Real parts: the server app in-process, the laptop's store unlocked through the window's
session view-model, the production sync over the server app's HTTP transport."""

from __future__ import annotations

import threading

import httpx

from fieldcase.services.session import Session
from helpers.gui import settle
from helpers.held_sync import engine_options
from integration.sync.laptops import PASSPHRASE, Laptop, MiniServer


class Noting(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, events: list[str]) -> None:
        self.inner, self.events = inner, events

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.events.append(f"request {request.url.path}")
        return self.inner.handle_request(request)


def test_sync_now_pressed_during_the_page_check_starts_after_it(
    tmp_path, make_app, qtbot, monkeypatch
):
    server = MiniServer.start(tmp_path / "server")
    try:
        server.make_user("ana", team=server.make_team())
        server.make_case("ana")
        laptop = Laptop.enroll(server, "ana", tmp_path / "laptop")
        laptop.close()  # the app unlocks it, as a caseworker does
        events: list[str] = []
        gate, checking = threading.Event(), threading.Event()
        check = Session.check_integrity

        def held_check(self: Session) -> None:
            checking.set()
            assert gate.wait(30), "the test never let the page check run"
            check(self)
            events.append("pages checked")

        monkeypatch.setattr(Session, "check_integrity", held_check)
        app = make_app(data_dir=laptop.data_dir)
        app.sync_vm.auto_timer.stop()
        app.sync_vm.engine_options = engine_options(Noting(laptop.http_transport, events))
        app.window.show()
        app.session_vm.unlock(PASSPHRASE)
        # the page check is queued by the GUI thread once it hears of the unlock, so the test
        # waits with the event loop turning (a blocking wait here held up that very delivery
        # whenever the unlock ended before the first look: a quick unlock hung the test)
        qtbot.waitUntil(checking.is_set, timeout=20000)  # running on the store worker (held)
        assert not app.session.pages_checked
        with qtbot.waitSignal(app.sync_vm.sync_finished, timeout=30000) as finished:
            app.sync_vm.sync_now()
            # a job on the sync thread, queued after the press: the sync thread runs jobs in order,
            # so had the press handed the sync to it at once, the whole sync (the in-process server
            # answers at once) would have run before this job — a real chance for it to happen
            after_press: list[object] = []
            app.sync_vm.sync_worker.run(lambda: "ran", on_done=after_press.append)
            qtbot.waitUntil(lambda: after_press == ["ran"], timeout=20000)
            assert (
                events == [] and app.sync_vm.running
            )  # pressed, waiting: nothing sent, nothing written
            gate.set()
        assert finished.args == ["Sync finished."]
        assert events[0] == "pages checked" and events[1].startswith("request ")
        settle(qtbot, app)
    finally:
        server.stop()
