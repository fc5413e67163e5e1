"""Tab moves through a form in the order a person reads it.

Qt's Tab order is the order the widgets were made in. A form makes its repeated rows (the
children of a home visit) when a record is loaded, after the rest of the page, so Tab used to
reach the per-child rows only after Notes and Follow-up. `follow_the_layout` puts every control
that takes Tab in the order of the layouts, top to bottom and left to right, whenever a form's
rows change.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QLayout, QScrollArea, QWidget


def _takes_tab(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def chain(root: QWidget) -> list[QWidget]:
    """The controls under `root` that take Tab, in the order of its layouts."""
    found: list[QWidget] = []

    def visit_layout(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None:
                continue
            if (child := item.widget()) is not None:
                visit(child)
            elif (inner := item.layout()) is not None:
                visit_layout(inner)

    def visit(widget: QWidget) -> None:
        if isinstance(widget, QScrollArea) and (inner := widget.widget()) is not None:
            visit(inner)
        elif (own := widget.layout()) is not None and not isinstance(widget, QAbstractScrollArea):
            visit_layout(own)  # a group or a composite field: its parts, in order
        elif _takes_tab(widget):
            found.append(widget)

    visit(root)
    return found


def follow_the_layout(root: QWidget) -> None:
    for before, after in pairwise(chain(root)):
        QWidget.setTabOrder(before, after)
