"""A dialog that needs words before it can send them: a prompt, a text box, a line saying what is
still needed (checked as typed by the same rule the service applies) and Send / Cancel. The
supervisor's return-with-reason and the question/answer dialogs are this dialog with their own rule."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldcase.errors import UserError
from fieldcase.ui.i18n import _, error_words


class RequiredTextDialog(QDialog):
    """`rule(text)` returns the text as it will be sent or raises a UserError saying what is missing;
    Send stays disabled until it passes. `explain_when_empty`: say what is needed before anything is
    typed (a decision that must be justified) rather than only once something was typed (a note)."""

    def __init__(
        self,
        *,
        title: str,
        prompt: str,
        send: str,
        box_name: str,
        problem_name: str,
        rule: Callable[[str], str],
        note: str | None = None,
        explain_when_empty: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._rule = rule
        self._explain_when_empty = explain_when_empty
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.box = QPlainTextEdit()
        self.box.setAccessibleName(box_name)
        self.box.setTabChangesFocus(True)
        label.setBuddy(self.box)
        layout.addWidget(label)
        layout.addWidget(self.box)
        if note:
            note_label = QLabel(note)
            note_label.setWordWrap(True)
            layout.addWidget(note_label)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(problem_name)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox()
        self.send = self.buttons.addButton(send, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(_("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.send.setAccessibleName(send.replace("&", ""))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.box.textChanged.connect(self._check)
        self._check()
        self.resize(460, 260)

    def _problem(self) -> str | None:
        try:
            self._rule(self.box.toPlainText())
        except UserError as err:
            return error_words(err)
        return None

    def _check(self) -> None:
        problem = self._problem()
        self.send.setEnabled(problem is None)
        shown = problem and (self._explain_when_empty or self.box.toPlainText())
        self.problem.setText(_("Needed: ") + _(problem) if problem and shown else "")

    def accept(self) -> None:
        if self._problem() is None:
            super().accept()

    def text(self) -> str:
        return self._rule(self.box.toPlainText())
