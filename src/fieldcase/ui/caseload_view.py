"""The caseload panel: a filter box (instant, in memory; notes searched after a pause), the table and
the compliance summary above it, which its view-model loads after the rows (the rows are what the
caseworker waits for at unlock; the summary counts every rule over the fiscal year)."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from html import escape

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldcase.errors import UserError
from fieldcase.services import caseload
from fieldcase.services.caseload import CaseloadRow, CaseloadSummary
from fieldcase.services.session import Session
from fieldcase.ui.accessible_text import LiveLabel, heading
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.models import CaseloadModel
from fieldcase.ui.widgets import labelled
from fieldcase.ui.worker import StoreWorker


class CaseloadSummaryViewModel(QObject):
    """Loads the compliance summary of the caseload on the store worker. Asked again while a load is
    still waiting its turn (autosaves refresh the caseload every few seconds), it does not queue a
    second one: the waiting one reads the store after everything queued before it."""

    summary_loaded = Signal(object)  # CaseloadSummary
    failed = Signal(str)

    def __init__(
        self,
        worker: StoreWorker,
        session: Session,
        *,
        now: Callable[[], datetime],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.session = session
        self.now = now
        self._waiting = False

    def load(self) -> None:
        if self._waiting:
            return
        self._waiting = True
        session, today = self.session, self.now().date()

        def summary() -> CaseloadSummary:
            self._waiting = False  # from here on a new request needs a new read
            return caseload.load_summary(session.store, today=today)

        self.worker.run(summary, on_done=self.summary_loaded.emit, on_error=self._failed)

    def _failed(self, err: UserError) -> None:
        self.failed.emit(error_words(err))


class CaseloadView(QWidget):
    child_opened = Signal(object)  # CaseloadRow
    notes_search_requested = Signal(str)

    def __init__(self, model: CaseloadModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        column = QVBoxLayout(self)
        self.heading = heading(escape(_("My caseload")))
        column.addWidget(self.heading)
        form = QFormLayout()
        self.filter = QLineEdit()
        # short enough to show whole at 200 % text; the tooltip says all it searches
        self.filter.setPlaceholderText(_("Name, case or notes"))
        self.filter.setToolTip(_("Name, case number, placement or words in notes"))
        self.filter.setClearButtonEnabled(True)
        labelled(form, _("F&ind"), self.filter)
        column.addLayout(form)
        self.summary = LiveLabel(_("Caseload summary"))
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.sorter = QSortFilterProxyModel(self)
        self.sorter.setSourceModel(model)
        self.table = QTableView()
        self.table.setModel(self.sorter)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName(_("Children on my caseload"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # columns fitted to the caseload's texts by _fit_columns, not ResizeToContents: Qt's sizing
        # asks the model ~20 questions for every cell of every row (a third of a second for 500
        # children, before the first paint), and the widths would jump with each filter keystroke
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # every column fitted, the last too: a stretched last column shrank to 100 px when the others
        # filled the view (its header cut); the table scrolls sideways instead
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.installEventFilter(self)
        self.table.setTabKeyNavigation(False)
        column.addWidget(self.table, 1)
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(400)
        self.notes_timer.timeout.connect(
            lambda: self.notes_search_requested.emit(self.filter.text())
        )
        self.filter.textChanged.connect(self._filter_changed)
        self.filter.returnPressed.connect(self._open_first)
        self.table.activated.connect(self._activated)
        model.modelReset.connect(self._update_summary)
        model.caseload_set.connect(self._fit_columns)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text over the whole caseload (or its header), as
        ResizeToContents made it; measured from the texts, once per caseload."""
        table, header = self.table, self.table.horizontalHeader()
        metrics = QFontMetricsF(
            table.font()
        )  # fractional widths, rounded up as the item delegate does
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
        padding = 2 * margin + (1 if table.showGrid() else 0)
        for column in range(self.model.columnCount()):
            widest = math.ceil(
                max(
                    (metrics.horizontalAdvance(text) for text in self.model.column_texts(column)),
                    default=0,
                )
            )
            header.resizeSection(
                column, max(header.sectionSizeHint(column), widest + padding if widest else 0)
            )

    def eventFilter(self, watched, event) -> bool:
        if (
            watched is self.table and event.type() == QEvent.Type.FontChange
        ):  # a new text size (settings)
            self._fit_columns()
        return super().eventFilter(watched, event)

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        if text.strip():
            self.notes_timer.start()
        else:
            self.notes_timer.stop()

    def show_note_hits(self, text: str, case_ids: frozenset[str]) -> None:
        if text == self.filter.text():
            self.model.set_filter(text, note_cases=case_ids)

    def _open_first(self) -> None:
        if self.sorter.rowCount() > 0:
            index = self.sorter.index(0, 0)
            self.table.setCurrentIndex(index)
            self._activated(index)

    def _activated(self, index: QModelIndex) -> None:
        row: CaseloadRow | None = self.model.row_at(self.sorter.mapToSource(index).row())
        if row is not None:
            self.child_opened.emit(row)

    headline = ""
    lines: tuple[str, ...] = ()

    def show_compliance(self, headline: str, lines: tuple[str, ...]) -> None:
        self.headline, self.lines = headline, lines
        self._update_summary()

    def _update_summary(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        at_risk = sum(
            1
            for i in range(shown)
            if (row := self.model.row_at(i)) is not None and row.status.value == "at_risk"
        )
        text = _("{shown} of {total} children").format(shown=shown, total=total)
        if at_risk:
            text += " · " + _("{count} at risk this month").format(count=at_risk)
        if self.headline:
            text += "\n" + self.headline
        self.summary.setText(text)
        self.summary.setToolTip("\n".join(self.lines))

    def clear(self) -> None:
        self.filter.clear()
        self.model.clear()
        self.summary.clear()
        self.headline, self.lines = "", ()
