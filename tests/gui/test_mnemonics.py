"""Issue 22 item 11: Alt+F was both the File menu and the Find field. No window has two owners of one
Alt+letter at once (menu titles, buttons, labelled fields, tabs), in English and in Spanish."""

from __future__ import annotations

import dataclasses

import pytest

from helpers.gui import mnemonic_clashes, new_record, open_first_case, settle
from helpers.store import PASSPHRASE


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_two_owners_of_one_alt_letter(make_app, qtbot, language):
    app = make_app()
    if language == "es":
        app.apply_settings(dataclasses.replace(app.settings, language="es"))
    app.window.show()
    assert not mnemonic_clashes(app.window), mnemonic_clashes(app.window)
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: app.window.caseload_model.rowCount() > 0)
    assert not mnemonic_clashes(app.window), mnemonic_clashes(app.window)
    open_first_case(qtbot, app)
    assert not mnemonic_clashes(app.window), mnemonic_clashes(app.window)
    for kind in (
        "home_visit",
        "transport_trip",
        "visitation_entry",
        "assessment",
        "transition_plan",
    ):
        new_record(qtbot, app, kind)
        qtbot.wait(20)
        assert not mnemonic_clashes(app.window), (kind, mnemonic_clashes(app.window))
