"""Questions and answers on an entry, shared by the supervisor's reader and the caseworker's record
page: the thread as HTML (who, when, what; "waiting for the next sync" for one not sent yet) and the
dialog that writes one (text required, checked as typed)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from fieldcase.domain.comments import check_text
from fieldcase.errors import UserError
from fieldcase.ui.i18n import _


def when_text(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def thread_html(lines, *, empty: str | None = None) -> str:  # noqa: ANN001 - services.comments.CommentLine
    """The thread as list items, oldest first ("" when there is none and no `empty` text)."""
    if not lines:
        return f"<p>{escape(empty)}</p>" if empty else ""
    parts = ["<ul>"]
    for line in lines:
        when = _("waiting for the next sync") if line.waiting_to_sync else when_text(line.at)
        parts.append(f"<li><b>{escape(_(line.author_label))}</b> ({escape(when)}): {escape(line.text).replace(chr(10), '<br>')}</li>")
    parts.append("</ul>")
    return "".join(parts)


class CommentDialog(QDialog):
    """Write a question (supervisor) or an answer (caseworker). Nothing is sent until the next sync."""

    def __init__(self, *, title: str, prompt: str, send: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setAccessibleName(_("Comment text"))
        self.text_edit.setTabChangesFocus(True)
        label.setBuddy(self.text_edit)
        note = QLabel(_("Once sent, a comment stays in the entry's history and cannot be changed."))
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem with the comment"))
        for widget in (label, self.text_edit, note, self.problem):
            layout.addWidget(widget)
        self.buttons = QDialogButtonBox()
        self.send = self.buttons.addButton(send, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(_("&Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.send.setAccessibleName(send.replace("&", ""))
        cancel.setAccessibleName(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.text_edit.textChanged.connect(self._check)
        self._check()
        self.resize(460, 260)

    def _problem(self) -> str | None:
        try:
            check_text(self.text_edit.toPlainText())
        except UserError as err:
            return err.message
        return None

    def _check(self) -> None:
        problem = self._problem()
        self.send.setEnabled(problem is None)
        # an empty box is not a mistake yet: say what is needed only once something was typed
        self.problem.setText(_("Needed: ") + _(problem) if problem and self.text_edit.toPlainText() else "")

    def accept(self) -> None:
        if self._problem() is None:
            super().accept()

    def text(self) -> str:
        return check_text(self.text_edit.toPlainText())
