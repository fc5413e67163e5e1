"""The "needs attention" panel: what sync could not settle by itself (conflicts, quarantined or
deferred edits, returned records), questions from the supervisor waiting for an answer, and notices (approved, voided, moved off the caseload). Each
line says what happened in words; a record can be opened, a notice dismissed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from fieldcase.ui.i18n import _

#: topics that ask the caseworker to do something; the rest are notices ("addendum" is a change the
#: server kept as a proposed change: the topic's name is what stored items carry)
ACTION_TOPICS = frozenset({"conflict", "quarantined", "deferred", "returned", "addendum", "question"})
TOPIC_TEXT = {
    "conflict": "Conflict", "quarantined": "Not accepted", "deferred": "Waiting", "returned": "Returned", "addendum": "Proposed change",
    "approved": "Approved", "voided": "Voided", "removed": "Moved off your caseload", "question": "Question",
}
#: topics that go away by doing something, not by dismissing them (a question goes when answered)
UNDISMISSABLE = frozenset({"question"})


def day(moment: str | None) -> str:
    """The date of an ISO time as the server sent it (how the app shows the day an addendum was read)."""
    return (moment or "")[:10]


def proposal_kept_message(kind: str | None) -> str:
    """A change that reached the server after the entry was approved, kept as a proposed change.
    Worded here from the item's kind rather than shown as the stored message: that is English (and
    the server's own, on items kept before), and each sentence is whole so Spanish can agree it."""
    if kind == "visitation_entry":
        return _("Your change reached the server after this family visit was approved. It was kept as a proposed change "
                 "for your supervisor; the approved family visit is not changed.")
    if kind == "transport_trip":
        return _("Your change reached the server after this trip was approved. It was kept as a proposed change "
                 "for your supervisor; the approved trip is not changed.")
    return _("Your change reached the server after this visit was approved. It was kept as a proposed change "
             "for your supervisor; the approved visit is not changed.")


def proposal_read_message(proposal) -> str:  # noqa: ANN001 - services.field_records.ProposalState
    return _("Your proposed change of {proposed} was read by {who} on {day}.").format(
        proposed=day(proposal.proposed_at), who=proposal.read_by_name or _("your supervisor"), day=day(proposal.read_at))


def _read_proposal(item) -> bool:  # noqa: ANN001
    proposal = getattr(item, "proposal", None)
    return item.topic == "addendum" and proposal is not None and proposal.read


def item_text(item) -> str:  # noqa: ANN001 - services.sync.AttentionItem
    if item.topic == "question":
        details = item.details or {}
        return _("Question from {who}: {text}").format(who=_(details.get("author", "")), text=details.get("text", ""))
    if item.topic == "addendum":
        text = proposal_read_message(item.proposal) if _read_proposal(item) else proposal_kept_message(item.record_kind)
        return f"{_(TOPIC_TEXT['addendum'])}: {text}"
    return f"{_(TOPIC_TEXT.get(item.topic, item.topic))}: {item.message}"


def split_attention(items: list) -> tuple[list, list]:
    """What needs the caseworker's action, and notices. A proposed change the supervisor has read
    is a notice: the caseworker was waiting for exactly that answer, so it stays listed (saying who
    read it and when) rather than vanishing unseen, and goes with "Dismiss all notices" like the
    approval notices beside it; nothing is left for the caseworker to do about it."""
    action = [i for i in items if i.topic in ACTION_TOPICS and not _read_proposal(i)]
    notices = [i for i in items if i.topic not in ACTION_TOPICS or _read_proposal(i)]
    return action, notices


class AttentionDialog(QDialog):
    open_record = Signal(str)
    resolve_conflict = Signal(str)  # attention (= conflict) id
    dismiss = Signal(list)  # attention ids

    def __init__(self, items: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Needs attention"))
        self.resize(720, 420)
        column = QVBoxLayout(self)
        action, notices = split_attention(items)
        intro = QLabel(_("{actions} need your action · {notices} notices").format(actions=len(action), notices=len(notices)))
        column.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Items needing attention"))
        intro.setBuddy(self.list)
        for item in action + notices:
            entry = QListWidgetItem(item_text(item))
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(entry)
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton(_("&Open record"))
        self.resolve_button = QPushButton(_("&Resolve side by side…"))
        self.dismiss_button = QPushButton(_("&Dismiss"))
        self.dismiss_notices = QPushButton(_("Dismiss all &notices"))
        close = QPushButton(_("&Close"))
        for button in (self.resolve_button, self.open_button, self.dismiss_button, self.dismiss_notices):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        column.addLayout(row)
        self._notices = [n.id for n in notices]
        self.open_button.clicked.connect(self._open)
        self.resolve_button.clicked.connect(self._resolve)
        self.list.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.dismiss_button.clicked.connect(self._dismiss)
        self.dismiss_notices.clicked.connect(self._dismiss_all_notices)
        self.dismiss_notices.setEnabled(bool(notices))
        close.clicked.connect(self.accept)
        self.list.itemActivated.connect(lambda _i: self._activated())
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update_buttons()

    def _current(self):  # noqa: ANN202
        entry = self.list.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _update_buttons(self) -> None:
        item = self._current()
        self.resolve_button.setEnabled(item is not None and item.topic == "conflict")
        self.dismiss_button.setEnabled(item is not None and item.topic not in UNDISMISSABLE)
        self.open_button.setText(_("&Open record to answer") if item is not None and item.topic == "question" else _("&Open record"))
        self.open_button.setAccessibleName(self.open_button.text().replace("&", ""))

    def _activated(self) -> None:
        item = self._current()
        if item is not None and item.topic == "conflict":
            self._resolve()
        else:
            self._open()

    def _resolve(self) -> None:
        item = self._current()
        if item is not None and item.topic == "conflict":
            self.resolve_conflict.emit(item.id)
            self.accept()

    def _open(self) -> None:
        item = self._current()
        if item is not None and item.record_id:
            self.open_record.emit(item.record_id)
            self.accept()

    def _dismiss(self) -> None:
        item = self._current()
        if item is not None and item.topic not in UNDISMISSABLE:
            self.dismiss.emit([item.id])
            self.list.takeItem(self.list.currentRow())

    def _dismiss_all_notices(self) -> None:
        self.dismiss.emit(list(self._notices))
        for row in reversed(range(self.list.count())):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).id in self._notices:
                self.list.takeItem(row)
        self.dismiss_notices.setEnabled(False)
