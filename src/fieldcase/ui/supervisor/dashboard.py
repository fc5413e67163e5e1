"""The team dashboard: the team's headline, bar charts per caseworker (this month's visits;
entries in review), a table per caseworker and per child, and the drill-down to one child."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldcase.services.compliance import ChildDrillDown, TeamDashboard
from fieldcase.services.team import TeamVisitFigures
from fieldcase.ui import compliance_words
from fieldcase.ui.i18n import _
from fieldcase.ui.models import TableModel, format_date
from fieldcase.ui.supervisor.charts import Bar, BarChart, Segment
from fieldcase.ui.supervisor.models import MONTH_SYMBOL, ChildModel, WorkerModel, age_words


def _table(model, name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def drill_down_html(child: ChildDrillDown) -> str:
    parts = [
        f"<h3>{escape(child.child_name)} · {escape(child.case_number)}</h3>",
        f"<p>{escape(_('Caseworker'))}: {escape(child.worker_label)}<br>",
        escape(
            _(
                "Fiscal year {year}: visits in the child's residence in {done} of {months} months in care; {needed} needed."
            ).format(
                year=child.fiscal_year,
                done=child.residence_months,
                months=child.months_in_care,
                needed=child.residence_months_required,
            )
        ),
    ]
    if child.majority_at_risk:
        parts.append(" <b>⚠ " + escape(_("At risk of missing the in-residence majority.")) + "</b>")
    elif child.majority_met:
        parts.append(" ✔ " + escape(_("Majority met.")))
    parts.append("</p><h4>" + escape(_("Month by month")) + "</h4><table cellpadding='3'>")
    parts.append(
        "<tr><th align='left'>"
        + "</th><th align='left'>".join(
            escape(_(h)) for h in ("Month", "Visit", "In residence", "Privately")
        )
        + "</th></tr>"
    )
    for m in child.months:
        yes = lambda flag, m=m: escape(_("yes") if flag else _("no")) if m.visits else ""  # noqa: E731
        parts.append(
            f"<tr><td>{escape(m.label)}</td><td>{MONTH_SYMBOL[m.state]} {escape(_(m.words))}</td><td>{yes(m.seen_in_residence)}</td><td>{yes(m.seen_privately)}</td></tr>"
        )
    parts.append("</table>")
    if child.deadlines:
        parts.append("<h4>" + escape(_("Deadlines")) + "</h4><ul>")
        parts += [
            f"<li>{escape(_(d.what))}: {escape(_(d.words))} — {d.due.isoformat()}</li>"
            for d in child.deadlines
        ]
        parts.append("</ul>")
    if child.entries:
        parts.append("<h4>" + escape(_("Entries")) + "</h4><ul>")
        for e in child.entries:
            reason = (
                f" — “{escape(e.returned_reason)}”"
                if e.returned_reason and e.status == "returned"
                else ""
            )
            parts.append(
                f"<li>{escape(e.on or '')} {escape(_(e.kind.replace('_', ' ')))}: {escape(_(e.status))}{reason}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


def _percent(value: object) -> str:
    return "–" if value is None else f"{value}%"


def visit_figures_html(figures: TeamVisitFigures | None) -> str:
    """The federal caseworker-visit figures of the fiscal year so far (docs/visit-figures.md)."""
    if figures is None:
        return ""
    t = figures.team
    parts = [
        "<h3>"
        + escape(_("Federal visit figures, fiscal year {year}").format(year=figures.fiscal_year))
        + "</h3>",
    ]
    if t.expected == 0:
        parts.append(
            "<p>" + escape(_("No full month in care has ended yet this fiscal year.")) + "</p>"
        )
        return "".join(parts)
    reading = (
        _("full calendar months in care")
        if figures.month_reading == "full_calendar_months"
        else _("every month with a day in care")
    )
    parts.append(
        "<p>"
        + escape(
            _(
                "Visits made: {made} of {expected} ({percent}); in the child's residence: {home} of {made} ({home_percent})."
            ).format(
                made=t.made,
                expected=t.expected,
                percent=_percent(t.percent_made),
                home=t.in_residence,
                home_percent=_percent(t.percent_in_residence),
            )
        )
    )
    parts.append(
        "<br><small>"
        + escape(
            _(
                "Counted through {day}: {reading}, approved face-to-face visits, one a month per child (42 USC 624(f))."
            ).format(day=figures.counted_through.isoformat(), reading=reading)
        )
        + "</small></p>"
    )
    headers = (
        _("Caseworker"),
        _("Expected"),
        _("Made"),
        _("Made %"),
        _("In residence"),
        _("Residence %"),
    )
    parts.append(
        "<table cellpadding='3'><tr>"
        + "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
        + "</tr>"
    )
    for label, w in figures.caseworkers:
        cells = (
            label,
            str(w.expected),
            str(w.made),
            _percent(w.percent_made),
            str(w.in_residence),
            _percent(w.percent_in_residence),
        )
        parts.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in cells) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


class TeamDashboardView(QWidget):
    child_requested = Signal(str)  # child id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dashboard: TeamDashboard | None = None
        self.headline = QLabel(_("Loading the team…"))
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.visits_chart = BarChart(
            _("Monthly visits this month, per caseworker"),
            [
                Segment(_("Seen"), "#9fd3a8"),
                Segment(_("Due"), "#f3f3f3", Qt.BrushStyle.BDiagPattern),
                Segment(_("At risk or missed"), "#f7c873", Qt.BrushStyle.DiagCrossPattern),
            ],
        )
        self.review_chart = BarChart(
            _("Entries in review, per caseworker"),
            [
                Segment(_("Waiting for approval"), "#a9c7f0"),
                Segment(_("Returned"), "#f2b8b5", Qt.BrushStyle.Dense6Pattern),
            ],
        )
        self.federal = QLabel()
        self.federal.setWordWrap(True)
        self.federal.setTextFormat(Qt.TextFormat.RichText)
        self.federal.setAccessibleName(_("Federal visit figures"))
        self.federal.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.federal.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus
        )  # reachable with Tab: a screen reader reads it
        self.workers = WorkerModel(self)
        self.child_model = ChildModel(self)  # not `children`, which hid QObject.children()
        self.worker_table = _table(self.workers, _("Caseworkers"))
        self.child_table = _table(self.child_model, _("Children"))
        self.worker_label = QLabel(_("Case&workers"))
        self.worker_label.setBuddy(self.worker_table)
        # the team's tasks past their due day (services/team_tasks.py), oldest first
        self.tasks = TableModel(
            [
                (
                    "Overdue",
                    lambda t: (
                        _("1 day")
                        if t.days_overdue == 1
                        else _("{n} days").format(n=t.days_overdue)
                    ),
                ),
                ("Due", lambda t: format_date(t.due)),
                ("Caseworker", lambda t: t.worker_label),
                ("Case", lambda t: t.case_number),
                (
                    "Task",
                    lambda t: (
                        _("Ask the provider about the referral: {provider}").format(
                            provider=t.action
                        )
                        if t.record_kind == "referral"
                        else t.action
                    ),
                ),
            ],
            self,
        )
        self.task_table = _table(self.tasks, _("The team's overdue tasks"))
        self.task_label = QLabel(_("The team's overdue tasks"))
        self.task_label.setBuddy(self.task_table)
        self.child_label = QLabel(_("C&hildren (press Enter to see one child)"))
        self.child_label.setBuddy(self.child_table)
        self.detail_label = QLabel(_("Chil&d"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("Child compliance details"))
        self.detail_label.setBuddy(self.detail)
        self.detail.setHtml(escape(_("Choose a child to see the year month by month.")))

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.headline,
            self.federal,
            self.visits_chart,
            self.review_chart,
            self.worker_label,
            self.worker_table,
            self.task_label,
            self.task_table,
        ):
            top_layout.addWidget(widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(top)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        children_box = QWidget()
        cl = QVBoxLayout(children_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.child_label)
        cl.addWidget(self.child_table)
        detail_box = QWidget()
        dl = QVBoxLayout(detail_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.detail_label)
        dl.addWidget(self.detail)
        bottom.addWidget(children_box)
        bottom.addWidget(detail_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(scroll)
        split.addWidget(bottom)
        split.setChildrenCollapsible(False)
        split.setSizes([480, 380])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.child_table.activated.connect(self._activated)
        self.child_table.clicked.connect(self._activated)

    def show_dashboard(self, board: TeamDashboard) -> None:
        self.dashboard = board
        waiting = _("{n} entries waiting for approval").format(n=board.waiting)
        if board.oldest_waiting_hours is not None:
            waiting += _(", the oldest for {age}").format(age=age_words(board.oldest_waiting_hours))
        returned = _("{n} returned to caseworkers").format(n=board.returned)
        if board.overdue_tasks:  # the list is below the charts: the headline says there is one
            returned += "; " + (
                _("1 task overdue")
                if len(board.overdue_tasks) == 1
                else _("{count} tasks overdue").format(count=len(board.overdue_tasks))
            )
        headline, lines = compliance_words.summary(board.totals)
        self.headline.setText(
            f"<h2>{escape(_('My team'))} · {board.as_of.isoformat()}</h2><p><b>{escape(headline)}</b><br>"
            f"{escape(waiting)}; {escape(returned)}.</p>"
            + (
                "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"
                if lines
                else ""
            )
        )
        self.headline.setAccessibleName(headline)
        self.visits_chart.set_bars(
            [
                Bar(w.label, (w.seen, max(0, w.due - w.at_risk - w.missed), w.at_risk + w.missed))
                for w in board.workers
            ]
        )
        self.review_chart.set_bars([Bar(w.label, (w.waiting, w.returned)) for w in board.workers])
        self.federal.setText(visit_figures_html(board.visit_figures))
        self.workers.set_rows(board.workers)
        self.child_model.set_rows(board.children)
        self.tasks.set_rows(board.overdue_tasks)
        self.task_label.setText(
            _("The team's overdue tasks: {count}").format(count=len(board.overdue_tasks))
        )

    def _activated(self, index: QModelIndex) -> None:
        row = self.child_model.row_at(index.row())
        if row is not None:
            self.child_requested.emit(row.child_id)

    def show_child(self, child: ChildDrillDown) -> None:
        self.detail.setHtml(drill_down_html(child))
        self.detail.setAccessibleDescription(child.child_name)

    def clear(self) -> None:
        self.dashboard = None
        self.workers.clear()
        self.child_model.clear()
        self.tasks.clear()
        self.visits_chart.set_bars([])
        self.review_chart.set_bars([])
        self.detail.clear()
        self.headline.setText("")
        self.federal.setText("")
