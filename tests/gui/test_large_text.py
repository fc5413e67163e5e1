"""Issue 22 item 4: at 150 % and 200 % text (the app's own text-size setting; QT_SCALE_FACTOR is
looked at under Xvfb, tests/e2e/test_x11_smoke.py) nothing a person needs to read is cut off in the
caseload, the case, a home-visit form and a trip form, and the form shows a useful number of rows."""

from __future__ import annotations

import dataclasses

import pytest

from helpers.gui import clipped_text, new_record, open_first_case, settle
from helpers.store import PASSPHRASE


@pytest.fixture(params=[150, 200])
def large(request, make_app, qtbot):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    # the app scales the process's font from what it finds at start: put it back for the next test
    before = QFont(QApplication.font())
    request.addfinalizer(lambda: QApplication.setFont(before))
    app = make_app()
    app.apply_settings(dataclasses.replace(app.settings, text_scale=request.param))
    window = app.window
    window.resize(1280, 860)
    window.show()
    app.session_vm.unlock(PASSPHRASE)
    settle(qtbot, app, lambda: window.caseload_model.rowCount() > 0)
    qtbot.wait(50)
    return app


def _look(qtbot, widget) -> list[str]:
    qtbot.wait(30)  # let the layouts settle at the new size
    return clipped_text(widget)


def test_the_caseload_and_the_case_at_large_text(large, qtbot):
    window = large.window
    found = _look(qtbot, window.caseload)
    assert found == []
    open_first_case(qtbot, large)
    assert _look(qtbot, window.case_view) == []


@pytest.mark.parametrize("kind", ["home_visit", "transport_trip", "assessment", "transition_plan"])
def test_a_form_at_large_text(large, qtbot, kind):
    open_first_case(qtbot, large)
    page = new_record(qtbot, large, kind)
    form = page.form
    # every field, scrolled into view one by one: nothing cut where it is shown
    found = set()
    for row in form._rows_in_order():
        form.ensureWidgetVisible(row.editor.widget)
        found.update(_look(qtbot, page))
    assert sorted(found) == []


def test_the_form_gets_the_room_the_empty_attachments_list_took(large, qtbot):
    from fieldcase.domain.attachments import AttachmentKind, AttachmentRef

    open_first_case(qtbot, large)
    page = new_record(qtbot, large, "home_visit")
    qtbot.wait(30)
    assert not page.attachments.isVisibleTo(page)
    # at large text the form keeps most of the page: it is what the caseworker fills in
    assert page.form.viewport().height() >= 0.5 * page.height(), (
        page.form.viewport().height(),
        page.height(),
    )
    ref = AttachmentRef(
        sha256="0" * 64, name="porch.jpg", mime="image/jpeg", kind=AttachmentKind.PHOTO
    )
    page.add_attachment(ref)
    assert page.attachments.isVisibleTo(page) and page.attachments.count() == 1
