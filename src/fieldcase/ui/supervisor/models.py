"""Item models for the supervisor's tables, over the services' frozen rows. Every state is a word
(with a symbol); colour only repeats it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from fieldcase.domain import kinds
from fieldcase.domain.compliance import MonthState
from fieldcase.services.approvals import AddendumToRead, QueueEntry
from fieldcase.services.compliance import ChildRow, WorkerRow
from fieldcase.services.days import local_day
from fieldcase.ui.i18n import _
from fieldcase.ui.models import TableModel
from fieldcase.ui.supervisor import proposals

WARN, BAD, GOOD = "#fff4ce", "#fde7e9", "#e6f4ea"
MONTH_SYMBOL = {
    MonthState.SEEN: "✔",
    MonthState.DUE: "○",
    MonthState.AT_RISK: "⚠",
    MonthState.MISSED: "✖",
    MonthState.UPCOMING: "·",
    MonthState.NOT_IN_CARE: "–",
}
MONTH_COLOUR = {MonthState.SEEN: GOOD, MonthState.AT_RISK: WARN, MonthState.MISSED: BAD}


def age_words(hours: int) -> str:
    """services.approvals.age_text in the reader's language ("6 days", "6 días")."""
    if hours < 1:
        return _("under an hour")
    if hours < 24:
        return _("1 hour") if hours == 1 else _("{n} hours").format(n=hours)
    days = hours // 24
    return _("1 day") if days == 1 else _("{n} days").format(n=days)


def _queue_note(entry: QueueEntry) -> str:
    notes = []
    if entry.danger:  # said in words, first; the row is also listed first and tinted
        notes.append("⚠ " + _("Present danger"))
    if entry.answered:
        notes.append(_("✉ Answer to your question"))
    if entry.changed_since_review:
        notes.append(_("⚠ Changed since your review"))
    if entry.returned_before:
        notes.append(_("↻ Resubmitted after a return"))
    return "; ".join(notes)


class ApprovalQueueModel(TableModel[QueueEntry]):
    """Entries waiting for approval: present danger first, then oldest first (the service's order)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                ("Waiting", lambda e: age_words(e.age_hours)),
                ("Entry", lambda e: _(kinds.title(e.kind))),
                ("Date", lambda e: e.occurred_on or ""),
                ("Case", lambda e: e.case_number),
                ("Children", lambda e: ", ".join(c for c in e.children if c)),
                ("Caseworker", lambda e: e.author_label),
                ("Notes", _queue_note),
            ],
            parent,
        )

    def extra_data(self, row: QueueEntry, column: int, role: int) -> Any:
        if (
            column == 6
            and row.danger
            and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole)
        ):
            return QBrush(QColor(BAD if role == Qt.ItemDataRole.BackgroundRole else "#1b1b1b"))
        if column == 6 and row.changed_since_review and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(WARN))
        if column == 6 and row.changed_since_review and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1b1b1b"))
        return None


class AddendaModel(TableModel[AddendumToRead]):
    """Addenda and proposed changes (named as such) on approved entries that wait for the supervisor
    to acknowledge them, oldest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                ("Written", lambda a: local_day(a.addendum.at)),
                ("Entry", lambda a: _(kinds.title(a.kind))),
                ("Case", lambda a: a.case_number),
                ("Caseworker", lambda a: a.author_label),
                ("Addendum", lambda a: proposals.summary(a.addendum)),
            ],
            parent,
        )


def _hours(value: int | None) -> str:
    return "" if value is None else age_words(value)


class WorkerModel(TableModel[WorkerRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                ("Caseworker", lambda w: w.label),
                ("Children", lambda w: str(w.children)),
                ("Seen this month", lambda w: str(w.seen)),
                ("Visits due", lambda w: str(w.due)),
                ("At risk", lambda w: str(w.at_risk)),
                ("Residence majority at risk", lambda w: str(w.majority_at_risk)),
                ("Case plans overdue", lambda w: str(w.case_plans_overdue)),
                ("Team meetings overdue", lambda w: str(w.reviews_overdue)),
                ("Waiting for approval", lambda w: str(w.waiting)),
                ("Oldest waiting", lambda w: _hours(w.oldest_waiting_hours)),
                ("Returned", lambda w: str(w.returned)),
            ],
            parent,
        )


class ChildModel(TableModel[ChildRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                ("Child", lambda r: r.child_name),
                ("Caseworker", lambda r: r.worker_label),
                ("Case", lambda r: r.case_number),
                (
                    "This month",
                    lambda r: (
                        f"{MONTH_SYMBOL[r.month_state]} {_(r.month_words)}"
                        + (
                            f" ({r.days_left} {_('days left')})"
                            if r.days_left is not None and r.month_state != MonthState.SEEN
                            else ""
                        )
                    ),
                ),
                (
                    "At home / privately",
                    lambda r: (
                        (_("at home") if r.seen_in_residence else _("not at home"))
                        + ", "
                        + (_("privately") if r.seen_privately else _("not privately"))
                        if r.month_state == MonthState.SEEN
                        else ""
                    ),
                ),
                (
                    "Residence months",
                    lambda r: (
                        f"{r.residence_months} / {r.residence_months_required}"
                        + (" ⚠ " + _("at risk") if r.majority_at_risk else "")
                    ),
                ),
                ("Case plan", lambda r: ("⚠ " if r.case_plan_overdue else "") + _(r.case_plan)),
                ("Waiting for approval", lambda r: str(r.waiting_for_approval)),
                ("Returned", lambda r: str(r.returned)),
            ],
            parent,
        )

    def extra_data(self, row: ChildRow, column: int, role: int) -> Any:
        if column != 3:
            return None
        colour = MONTH_COLOUR.get(row.month_state)
        if colour and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(colour))
        if colour and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1b1b1b"))
        return None
