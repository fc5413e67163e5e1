"""The enroll form refuses a plain-http server that is not on this computer, in the user's language,
and sends nothing (issue 16, item 8)."""

from __future__ import annotations

import pytest

from fieldcase.ui import i18n

PASSPHRASE = "A long laptop passphrase 42"


@pytest.fixture
def sent(monkeypatch):
    from fieldcase.services import enrollment

    calls: list[str] = []

    def record(server_url, request, **_kw):
        calls.append(server_url)
        raise AssertionError("the enrollment must not be sent")

    monkeypatch.setattr(enrollment, "request_enrollment", record)
    return calls


def _submit(qtbot, app, server: str) -> str:
    screen = app.window.enroll
    screen.server.setText(server)
    screen.username.setText("jdoe")
    screen.password.setText("agency password")
    screen.code.setText("ABCD-EFGH")
    screen.passphrase.first.setText(PASSPHRASE)
    screen.passphrase.second.setText(PASSPHRASE)
    screen.passphrase.ok.click()
    qtbot.waitUntil(
        lambda: screen.message.label.text() not in ("", i18n._("Enrolling this laptop…")),
        timeout=5000,
    )
    qtbot.wait(100)  # a refused address must not be followed by an enrollment on the worker
    return screen.message.label.text()


@pytest.mark.parametrize("server", ["http://fieldcase.agency.example", "http://192.168.10.20:8443"])
def test_plain_http_to_another_computer_is_refused_before_sending(
    make_app, qtbot, tmp_path, sent, server
):
    app = make_app(data_dir=tmp_path / "new-laptop")
    text = _submit(qtbot, app, server)
    assert "https://" in text and "unprotected" in text
    assert sent == [] and not (tmp_path / "new-laptop" / "store.db").exists()
    assert app.window.enroll.isEnabled()


def test_the_refusal_is_in_spanish(make_app, qtbot, tmp_path, sent):
    import dataclasses

    app = make_app(data_dir=tmp_path / "new-laptop")
    app.apply_settings(dataclasses.replace(app.settings, language="es"))
    text = _submit(qtbot, app, "http://fieldcase.agency.example")
    assert "debe empezar por https://" in text and "sin protección" in text
    assert sent == []
