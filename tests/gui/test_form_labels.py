"""Every field label of every form is drawn whole: a word-wrapped label placed narrower than its
row was sized for lost its first line ("Child's placement at the time" in the home visit's Where
group). Checked at the window's usual size and with text scaled up."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont

from fieldcase.ui.widgets import FieldLabel
from helpers.gui import new_record, open_first_case, settle


def _cut_labels(page) -> list[str]:
    """Labels on the page drawn shorter than their text needs at the width they were given."""
    return [
        label.text()
        for label in page.findChildren(FieldLabel)
        if label.isVisible() and label.height() < label.heightForWidth(label.width())
    ]


@pytest.mark.parametrize(
    "kind", ["home_visit", "visitation_entry", "transport_trip", "assessment", "transition_plan"]
)
@pytest.mark.parametrize("points", [None, 14], ids=["system-font", "larger-text"])
def test_no_form_label_is_cut(unlocked, qtbot, request, kind, points):
    app = unlocked
    if points is not None:
        before = QFont(app.qt_app.font())
        request.addfinalizer(lambda: app.qt_app.setFont(before))  # one application for every test
        font = QFont(before)
        font.setPointSize(points)
        app.qt_app.setFont(font)
    app.window.resize(1400, 900)
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, kind)
    settle(qtbot, app)
    qtbot.wait(50)  # the layouts settle
    labels = page.findChildren(FieldLabel)
    assert len(labels) > 5
    assert _cut_labels(page) == []
