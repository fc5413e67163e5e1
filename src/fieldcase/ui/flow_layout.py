"""Rows of buttons that stay narrow at large text: a grid of a few columns instead of one row. A
QHBoxLayout of six buttons is as wide as all of them: at 150 % text the case's buttons alone took
980 px and squeezed the caseload beside them to three columns.

A flowing layout (Qt's flow layout example, a Python QLayout subclass) wrapped more gracefully, but
Qt calls a Python layout's virtual methods across the C++/Python boundary for every relayout; a grid
of Qt's own is plain C++ and cheaper. (A crash at exit blamed on it then was PySide6 6.12.0's
`Signal.emit`: tests/gui/test_signal_refcount.py.)"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QGridLayout, QWidget

COLUMNS = 3


def button_rows(buttons: Iterable[QWidget], columns: int = COLUMNS) -> QGridLayout:
    """The buttons in reading order, `columns` to a row, each column as wide as its widest button."""
    grid = QGridLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    for index, button in enumerate(buttons):
        grid.addWidget(button, index // columns, index % columns)
    grid.setColumnStretch(
        columns, 1
    )  # the rows keep to the left; the room to their right stays empty
    return grid
