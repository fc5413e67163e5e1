"""Qt item models over service results (napari's adapters): the services return frozen dataclasses,
these only present them. Status is always written in words, never only as a colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldcase.services.caseload import CaseloadRow, filter_rows
from fieldcase.services.visit_status import MonthStatus
from fieldcase.ui.i18n import _

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


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
}
STATUS_COLOUR = {
    MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY: "#e6f4ea",
    MonthStatus.SEEN_PRIVATELY: "#e6f4ea",
    MonthStatus.SEEN: "#fff4ce",
    MonthStatus.NOT_YET: None,
    MonthStatus.AT_RISK: "#fde7e9",
}


class TableModel(QAbstractTableModel, Generic[T]):
    """A read-only table of frozen rows with (header, text-of-row) columns."""

    def __init__(self, columns: Sequence[tuple[str, Callable[[T], str]]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return _(self._columns[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()][1](row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return self.extra_data(row, index.column(), role)

    def extra_data(self, row: T, column: int, role: int) -> Any:
        return None

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def clear(self) -> None:
        self.set_rows([])


class CaseloadModel(TableModel[CaseloadRow]):
    """The caseload, filtered in memory as the caseworker types (no store access per keystroke)."""

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

    def set_caseload(self, rows: Sequence[CaseloadRow]) -> None:
        self._all = list(rows)
        self._apply()

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
        if column == 2 and role == Qt.ItemDataRole.BackgroundRole:
            colour = STATUS_COLOUR[row.status]
            return QBrush(QColor(colour)) if colour else None
        if column == 2 and role == Qt.ItemDataRole.ForegroundRole and STATUS_COLOUR[row.status]:
            return QBrush(QColor("#1b1b1b"))  # dark text on the light status colours, in any theme
        return None
