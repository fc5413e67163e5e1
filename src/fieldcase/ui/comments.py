"""Questions and answers on an entry, shared by the supervisor's reader and the caseworker's record
page: the thread as HTML (who, when, what; "waiting for the next sync" for one not sent yet) and the
dialog that writes one (text required, checked as typed)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QWidget

from fieldcase.domain.comments import check_text
from fieldcase.ui.i18n import _
from fieldcase.ui.text_dialog import RequiredTextDialog


def when_text(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


def thread_html(lines, *, empty: str | None = None) -> str:  # services.comments.CommentLine
    """The thread as list items, oldest first ("" when there is none and no `empty` text)."""
    if not lines:
        return f"<p>{escape(empty)}</p>" if empty else ""
    parts = ["<ul>"]
    for line in lines:
        when = _("waiting for the next sync") if line.waiting_to_sync else when_text(line.at)
        parts.append(
            f"<li><b>{escape(_(line.author_label))}</b> ({escape(when)}): {escape(line.text).replace(chr(10), '<br>')}</li>"
        )
    parts.append("</ul>")
    return "".join(parts)


class CommentDialog(RequiredTextDialog):
    """Write a question (supervisor) or an answer (caseworker). Nothing is sent until the next sync."""

    def __init__(
        self, *, title: str, prompt: str, send: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            title=title,
            prompt=prompt,
            send=send,
            box_name=_("Comment text"),
            problem_name=_("Problem with the comment"),
            rule=check_text,
            note=_("Once sent, a comment stays in the entry's history and cannot be changed."),
            parent=parent,
        )
        self.text_edit = self.box
