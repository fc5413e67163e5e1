"""Qt item models over service results (napari's adapters): the services return frozen dataclasses,
these only present them. Status is always written in words, never only as a colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from fieldcase.services.caseload import CaseloadRow, filter_rows
from fieldcase.services.visit_status import MonthStatus
from fieldcase.ui.i18n import _

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

# roles as plain ints: a view asks data() ~20 times per cell (sizing every row for ResizeToContents,
# then painting), so the common answers must not go through enum comparisons
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TEXT_ROLES = frozenset(
    {_DISPLAY, Qt.ItemDataRole.AccessibleTextRole.value, Qt.ItemDataRole.ToolTipRole.value}
)
_USER = Qt.ItemDataRole.UserRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


STATUS_TEXT = {
    MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY: "✔ Seen at home, privately",
    MonthStatus.SEEN_PRIVATELY: "✔ Seen privately, not at home",
    MonthStatus.SEEN: "◐ Seen, not privately",
    MonthStatus.NOT_YET: "○ Not seen yet",
    MonthStatus.AT_RISK: "⚠ At risk: not seen",
    MonthStatus.LEFT_CARE: "— Left care",
}
STATUS_COLOUR = {
    MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY: "#e6f4ea",
    MonthStatus.SEEN_PRIVATELY: "#e6f4ea",
    MonthStatus.SEEN: "#fff4ce",
    MonthStatus.NOT_YET: None,
    MonthStatus.AT_RISK: "#fde7e9",
    MonthStatus.LEFT_CARE: None,
}


class TableModel(QAbstractTableModel, Generic[T]):
    """A read-only table of frozen rows with (header, text-of-row) columns."""

    def __init__(
        self, columns: Sequence[tuple[str, Callable[[T], str]]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []
        self._texts: list[
            tuple[str, ...] | None
        ] = []  # each row's column texts, made when first asked for

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return _(self._columns[section][0])
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role not in self.answered_roles:
            return None
        r, c = index.row(), index.column()
        if (
            r < 0 or c < 0 or r >= len(self._rows) or c >= len(self._columns)
        ):  # an invalid index is (-1, -1)
            return None
        if role in _TEXT_ROLES:
            texts = self._texts[r]
            if texts is None:
                row = self._rows[r]
                texts = self._texts[r] = tuple(text(row) for _header, text in self._columns)
            return texts[c]
        if role == _USER:
            return self._rows[r]
        return self.extra_data(self._rows[r], c, role)

    #: the roles data() answers (extra_data gets the colours); every other role (font, alignment,
    #: decoration, …) is None at once. A subclass answering another role in extra_data adds it here.
    answered_roles: frozenset[int] = _TEXT_ROLES | {_USER, _BACKGROUND, _FOREGROUND}

    def extra_data(self, row: T, column: int, role: int) -> Any:
        return None

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = [None] * len(self._rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def clear(self) -> None:
        self.set_rows([])


class CaseloadModel(TableModel[CaseloadRow]):
    """The caseload, filtered in memory as the caseworker types (no store access per keystroke)."""

    caseload_set = Signal()  # a new caseload (not a new filter): the view fits its columns to it

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                ("Child", lambda r: r.child_name),
                ("Age", lambda r: "" if r.age is None else str(r.age)),
                ("This month", lambda r: _(STATUS_TEXT[r.status])),
                ("Last seen", lambda r: format_date(r.month.last_seen)),
                ("Case", lambda r: r.case_number),
                ("Placement", lambda r: r.placement),
                ("Next court date", lambda r: format_date(r.next_court)),
                ("Case plan due", lambda r: format_date(r.case_plan_due)),
            ],
            parent,
        )
        self._all: list[CaseloadRow] = []
        self._text = ""
        self._note_cases: frozenset[str] = frozenset()

    def set_caseload(self, rows: Sequence[CaseloadRow], *, text: str | None = None) -> None:
        """A new caseload; with `text`, filtered by it afresh (no note hits yet), in one reset."""
        self._all = list(rows)
        if text is not None:
            self._text, self._note_cases = text, frozenset()
        self._apply()
        self.caseload_set.emit()

    def column_texts(self, column: int) -> set[str]:
        """The distinct texts of a column over the whole caseload, whatever the filter shows."""
        text = self._columns[column][1]
        return {text(row) for row in self._all}

    def set_filter(self, text: str, *, note_cases: frozenset[str] = frozenset()) -> None:
        self._text = text
        self._note_cases = note_cases
        self._apply()

    def _apply(self) -> None:
        self.set_rows(filter_rows(self._all, self._text, also_cases=self._note_cases))

    @property
    def total(self) -> int:
        return len(self._all)

    def clear(self) -> None:
        self._all = []
        self._text = ""
        self._note_cases = frozenset()
        super().clear()

    def extra_data(self, row: CaseloadRow, column: int, role: int) -> Any:
        if column != 2:
            return None
        colour = STATUS_COLOUR[row.status]
        if not colour:
            return None
        if role == _BACKGROUND:
            return QBrush(QColor(colour))
        if role == _FOREGROUND:
            return QBrush(QColor("#1b1b1b"))  # dark text on the light status colours, in any theme
        return None
