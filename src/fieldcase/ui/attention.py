"""The "needs attention" panel: what sync could not settle by itself (conflicts, quarantined or
deferred edits, returned records), questions from the supervisor waiting for an answer, and notices (approved, voided, moved off the caseload). Each
line says what happened in words; a record can be opened, a notice dismissed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcase.services.days import local_day
from fieldcase.ui.attention_sentences import COUNTED, RECORD_COUNTED, sentence
from fieldcase.ui.i18n import _

#: topics that ask the caseworker to do something; the rest are notices ("addendum" is a change the
#: server kept as a proposed change: the topic's name is what stored items carry)
ACTION_TOPICS = frozenset(
    {"conflict", "quarantined", "deferred", "returned", "addendum", "question", "attachment_kept"}
)
TOPIC_TEXT = {
    "conflict": "Conflict",
    "quarantined": "Not accepted",
    "deferred": "Waiting",
    "returned": "Returned",
    "addendum": "Proposed change",
    "approved": "Approved",
    "voided": "Voided",
    "removed": "Moved off your caseload",
    "question": "Question",
    "stale": "Out of date",
    "attachment_kept": "Attachment kept on this laptop",
}
#: topics that go away by doing something, not by dismissing them (a question goes when answered)
UNDISMISSABLE = frozenset({"question"})


def proposal_kept_message(kind: str | None) -> str:
    """A change that reached the server after the entry was approved, kept as a proposed change.
    Worded here from the item's kind rather than shown as the stored message: that is English (and
    the server's own, on items kept before), and each sentence is whole so Spanish can agree it."""
    return sentence("kept", kind) or sentence("kept", "home_visit") or ""


def proposal_read_message(proposal) -> str:  # services.field_records.ProposalState
    return _("Your proposed change of {proposed} was read by {who} on {day}.").format(
        proposed=local_day(proposal.proposed_at),
        who=proposal.read_by_name or _("your supervisor"),
        day=local_day(proposal.read_at),
    )


def _read_proposal(item) -> bool:
    proposal = getattr(item, "proposal", None)
    return item.topic == "addendum" and proposal is not None and proposal.read


def _approved(kind: str | None) -> str | None:
    if kind == "goal_change":  # not an entry: the case's goals changed
        return _(
            "Your supervisor approved your proposed goal change; the case's goals are now the proposed ones."
        )
    return sentence("approved", kind)


def _returned(kind: str | None) -> str | None:
    if kind == "goal_change":  # its form opens from the case, not as an entry
        return _(
            "Your supervisor returned your proposed goal change; the case's goals stay as they were. "
            "Open the case and choose Propose goal change to change it and submit it again."
        )
    return sentence("returned", kind)


def _conflict(kind: str | None, narrative: bool) -> str | None:
    # a conflict of a kind not known here is still a conflict in a record
    topic = "conflict_text" if narrative else "conflict_field"
    return sentence(topic, kind) or sentence(topic, "record")


def _stale(kind: str | None, code: str | None) -> str | None:
    if code == "create_conflict":
        return _("This record already existed with other content; both versions are kept.")
    if code == "stale_revision":
        return sentence("stale", kind)
    return None


def _refused(code: str | None) -> str | None:
    """A refused change's words by the server's code, where the server's reason is one fixed
    sentence (other codes carry the server's own reason, free text, shown as it is)."""
    words = {
        "case_reassigned": lambda: _(
            "This case is no longer yours; the change was sent to your supervisor."
        ),
        "purged": lambda: _(
            "This record was removed from the server; the change was kept for review."
        ),
        "mutation_id_taken": lambda: _("This change id was already used by another laptop."),
        "not_found": lambda: _("This record or case was not found."),
        "unknown_kind": lambda: _(
            "This kind of record is not known to the server; update the app."
        ),
        "unknown_command": lambda: _("This command is not known to the server; update the app."),
        "bad_base_rev": lambda: _(
            "The edit refers to a revision the server never had; sync again from the start."
        ),
        "malformed_locally": lambda: _(
            "This change could not be put into the form the server expects; it is kept here for review."
        ),
        "invalid_value": lambda: _(
            "This change holds a value the server does not accept (a number too large, or a control character in the text); it is kept here for review."
        ),
    }.get(code or "")
    return words() if words is not None else None


#: what the store writes when the server gave no reason for refusing a change
NOT_ACCEPTED = "The server did not accept this change; it is kept for review."


def _counted(kinds: list[str]) -> str:
    """["home_visit", "home_visit", "person"] -> "2 visits and a person", in the user's language."""
    order = [*COUNTED, *sorted(set(kinds) - set(COUNTED))]
    parts = []
    for kind in order:
        n = kinds.count(kind)
        if n:
            one, many = COUNTED.get(kind, RECORD_COUNTED)
            parts.append(one() if n == 1 else many().format(n=n))
    if len(parts) == 1:
        return parts[0]
    return _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def _removed(details: dict) -> str | None:
    """A case's records the agency removed from the server, counted by kind (no names)."""
    records = details.get("records")
    if not isinstance(records, dict) or not records:
        return None
    kinds = sorted(str(k) for k in records.values())
    others = [k for k in kinds if k != "case"]
    if len(others) < len(kinds):
        if not others:
            return _("The agency removed a case from the server; it is no longer on this laptop.")
        return _(
            "The agency removed a case from the server; it and its records ({records}) are no longer on this laptop."
        ).format(records=_counted(others))
    if len(kinds) == 1:
        return _(
            "The agency removed {records} of a case from the server; it is no longer on this laptop."
        ).format(records=_counted(kinds))
    return _(
        "The agency removed {records} of a case from the server; they are no longer on this laptop."
    ).format(records=_counted(kinds))


def _worded(item) -> str | None:  # services.sync.AttentionItem
    """The item's sentence in the user's language from its topic, kind and code — not its stored
    message, which is English (the command line prints it); None when the item is of no kind known
    here (it then shows the stored message). Data stays as it came: a supervisor's return reason,
    a server's own reason for refusing a change."""
    details = item.details or {}
    topic, kind = item.topic, getattr(item, "record_kind", None)
    if topic == "approved":
        return _approved(kind)
    if topic == "returned":
        text = _returned(kind)
        reason = details.get("reason")
        return text and (
            text + " " + _("Reason: {reason}").format(reason=reason) if reason else text
        )
    if topic in ("voided", "question"):
        return sentence(topic, kind)
    if topic == "conflict":
        return _conflict(kind, bool(details.get("narrative")))
    if topic == "stale":
        return _stale(kind, details.get("code"))
    if topic in ("quarantined", "deferred"):
        if item.message == NOT_ACCEPTED:
            return _refused(details.get("code")) or _(
                "The server did not accept this change; it is kept for review."
            )
        return _refused(details.get("code"))
    if topic == "removed":
        return _removed(details)
    if topic == "attachment_kept":
        return _(
            "A photo or document attached on this laptop could not be uploaded: the server refused it. "
            "It is kept on this laptop and is uploaded again at every sync; tell your supervisor if this stays."
        )
    return None


def counts_line(actions: int, notices: int) -> str:
    """ "1 needs your action · 2 notices": each count with its own singular (Spanish agrees the verb)."""
    acting = (
        _("1 needs your action") if actions == 1 else _("{n} need your action").format(n=actions)
    )
    told = _("1 notice") if notices == 1 else _("{n} notices").format(n=notices)
    return f"{acting} · {told}"


def _case_removed(details: dict, text: str) -> str:
    """A told outcome of the caseworker's own work whose case has since left the laptop (the notice
    stays; the record can no longer be opened here)."""
    if not details.get("case_removed"):
        return text
    return (
        text + " " + _("The case is no longer on your caseload, so it is no longer on this laptop.")
    )


def item_text(item) -> str:  # services.sync.AttentionItem
    details = item.details or {}
    if item.topic == "question" and "text" in details:
        return _("Question from {who}: {text}").format(
            who=_(details.get("author", "")), text=details.get("text", "")
        )
    if item.topic == "addendum":
        text = (
            proposal_read_message(item.proposal)
            if _read_proposal(item)
            else proposal_kept_message(item.record_kind)
        )
        return f"{_(TOPIC_TEXT['addendum'])}: {_case_removed(details, text)}"
    worded = _worded(item)
    text = _case_removed(details, worded) if worded is not None else item.message
    return f"{_(TOPIC_TEXT.get(item.topic, item.topic))}: {text}"


def item_where(item) -> str:  # services.sync.AttentionItem
    """Whose it is: "Case DEMO-1001 · Ana Pimlo, Ben Pimlo" (local records only); "" when unknown."""
    number, children = (
        getattr(item, "case_number", ""),
        ", ".join(getattr(item, "children", ()) or ()),
    )
    if number and children:
        return _("Case {number} · {children}").format(number=number, children=children)
    if number:
        return _("Case {number}").format(number=number)
    return children


def item_lines(item) -> str:  # services.sync.AttentionItem
    """The list's text for an item: what happened, then whose it is on a line of its own."""
    where = item_where(item)
    return f"{item_text(item)}\n{where}" if where else item_text(item)


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
        intro = QLabel(counts_line(len(action), len(notices)))
        column.addWidget(intro)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Items needing attention"))
        # long sentences wrap inside the list instead of running off its edge (no sideways scrolling)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        intro.setBuddy(self.list)
        for item in action + notices:
            entry = QListWidgetItem(item_lines(item))
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(entry)
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton(_("&Open record"))
        self.resolve_button = QPushButton(_("&Resolve side by side…"))
        self.dismiss_button = QPushButton(_("&Dismiss"))
        self.dismiss_notices = QPushButton(_("Dismiss all &notices"))
        close = QPushButton(_("&Close"))
        for button in (
            self.resolve_button,
            self.open_button,
            self.dismiss_button,
            self.dismiss_notices,
        ):
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

    def _current(self):
        entry = self.list.currentItem()
        return entry.data(Qt.ItemDataRole.UserRole) if entry is not None else None

    def _update_buttons(self) -> None:
        item = self._current()
        self.resolve_button.setEnabled(item is not None and item.topic == "conflict")
        self.dismiss_button.setEnabled(item is not None and item.topic not in UNDISMISSABLE)
        # a goal change opens from its case ("Propose goal change"), not as an entry
        self.open_button.setEnabled(
            item is None or getattr(item, "record_kind", None) != "goal_change"
        )
        self.open_button.setText(
            _("&Open record to answer")
            if item is not None and item.topic == "question"
            else _("&Open record")
        )
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
