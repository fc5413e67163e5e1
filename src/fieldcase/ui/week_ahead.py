"""The week ahead (domain.md "Tasks and the week ahead"): one list, offline, of the children at
risk this month, visits and family time, tasks due and overdue, hearings, meetings and plan
reviews coming due — each line opens the record it belongs to (Enter, or a double click).

A tab beside the case ("&Week ahead", Ctrl+Shift+W, Record menu). It is read after unlock's
caseload has painted, from that caseload (services/week_ahead.py), and the status line says what
is overdue and due today — a reminder, never a popup that steals the focus. A timer looks once a
minute for a task whose reminder time has come, and reads the list again when the day changes.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain import kinds
from fieldcase.domain.agenda import AgendaItem, AgendaKind
from fieldcase.ui.accessible_text import LiveLabel, heading
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.models import TableModel, format_date

if TYPE_CHECKING:
    from fieldcase.services.caseload import Caseload
    from fieldcase.services.week_ahead import WeekAhead, WeekAheadLine

SHORTCUT = "Ctrl+Shift+W"
#: how often the reminder looks at the clock
TICK_MS = 60_000

KIND_WORDS = {
    AgendaKind.AT_RISK: "At risk this month",
    AgendaKind.VISIT: "Home visit",
    AgendaKind.FAMILY_TIME: "Family time",
    # PLAN: a case plan, its review, or a transition plan (the details say which)
    AgendaKind.TASK: "Task",
    AgendaKind.HEARING: "Hearing",
    AgendaKind.MEETING: "Meeting",
    AgendaKind.PLAN: "Plan",
}


def item_words(item: AgendaItem) -> str:
    """The line's title in the caseworker's language, with its values (an action, a court)."""
    return _(item.title).format(**item.values)


def when_words(item: AgendaItem, today: date) -> str:
    if item.due is None:
        return _("No due date")
    if item.kind is AgendaKind.AT_RISK:
        return _("By {day}").format(day=format_date(item.due))
    if item.overdue:
        return _("Overdue since {day}").format(day=format_date(item.due))
    if item.due == today:
        return _("Today")
    return format_date(item.due)


#: the columns' headers (English msgids, translated by TableModel.headerData)
HEADERS = ("When", "What", "Details", "Case", "Children", "Who")


class WeekAheadModel(TableModel["WeekAheadLine"]):
    def __init__(self, parent: Any = None, *, names: dict[str, str] | None = None) -> None:
        self.today = date.today()
        self.names = names if names is not None else {}
        super().__init__(
            list(
                zip(
                    HEADERS,
                    (
                        lambda line: when_words(line.item, self.today),
                        lambda line: _(KIND_WORDS[line.item.kind]),
                        lambda line: item_words(line.item),
                        lambda line: line.case_number,
                        lambda line: line.children,
                        lambda line: line.owner_name or self.names.get(line.item.owner or "", ""),
                    ),
                    strict=True,
                )
            ),
            parent,
        )

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        if column != 0 or not (row.item.overdue or row.item.kind is AgendaKind.AT_RISK):
            return None
        if role == int(Qt.ItemDataRole.BackgroundRole):
            return QBrush(QColor("#f9d6d5"))
        if role == int(Qt.ItemDataRole.ForegroundRole):
            return QBrush(QColor("#1b1b1b"))
        return None


class WeekAheadView(QWidget):
    open_requested = Signal(object)  # AgendaItem
    done_requested = Signal(object)  # WeekAheadLine (a task)
    add_task_requested = Signal(str)  # the case of the line chosen ("" for none)
    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        self.heading = heading(escape(_("Week ahead")))
        column.addWidget(self.heading)
        self.summary = LiveLabel(_("Week ahead summary"))
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.model = WeekAheadModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("What is due this week"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        column.addWidget(self.table, 1)
        self.open_button = QPushButton(_("&Open"))
        self.done_button = QPushButton(_("Mark &done"))
        self.add_button = QPushButton(_("Add tas&k…"))
        self.reload_button = QPushButton(_("Re&load"))
        row = QHBoxLayout()
        for button in (self.open_button, self.done_button, self.add_button, self.reload_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        self.table.activated.connect(lambda index: self._open(index.row()))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        self.done_button.clicked.connect(self._done)
        self.add_button.clicked.connect(self._add_task)
        self.reload_button.clicked.connect(self.reload_requested.emit)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._update_buttons())
        self._update_buttons()

    def _add_task(self) -> None:
        current = self._current()
        self.add_task_requested.emit(current.item.case_id if current else "")

    def _current(self) -> WeekAheadLine | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _open(self, row: int) -> None:
        line = self.model.row_at(row)
        if line is not None:
            self.open_requested.emit(line.item)

    def _done(self) -> None:
        line = self._current()
        if line is not None and line.item.kind is AgendaKind.TASK:
            self.done_requested.emit(line)

    def _update_buttons(self) -> None:
        line = self._current()
        self.open_button.setEnabled(line is not None)
        self.done_button.setEnabled(line is not None and line.item.kind is AgendaKind.TASK)

    def show_week(self, week: WeekAhead, names: dict[str, str]) -> None:
        row = max(0, self.table.currentIndex().row())
        self.model.today, self.model.names = week.as_of, names
        self.model.set_rows(week.lines)
        self._fit_columns()
        if week.lines:
            self.table.setCurrentIndex(self.model.index(min(row, len(week.lines) - 1), 0))
        # nothing urgent is not nothing at all: a week with lines says how many
        urgent = reminder_words(week)
        if not week.lines:
            self.summary.setText(_("Nothing is due this week."))
        elif urgent:
            self.summary.setText(urgent)
        else:
            self.summary.setText(
                _("Nothing overdue; 1 thing this week.")
                if len(week.lines) == 1
                else _("Nothing overdue; {count} things this week.").format(count=len(week.lines))
            )
        self._update_buttons()

    def _fit_columns(self) -> None:
        """Each column as wide as its widest text (or header), measured from the texts: Qt's
        ResizeToContents asks the model many questions per cell, and the list is painted right
        after unlock (bench/week_ahead.py)."""
        header, metrics = self.table.horizontalHeader(), self.table.fontMetrics()
        padding = 2 * metrics.averageCharWidth()
        for column in range(self.model.columnCount() - 1):  # the last stretches
            texts = {
                self.model.index(row, column).data() or "" for row in range(self.model.rowCount())
            }
            widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
            header.resizeSection(
                column,
                max(
                    header.sectionSizeHint(column),
                    min(widest + padding, 40 * metrics.averageCharWidth()),
                ),
            )

    def clear(self) -> None:
        self.model.clear()
        self.summary.setText("")
        self._update_buttons()


def reminder_words(week: WeekAhead) -> str:
    """ "2 tasks overdue · 1 task due today · 3 children at risk this month", or "" when nothing is."""
    overdue = week.count(AgendaKind.TASK, overdue=True)
    today = len(week.tasks_due_on(week.as_of))
    at_risk = week.count(AgendaKind.AT_RISK)
    parts = []
    if overdue:
        parts.append(
            _("1 task overdue")
            if overdue == 1
            else _("{count} tasks overdue").format(count=overdue)
        )
    if today:
        parts.append(
            _("1 task due today")
            if today == 1
            else _("{count} tasks due today").format(count=today)
        )
    if at_risk:
        parts.append(
            _("1 child at risk this month")
            if at_risk == 1
            else _("{count} children at risk this month").format(count=at_risk)
        )
    return " · ".join(parts)


class WeekAheadTab(QObject):
    """The week ahead in the main window: its tab, its menu entry and shortcut, the store reads,
    opening each line's record, and the reminders."""

    loaded = Signal(object)  # WeekAhead

    def __init__(self, window: Any) -> None:  # the MainWindow (which imports this module)
        super().__init__(window)
        self.window = window
        self.workspace = window.workspace
        self.view = WeekAheadView()
        self.week: WeekAhead | None = None
        self.caseload: Caseload | None = None
        self._pending: tuple[str, str, str] | None = None  # case id, case-data action, record id
        self._reminded_startup = False
        self._waiting = False  # a read is queued on the store worker and has not started
        self._remind = False  # the next read ends with the reminder on the status line
        self._last_tick: datetime | None = None
        window.tabs.insertTab(1, self.view, _("&Week ahead"))
        self.action = QAction(_("&Week ahead"), window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.triggered.connect(self.show)
        window.record_menu.addAction(self.action)
        window.record_actions.append(self.action)
        self.action.setEnabled(False)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.workspace.caseload_loaded.connect(self._caseload_loaded)
        self.workspace.case_loaded.connect(self._case_loaded)
        window.caseload_on_screen.connect(self._unlocked_caseload_on_screen)
        window.session_vm.locked.connect(self.clear)
        self.view.open_requested.connect(self.open_item)
        self.view.done_requested.connect(self.mark_done)
        self.view.add_task_requested.connect(self.add_task)
        self.view.reload_requested.connect(self.load)

    # reading ----------------------------------------------------------------------------------

    def _caseload_loaded(self, caseload: Caseload) -> None:
        self.caseload = caseload
        if self._reminded_startup:  # a refresh (an edit, a sync): the week follows the caseload
            self.load()

    def _unlocked_caseload_on_screen(self) -> None:
        self.timer.start()
        self.load(remind=True)

    def load(self, *, remind: bool = False) -> None:
        """Read the week again on the store worker. Asked again while a read is still waiting its
        turn (autosaves refresh the caseload every few seconds), no second one is queued: the
        waiting one reads after everything queued before it (a reminder asked meanwhile is kept)."""
        if self.window.session_vm.is_locked:
            return
        self._remind = self._remind or remind
        if self._waiting:
            return
        self._waiting = True
        session = self.workspace.session

        def read() -> WeekAhead:
            from fieldcase.services.week_ahead import load_week_ahead

            self._waiting = False  # from here on a new request needs a new read
            now, caseload = self.workspace.now(), self.caseload
            usable = caseload if caseload is not None and caseload.as_of == now.date() else None
            return load_week_ahead(session.store, today=now.date(), caseload=usable)

        self.window.session_vm.worker.run(read, on_done=self._loaded, on_error=self._failed)

    def _failed(self, err: Any) -> None:
        self._waiting = False
        self.window._show_error(error_words(err))

    def _loaded(self, week: WeekAhead) -> None:
        if self.window.session_vm.is_locked:
            return
        remind, self._remind = self._remind, False
        self.week = week
        self.view.show_week(week, self.window.names)
        if remind:
            self._reminded_startup = True
            self._last_tick = self.workspace.now()
            words = reminder_words(week)
            if words:
                self.window.status_line.show_message(
                    _("Week ahead: {what} ({shortcut})").format(
                        what=words,
                        shortcut=QKeySequence(SHORTCUT).toString(
                            QKeySequence.SequenceFormat.NativeText
                        ),
                    ),
                    60_000,
                )
        self.loaded.emit(week)

    def tick(self) -> None:
        """Once a minute: a new day reads the week again (and reminds); a task whose reminder
        time came since the last look is said on the status line (and to a screen reader)."""
        now = self.workspace.now()
        last, self._last_tick = self._last_tick, now
        if self.week is None or self.window.session_vm.is_locked:
            return
        if now.date() != self.week.as_of:
            self.load(remind=True)
            return
        for line in self.week.lines:
            at = line.item.remind_at
            if at is not None and (last is None or last < at) and at <= now:
                self.window.status_line.show_message(
                    _("Task due now: {action} ({case})").format(
                        action=line.item.values.get("action", ""), case=line.case_number
                    ),
                    120_000,
                )

    # acting -----------------------------------------------------------------------------------

    def show(self) -> None:
        if self.window.supervisor is not None:
            self.window.supervisor.tabs.setCurrentWidget(self.window.split)
        self.window.tabs.setCurrentWidget(self.view)
        self.view.table.setFocus()

    def open_item(self, item: AgendaItem) -> None:
        """Open the record the line belongs to: a visit or family visit in its form; a hearing, a
        plan or a task in its case-data form on its case; the case itself (its dates form for a
        plan or meeting coming due)."""
        # the kinds table, not domain.metadata: that loads serialization, which the store worker imports (test_startup)
        if item.record_kind in kinds.KIND_TABLE and kinds.of(item.record_kind).has_workflow:
            self.workspace.open_record(item.record_id)
            return
        action = item.action or ("" if item.record_kind == "case" else item.record_kind)
        # the case itself: the focus goes to its timeline (the week's table is hidden with its tab)
        self._pending = (item.case_id, action, "" if item.record_kind == "case" else item.record_id)
        self.window._show_case_tab = True
        self.workspace.open_case(item.case_id)

    def _case_loaded(self, detail: Any) -> None:
        pending, self._pending = self._pending, None
        if pending is None or pending[0] != detail.case_id:
            return
        if pending[1]:
            self.window.case_data.open(pending[1], pending[2], detail)
        else:
            self.window.case_view.timeline_table.setFocus()

    def add_task(self, case_id: str) -> None:
        detail = self.window.case_view.detail
        case_id = case_id or (detail.case_id if detail is not None else "")
        if not case_id:
            self.window._show_error(
                _("Choose a line of the week ahead, or open a child's case, to add a task to it.")
            )
            return
        self._pending = (case_id, "task", "")
        self.workspace.open_case(case_id)

    def mark_done(self, line: WeekAheadLine) -> None:
        session, today, user = (
            self.workspace.session,
            self.workspace.now().date(),
            self.workspace.user_id,
        )
        item = line.item

        def done() -> None:
            from fieldcase.domain.tasks import OpenTask
            from fieldcase.services import tasks

            if item.record_kind == "task":
                task = OpenTask(
                    item.case_id,
                    item.record_id,
                    "task",
                    item.values.get("action", ""),
                    item.owner,
                    item.due,
                    task_id=item.record_id,
                )
            else:  # a visit's follow-up row: found again by its place and words (the visit may have changed)
                found = [
                    t
                    for t in tasks.open_tasks_of_case(
                        session.store, case_id=item.case_id, today=today
                    )
                    if t.record_id == item.record_id and t.action == item.values.get("action")
                ]
                if not found:
                    return
                task = found[0]
            tasks.mark_done(session.store, task=task, on=today, user_id=user or None)

        def saved(_r: object) -> None:
            self.window.status_line.show_message(
                _("Task marked done; it reaches the server with the next sync."), 15000
            )
            self.window._record_changed()

        self.window.session_vm.worker.run(
            done, on_done=saved, on_error=lambda err: self.window._show_error(error_words(err))
        )

    def clear(self) -> None:
        self.timer.stop()
        self.week = self.caseload = self._pending = None
        self._reminded_startup = self._remind = self._waiting = False
        self.view.clear()
