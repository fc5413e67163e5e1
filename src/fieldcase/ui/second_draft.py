"""Asked when "New home visit" would start a second draft for the same case and month: open the draft
already started (the default), start another anyway, or cancel. Not blocking (open(), not exec()),
so the window keeps painting and tests can answer it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from fieldcase.ui.i18n import _


def offer(
    parent: QWidget, *, open_draft: Callable[[], None], start_new: Callable[[], None]
) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("A draft is already started"),
        _(
            "A draft home visit for this case this month is already on this laptop. Open it instead of starting another?"
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("second_draft")
    opened = box.addButton(_("&Open the draft"), QMessageBox.ButtonRole.AcceptRole)
    another = box.addButton(_("Start &another"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(opened)

    def answered() -> None:
        clicked = box.clickedButton()
        if clicked is opened:
            open_draft()
        elif clicked is another:
            start_new()
        box.deleteLater()

    box.finished.connect(lambda _r: answered())
    box.open()
    return box
