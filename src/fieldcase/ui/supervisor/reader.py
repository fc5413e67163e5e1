"""The record reader: one entry in full (content, history, questions and answers, addenda and
proposed changes) with Approve, Return-with-reason, Ask a question and Acknowledge (addenda and
proposed changes alike). The buttons name the revision being decided, so what is approved is what
was read; a question leaves that revision as it is."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain import kinds
from fieldcase.domain.workflow import Status
from fieldcase.services.approvals import ReviewRecord, check_return_reason
from fieldcase.services.days import local_day
from fieldcase.ui.comments import CommentDialog, thread_html
from fieldcase.ui.i18n import _
from fieldcase.ui.supervisor import proposals, review_html
from fieldcase.ui.text_dialog import RequiredTextDialog
from fieldcase.ui.widgets import Banner

STATUS_WORDS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Waiting for approval",
    Status.APPROVED: "Approved",
    Status.RETURNED: "Returned",
    Status.VOIDED: "Voided",
}


def render_html(record: ReviewRecord, labels: dict[str, str] | None = None) -> str:
    labels = labels or {}
    who = lambda user: escape(labels.get(user or "", user or ""))  # noqa: E731 - history names arrive as labels already
    plain = lambda user: labels.get(user or "", user or "")  # noqa: E731
    parts = [review_html.danger_html(record)]
    if record.sections:  # as the printed summary reads: sections, a block per child, names
        parts.append(review_html.sections_html(record.sections, record.kind))
    else:
        parts.append(
            f"<h3>{escape(_('What was recorded'))}</h3><table cellspacing='0' cellpadding='4'>"
        )
        for line in record.fields:
            text = escape(line.text).replace("\n", "<br>")
            parts.append(
                f"<tr><th align='left' valign='top' width='190'>{escape(_(line.label))}</th><td>{text}</td></tr>"
            )
        parts.append("</table>")
    if record.attachments:
        parts.append(f"<h3>{escape(_('Attachments'))}</h3><ul>")
        parts += [
            f"<li>{escape(a.name or a.sha256[:12])} ({escape(a.kind.value)})</li>"
            for a in record.attachments
        ]
        parts.append("</ul>")
    parts.append(f"<h3>{escape(_('History'))}</h3>")
    parts.append(review_html.history_html(record.history, labels))
    if record.comments or record.status is Status.SUBMITTED:
        parts.append(f"<h3>{escape(_('Questions and answers'))}</h3>")
        parts.append(
            thread_html(
                record.comments, empty=_("No questions yet. Ask one without returning the entry.")
            )
        )
    if record.addenda:
        parts.append(f"<h3>{escape(_('Addenda'))}</h3><ul>")
        for a in record.addenda:
            author = escape(a.author_label) if a.author_label else who(a.author)
            # a proposal's fields one a line, the first under its heading too; an addendum's text as written
            text = (
                "<br>" + escape(proposals.line_text(a)).replace("\n", "<br>")
                if a.kind == "proposal"
                else " " + escape(a.text)
            )
            parts.append(
                f"<li><b>{escape(proposals.kind_words(a))}</b> ({escape(local_day(a.at))}, {author}, "
                f"{escape(addendum_state(a, plain))}):{text}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


def addendum_state(line, who) -> str:  # approvals.AddendumLine, a labeller
    """Whether the supervisor has read an addendum or a proposed change, in words; a proposal also
    says that it was not applied, acknowledged or not."""
    if line.kind == "proposal":
        return _("not applied; the record stays as approved") + "; " + _read_state(line, who)
    return _read_state(line, who)


def _read_state(line, who) -> str:
    if line.acknowledgement_waiting:
        return _("acknowledged here; waiting for the next sync")
    if line.acknowledged_by:
        # a name the app knows first (the supervisor's own), else the team label
        name = who(line.acknowledged_by)
        name = (
            name
            if name != line.acknowledged_by
            else (_(line.acknowledged_by_label) if line.acknowledged_by_label else name)
        )
        return _("acknowledged by {who} on {day}").format(
            who=name, day=local_day(line.acknowledged_at)
        )
    return _("not yet acknowledged")


class ReturnDialog(RequiredTextDialog):
    """Return with a reason: required, in a sentence the caseworker can act on (checked as typed)."""

    def __init__(self, noun: str, parent: QWidget | None = None) -> None:
        super().__init__(
            title=_("Return to the caseworker"),
            prompt=_("&What needs to change before this can be approved?"),
            send=_("&Return to caseworker"),
            box_name=_("Reason for returning"),
            problem_name=_("Problem with the reason"),
            rule=lambda text: check_return_reason(text, noun=noun),
            explain_when_empty=True,
            parent=parent,
        )
        self.noun = noun
        self.reason = self.box


class RecordReader(QWidget):
    approve_requested = Signal(object)  # ReviewRecord
    return_requested = Signal(object, str)  # ReviewRecord, reason
    acknowledge_requested = Signal(str, str)  # record id, addendum id
    comment_requested = Signal(str, str)  # record id, text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: ReviewRecord | None = None
        self.labels: dict[str, str] = {}
        layout = QVBoxLayout(self)
        self.heading = QLabel(_("Choose an entry in the queue to read it."))
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.notice = Banner()
        self.content_label = QLabel(_("&Entry"))
        self.content = QTextBrowser()
        self.content.setAccessibleName(_("Entry content, history and addenda"))
        self.content.setOpenLinks(False)
        self.content_label.setBuddy(self.content)
        buttons = QHBoxLayout()
        self.approve = QPushButton(_("&Approve"))
        self.return_ = QPushButton(_("&Return with reason…"))
        self.ask = QPushButton(_("Ask a &question…"))
        self.ask.setToolTip(
            _("Ask the caseworker without approving or returning; the entry stays in your queue.")
        )
        self.acknowledge = QPushButton(_("Ac&knowledge addenda"))
        for button in (self.approve, self.return_, self.ask, self.acknowledge):
            button.setAccessibleName(button.text().replace("&", ""))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.notice)
        layout.addWidget(self.content_label)
        layout.addWidget(self.content, 1)
        layout.addLayout(buttons)
        self.approve.clicked.connect(self._approve)
        self.return_.clicked.connect(self._return)
        self.ask.clicked.connect(self._ask)
        self.acknowledge.clicked.connect(self._acknowledge)
        self.show_record(None)

    def show_record(self, record: ReviewRecord | None, *, message: str | None = None) -> None:
        self.record = record
        if record is None:
            self.heading.setText(_("Choose an entry in the queue to read it."))
            self.content.clear()
            self.notice.clear()
        else:
            children = ", ".join(c for c in record.children if c)
            status = _(STATUS_WORDS[record.status])
            danger = f"<br><b>⚠ {escape(_('Present danger'))}</b>" if record.danger else ""
            self.heading.setText(
                f"<h2>{escape(_(kinds.title(record.kind)))} · {escape(record.case_number)}</h2>"
                f"<p>{escape(children)}<br>{escape(_('Status'))}: <b>{escape(status)}</b> · {escape(_('revision'))} {record.rev}"
                f" · {escape(_('by'))} {escape(record.author_label)}{danger}</p>"
            )
            self.content.setHtml(render_html(record, self.labels))
            self._banner(record, message)
        can = record is not None and record.can_decide
        self.approve.setEnabled(can)
        self.return_.setEnabled(can)
        self.approve.setText(
            _("&Approve revision {rev}").format(rev=record.rev) if can and record else _("&Approve")
        )
        self.approve.setAccessibleName(self.approve.text().replace("&", ""))
        self.ask.setEnabled(record is not None and record.can_comment)
        unread = record.addenda_to_acknowledge if record else ()
        self.acknowledge.setVisible(bool(unread))
        self.acknowledge.setText(proposals.acknowledge_words(unread))
        self.acknowledge.setAccessibleName(self.acknowledge.text().replace("&", ""))

    def _banner(self, record: ReviewRecord, message: str | None) -> None:
        if message:
            self.notice.show_message(_("Look again: ") + message, "warning")
        elif record.notice:
            self.notice.show_message(
                _("Look again: ")
                + _("your approval was refused because the entry changed. This is the new version.")
                + " "
                + record.notice,
                "warning",
            )
        elif record.decision_waiting == "approve":
            self.notice.show_message(
                _("Approved here: waiting for the next sync to reach the server."), "ok"
            )
        elif record.decision_waiting == "return":
            self.notice.show_message(
                _("Returned here: waiting for the next sync to reach the caseworker."), "info"
            )
        elif record.status is Status.APPROVED:
            self.notice.show_message(
                _("Read-only: approved. Corrections arrive as addenda."), "info"
            )
        elif record.status is Status.SUBMITTED and record.returned_reason:
            self.notice.show_message(
                _("Resubmitted: you returned it before with “{reason}”.").format(
                    reason=record.returned_reason
                ),
                "info",
            )
        else:
            self.notice.clear()

    def _approve(self) -> None:
        if self.record is not None and self.record.can_decide:
            self.approve_requested.emit(self.record)

    def _return(self) -> None:
        if self.record is None or not self.record.can_decide:
            return
        dialog = ReturnDialog(self.record.noun, self)
        self.return_dialog: ReturnDialog | None = dialog  # reachable by tests while it is open
        if dialog.exec():
            self.return_requested.emit(self.record, dialog.text())
        self.return_dialog = None

    def _ask(self) -> None:
        if self.record is None or not self.record.can_comment:
            return
        dialog = CommentDialog(
            title=_("Ask the caseworker"),
            prompt=_("&Your question (the entry stays waiting for your decision):"),
            send=_("&Send question"),
            parent=self,
        )
        self.comment_dialog: CommentDialog | None = dialog  # reachable by tests while it is open
        if dialog.exec():
            self.comment_requested.emit(self.record.record_id, dialog.text())
        self.comment_dialog = None

    def _acknowledge(self) -> None:
        if self.record is None:
            return
        for a in self.record.addenda_to_acknowledge:
            self.acknowledge_requested.emit(self.record.record_id, a.addendum_id)
