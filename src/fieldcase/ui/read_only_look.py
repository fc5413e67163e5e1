"""A read-only text field looks read-only. Qt keeps a read-only line edit white, beside choice
boxes greyed out as disabled, so an approved record's names and dates looked editable (seen on an
approved case plan's "Date signed"); a field stays read-only rather than disabled so that its text
can still be selected, copied and read by a screen reader, and takes the window's background."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

_KEPT = "_fieldcase_editable_palette"


def show_read_only(widget: QWidget, read_only: bool) -> None:
    if read_only:
        if not hasattr(widget, _KEPT):
            setattr(widget, _KEPT, QPalette(widget.palette()))
        palette = QPalette(widget.palette())
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(
                group, QPalette.ColorRole.Base, palette.color(group, QPalette.ColorRole.Window)
            )
        widget.setPalette(palette)
    elif hasattr(widget, _KEPT):
        widget.setPalette(getattr(widget, _KEPT))
        delattr(widget, _KEPT)
