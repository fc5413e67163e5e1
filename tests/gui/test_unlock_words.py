"""Issue 22 item 8: the first screen of the day says how many tries are left before a lockout,
the fifth wrong passphrase shows the countdown at once, in the reader's language, and nothing
on it is cut off at large text sizes."""

from __future__ import annotations

import dataclasses

import pytest

from helpers.gui import clipped_text, settle


def test_each_wrong_passphrase_says_how_many_tries_are_left(make_app, qtbot):
    app = make_app()
    window = app.window
    window.show()
    said = []
    for _ in range(4):
        app.session_vm.unlock("not my passphrase")
        settle(qtbot, app)
        said.append(window.unlock.message.label.text())
    assert "4 more tries before unlocking pauses for 10 minutes" in said[0]
    assert "1 more try before unlocking pauses for 10 minutes" in said[3]
    app.session_vm.unlock("not my passphrase")
    settle(qtbot, app)
    # the fifth starts the lockout: the countdown shows now, not at the sixth try
    assert (
        "Try again in 10:00" in window.unlock.message.label.text()
        or "Try again in 9:5" in window.unlock.message.label.text()
    )
    assert not window.unlock.passphrase.isEnabled()


def test_the_unlock_screen_speaks_spanish(make_app, qtbot):
    app = make_app()
    app.apply_settings(dataclasses.replace(app.settings, language="es"))
    window = app.window
    window.show()
    app.session_vm.unlock("not my passphrase")
    settle(qtbot, app)
    text = window.unlock.message.label.text()
    assert "no es correcta" in text and "Quedan 4 intentos" in text, text


@pytest.mark.parametrize("width", [520, 900])
def test_nothing_on_the_unlock_screen_is_cut_off(make_app, qtbot, width):
    from PySide6.QtGui import QFont

    app = make_app()
    window = app.window
    font = QFont(window.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)  # as the app's own 150 % text setting does
    window.setFont(font)
    window.resize(width, 700)
    window.show()
    app.session_vm.unlock("not my passphrase")
    settle(qtbot, app)
    qtbot.wait(50)
    assert clipped_text(window.unlock) == []
