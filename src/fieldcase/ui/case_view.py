"""The case view: the family at a glance, people, placements (restricted addresses behind a reason),
visitation plans and the timeline of visits, family visits and trips, with the actions to start one."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain import kinds
from fieldcase.ui.accessible_text import set_accessible_text
from fieldcase.ui.flow_layout import button_rows
from fieldcase.ui.i18n import _
from fieldcase.ui.models import TableModel, format_date
from fieldcase.ui.new_records import NEW_RECORDS, with_instrument

if TYPE_CHECKING:  # the case service and the forms (the record types under both) load with the first case, not the window
    from fieldcase.domain.case_plan_rules import FieldChange
    from fieldcase.services.case_plans import VersionLine
    from fieldcase.services.cases import (
        CaseDetail,
        HearingLine,
        PersonLine,
        PlacementLine,
        PlanLine,
        TimelineEntry,
    )


def enum_label(value: str) -> str:
    from fieldcase.ui.forms import editors

    return editors.enum_label(value)


def role_label(role: str) -> str:
    from fieldcase.ui.forms import editors

    return editors.role_label(role)


STATUS_TEXT = {
    "draft": "Draft",
    "submitted": "Submitted",
    "approved": "Approved",
    "returned": "Returned",
    "voided": "Voided",
}


def people_model(parent=None) -> TableModel[PersonLine]:
    return TableModel(
        [
            ("Name", lambda p: p.name),
            ("Role", lambda p: _(role_label(p.role))),
            ("Age", lambda p: "" if p.age is None else str(p.age)),
            ("Languages", lambda p: ", ".join(p.languages)),
            ("Phone", lambda p: p.phone or ""),
            ("Address", lambda p: _("Restricted") if p.address_restricted else (p.address or "")),
        ],
        parent,
    )


def placements_model(parent=None) -> TableModel[PlacementLine]:
    return TableModel(
        [
            ("Child", lambda p: p.child_name),
            ("Provider", lambda p: p.provider),
            ("Type", lambda p: enum_label(p.placement_type) if p.placement_type else ""),
            ("From", lambda p: format_date(p.starts_on)),
            ("Until", lambda p: format_date(p.ends_on) or (_("current") if p.current else "")),
            ("Address", lambda p: p.address or (_("Restricted") if p.address_restricted else "")),
        ],
        parent,
    )


def plans_model(parent=None) -> TableModel[PlanLine]:
    return TableModel(
        [
            ("Participants", lambda p: ", ".join(p.participants)),
            ("No contact", lambda p: ", ".join(p.excluded)),
            ("Frequency", lambda p: enum_label(p.frequency) if p.frequency else ""),
            (
                "Supervision",
                lambda p: enum_label(p.supervision_level) if p.supervision_level else "",
            ),
            ("Minutes", lambda p: str(p.duration_minutes or "")),
            ("From", lambda p: format_date(p.effective_from)),
        ],
        parent,
    )


def hearings_model(parent=None) -> TableModel[HearingLine]:
    return TableModel(
        [
            ("Date", lambda h: format_date(h.when)),
            ("Court", lambda h: h.court),
            ("Kind of hearing", lambda h: enum_label(h.hearing_type) if h.hearing_type else ""),
            ("What the court decided", lambda h: h.outcome or ""),
            ("Next hearing on", lambda h: format_date(h.next_hearing_on)),
        ],
        parent,
    )


def case_plans_model(parent=None) -> TableModel[VersionLine]:
    return TableModel(
        [
            ("Version", lambda v: str(v.version)),
            ("Date", lambda v: format_date(v.plan_date)),
            ("Status", lambda v: _(STATUS_TEXT.get(v.status.value, v.status.value))),
            (
                "Kind of plan",
                lambda v: (
                    _("6-month review")
                    if v.is_review
                    else _("Initial plan")
                    if v.version == 1
                    else _("Plan change")
                ),
            ),
            ("What changed", lambda v: plan_changes_words(v.changes)),
        ],
        parent,
    )


def plan_changes_words(changes: tuple[FieldChange, ...]) -> str:
    """What changed from the version before, in the form's words: a choice or a yes/no with its
    before and after, a narrative as "changed", the services and visits added and removed."""
    from fieldcase.ui.forms.case_plan_spec import CASE_PLAN
    from fieldcase.ui.forms.spec import Rows

    specs = {item.name: item for section in CASE_PLAN.sections for item in section.items}
    parts = []
    for change in changes:
        spec = specs.get(change.field)
        label = _(spec.label) if spec is not None else change.field
        if change.added or change.removed:
            words = [_("added {what}").format(what=w) for w in change.added] + [
                _("removed {what}").format(what=w) for w in change.removed
            ]
            parts.append(f"{label}: {'; '.join(words)}")
        elif isinstance(spec, Rows) or (
            spec is not None and spec.kind in ("multiline", "text", "people", "everyone")
        ):
            parts.append(_("{field}: changed").format(field=label))
        else:
            before, after = (_(v) if v else _("not set") for v in (change.before, change.after))
            parts.append(f"{label}: {before} → {after}")
    return " · ".join(parts)


def tasks_model(parent=None, *, names: dict[str, str] | None = None) -> TableModel:
    """The case's open tasks: a visit's follow-ups (Enter opens the visit) and tasks added (Enter
    opens the task); the week ahead shows those due this week."""
    return TableModel(
        [
            ("Due", lambda t: format_date(t.due) or _("No due date")),
            ("Task", lambda t: t.action),
            (
                "From",
                lambda t: _(kinds.title(t.record_kind)) if t.record_kind != "task" else _("Added"),
            ),
        ],
        parent,
    )


def timeline_model(parent=None) -> TableModel[TimelineEntry]:
    return TableModel(
        [
            ("Date", lambda t: format_date(t.on)),
            ("Record", lambda t: _(kinds.title(t.kind))),
            ("Status", lambda t: _(STATUS_TEXT.get(t.status or "", t.status or ""))),
            ("Children", lambda t: ", ".join(t.children)),
            ("Notes", _timeline_notes),
        ],
        parent,
    )


def _timeline_notes(t: TimelineEntry) -> str:
    """What happened (where, the outcome, a trip's purpose and miles), then what needs a look."""
    parts = [enum_label(t.happened)] if t.happened else []
    if t.miles is not None:
        parts.append(_("{miles} mi").format(miles=t.miles))
    if t.returned_reason:
        parts.append(_("Returned: {reason}").format(reason=t.returned_reason))
    if t.addenda:
        parts.append(
            _("1 addendum") if t.addenda == 1 else _("{count} addenda").format(count=t.addenda)
        )
    if t.attachments:
        parts.append(
            _("1 attachment")
            if len(t.attachments) == 1
            else _("{count} attachments").format(count=len(t.attachments))
        )
    return " · ".join(parts)


def _table(model: TableModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class CaseView(QWidget):
    new_record_requested = Signal(str, str)  # kind, case id
    clone_requested = Signal(str)  # case id
    record_opened = Signal(str)  # record id
    reveal_requested = Signal(str, str, str)  # record id, field, reason code
    #: a case-data form (case_data_actions.ACTIONS) and the record it is about ("" for a new one)
    case_data_requested = Signal(str, str)
    #: "Write the court report" for a hearing (its id)
    court_report_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CaseDetail | None = None
        column = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        column.addWidget(self.heading)
        self.new_buttons = {new.kind: QPushButton(new.text()) for new in NEW_RECORDS if new.button}
        self.new_visit = self.new_buttons["home_visit"]
        self.new_family_visit = self.new_buttons["visitation_entry"]
        self.new_trip = self.new_buttons["transport_trip"]
        self.clone_visit = QPushButton(_("New visit from &last one"))
        # the other kinds of record (plans, meetings, reports, contacts…) in one menu
        # no Alt letter: none is free in both languages (Tab reaches it; the Record menu has every
        # kind with letters of its own)
        self.other_records = QPushButton(_("Other records"))
        self.other_records_menu = QMenu(self.other_records)
        for new in NEW_RECORDS:
            if not new.button:
                action = self.other_records_menu.addAction(new.text())
                action.triggered.connect(lambda _c=False, k=new.kind: self._new(k))
        self.other_records.setMenu(self.other_records_menu)
        self.other_records.setVisible(bool(self.other_records_menu.actions()))
        # a few to a row: at large text one row squeezed the caseload beside the case
        column.addLayout(
            button_rows(
                (
                    self.new_visit,
                    self.clone_visit,
                    self.new_family_visit,
                    self.new_trip,
                    self.other_records,
                )
            )
        )
        # what the caseworker learns in the field: people, moves, court, plans, dates, an exit
        self.add_person = QPushButton(_("Add p&erson"))
        self.record_move = QPushButton(_("Record placement &change"))
        self.add_hearing = QPushButton(_("Add heari&ng"))
        self.add_plan = QPushButton(_("Add &visitation plan"))
        self.case_dates = QPushButton(_("Case &dates"))
        self.record_exit = QPushButton(_("E&xit from care"))
        # the goals change with the supervisor's approval of a proposal (services/goal_change.py)
        self.propose_goal = QPushButton(_("Propose &goal change"))
        self.add_task = QPushButton(_("Add tas&k"))  # the week ahead lists it (ui/week_ahead.py)
        self.case_data_buttons = {
            "person": self.add_person,
            "placement_change": self.record_move,
            "hearing": self.add_hearing,
            "visitation_plan": self.add_plan,
            "case_dates": self.case_dates,
            "exit": self.record_exit,
            "goal_change": self.propose_goal,
            "task": self.add_task,
        }
        for name, button in self.case_data_buttons.items():
            button.clicked.connect(lambda _c=False, a=name: self._case_data(a))
        column.addLayout(button_rows(self.case_data_buttons.values()))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Case details"))
        self.timeline = timeline_model(self)
        self.people = people_model(self)
        self.placements = placements_model(self)
        self.plans = plans_model(self)
        self.timeline_table = _table(self.timeline, _("Timeline"))
        self.people_table = _table(self.people, _("People"))
        self.placements_table = _table(self.placements, _("Placements"))
        self.plans_table = _table(self.plans, _("Visitation plans"))
        self.hearings = hearings_model(self)
        self.hearings_table = _table(self.hearings, _("Hearings"))
        self.tasks = tasks_model(self)
        self.tasks_table = _table(self.tasks, _("Open tasks"))
        placements_page = QWidget()
        placements_column = QVBoxLayout(placements_page)
        placements_column.addWidget(self.placements_table)
        self.reveal_button = QPushButton(_("Show restricted &address…"))
        self.reveal_button.setToolTip(
            _("You will be asked why; the reason is recorded in the audit log.")
        )
        placements_column.addWidget(self.reveal_button)
        self.tabs.addTab(self.timeline_table, _("Timeline"))
        people_page = QWidget()
        people_column = QVBoxLayout(people_page)
        people_column.addWidget(self.people_table)
        # a resource family's address: restricted for people as for placements (a reason, audited)
        self.reveal_person_button = QPushButton(_("Show restricted &address…"))
        self.reveal_person_button.setToolTip(
            _("You will be asked why; the reason is recorded in the audit log.")
        )
        people_column.addWidget(self.reveal_person_button)
        self.tabs.addTab(people_page, _("People"))
        self.tabs.addTab(placements_page, _("Placements"))
        self.tabs.addTab(self.plans_table, _("Visitation plans"))
        # the plan's versions with what changed, and its next step: version 1, the version being
        # written, or the 6-month review of the approved one (before the hearings, the last tab)
        self.case_plans = case_plans_model(self)
        self.case_plans_table = _table(self.case_plans, _("Case plans"))
        plans_page = QWidget()
        plans_column = QVBoxLayout(plans_page)
        plans_column.addWidget(self.case_plans_table)
        self.case_plan = QPushButton(_("New c&ase plan"))
        plans_column.addWidget(self.case_plan)
        self.case_plan.clicked.connect(lambda: self._new("case_plan"))
        self.case_plans_table.activated.connect(self._open_plan)
        self.tabs.addTab(plans_page, _("Case plans"))
        self.tabs.addTab(self.tasks_table, _("Tasks"))
        hearings_page = QWidget()
        hearings_column = QVBoxLayout(hearings_page)
        hearings_column.addWidget(self.hearings_table)
        # the report for the hearing chosen in the list (else the next one), composed from the record
        self.court_report_button = QPushButton(_("Write the co&urt report"))
        self.court_report_button.setToolTip(
            _(
                "For the hearing chosen in the list (or the next one): composed from the approved "
                "records since the last hearing, with your assessment and recommendations."
            )
        )
        hearings_column.addWidget(self.court_report_button)
        self.court_report_button.clicked.connect(self._court_report)
        self.tabs.addTab(hearings_page, _("Hearings"))
        column.addWidget(self.tabs, 1)
        for kind, button in self.new_buttons.items():
            button.clicked.connect(lambda _c=False, k=kind: self._new(k))
        self.clone_visit.clicked.connect(
            lambda: self.detail and self.clone_requested.emit(self.detail.case_id)
        )
        self.timeline_table.activated.connect(self._open)
        self.people_table.activated.connect(
            lambda index: self._edit_row(self.people, index, "person")
        )
        self.plans_table.activated.connect(
            lambda index: self._edit_row(self.plans, index, "visitation_plan")
        )
        self.hearings_table.activated.connect(
            lambda index: self._edit_row(self.hearings, index, "hearing")
        )
        self.tasks_table.activated.connect(self._open_task)
        self.reveal_button.clicked.connect(
            lambda: self._reveal(self.placements_table, self.placements)
        )
        self.reveal_person_button.clicked.connect(
            lambda: self._reveal(self.people_table, self.people)
        )
        self.heading.setText(_("Choose a child on the left to open the case (Ctrl+F finds one)."))
        self._set_actions_enabled(False)

    def _set_actions_enabled(self, enabled: bool) -> None:
        for widget in (
            *self.new_buttons.values(),
            self.clone_visit,
            self.other_records,
            self.tabs,
            *self.case_data_buttons.values(),
        ):
            widget.setEnabled(enabled)

    def _case_data(self, action: str) -> None:
        if self.detail is None:
            return
        record_id = ""
        if action == "placement_change":  # the child of the placement chosen in the list, if any
            index = self.placements_table.currentIndex()
            chosen = self.placements.row_at(index.row()) if index.isValid() else None
            record_id = chosen.child_id if chosen is not None else ""
        self.case_data_requested.emit(action, record_id)

    def _edit_row(self, model: TableModel, index: QModelIndex, action: str) -> None:
        row = model.row_at(index.row())
        if row is not None:
            self.case_data_requested.emit(action, row.id)

    def chosen_hearing(self) -> str | None:
        """The hearing chosen in the list, else the next one to come, else the latest."""
        index = self.hearings_table.currentIndex()
        row = self.hearings.row_at(index.row()) if index.isValid() else None
        if row is not None:
            return row.id
        dated = [
            (r.when, r)
            for r in (self.hearings.row_at(i) for i in range(self.hearings.rowCount()))
            if r is not None and r.when is not None
        ]
        if not dated:
            return None
        now = datetime.now().astimezone()
        coming = sorted(((when, r) for when, r in dated if when >= now), key=lambda pair: pair[0])
        return (coming[0] if coming else max(dated, key=lambda pair: pair[0]))[1].id

    def _court_report(self) -> None:
        hearing_id = self.chosen_hearing()
        if hearing_id is not None:
            self.court_report_requested.emit(hearing_id)

    def _new(self, kind: str) -> None:
        if self.detail is not None and (chosen := with_instrument(self, kind)):
            self.new_record_requested.emit(chosen, self.detail.case_id)

    def _open_plan(self, index: QModelIndex) -> None:
        line = self.case_plans.row_at(index.row())
        if line is not None:
            self.record_opened.emit(line.record_id)

    def _open(self, index: QModelIndex) -> None:
        entry = self.timeline.row_at(index.row())
        if entry is not None and entry.kind == "goal_change":
            if entry.status in (
                "draft",
                "submitted",
                "returned",
            ):  # its own form, which continues the open proposal
                self.case_data_requested.emit("goal_change", "")
        elif entry is not None:
            self.record_opened.emit(entry.record_id)

    def _open_task(self, index: QModelIndex) -> None:
        task = self.tasks.row_at(index.row())
        if task is not None and task.record_kind == "task":
            self.case_data_requested.emit("task", task.record_id)
        elif task is not None:  # a follow-up row: the visit it was written in
            self.record_opened.emit(task.record_id)

    def show_case(self, detail: CaseDetail) -> None:
        self.detail = detail
        self._set_actions_enabled(True)
        goal = enum_label(detail.permanency_goal) if detail.permanency_goal else _("not set")
        concurrent = enum_label(detail.concurrent_goal) if detail.concurrent_goal else _("none")
        lines = [
            f"<h2>{_('Case {number}').format(number=detail.case_number)}</h2>",
            _("{county} · {office} · Goal: {goal} · Concurrent goal: {concurrent}").format(
                county=detail.county, office=detail.office, goal=goal, concurrent=concurrent
            ),
            _("Next court date: {when} · Case plan due: {due}").format(
                when=format_date(detail.next_court) or _("none set"),
                due=format_date(detail.case_plan_due) or _("none set"),
            ),
        ]
        self.heading.setText("<br>".join(lines))
        set_accessible_text(self.heading, self.heading.text())  # words, never "<h2>"
        self.timeline.set_rows(detail.timeline)
        self.people.set_rows(detail.people)
        self.placements.set_rows(detail.placements)
        self.plans.set_rows(detail.plans)
        self.hearings.set_rows(detail.hearings)
        self.case_plans.set_rows(detail.case_plans)
        if detail.case_plan_unfinished:
            self.case_plan.setText(_("C&ase plan draft"))
        elif any(line.status.value == "approved" for line in detail.case_plans):
            self.case_plan.setText(_("St&art plan review"))
        else:
            self.case_plan.setText(_("New c&ase plan"))
        self.tasks.set_rows(detail.tasks)
        self.court_report_button.setEnabled(bool(detail.hearings))

    def show_revealed(self, record_id: str, address: str) -> None:
        """Show a restricted address the caseworker asked for (placement or person), on screen only."""
        if self.detail is None:
            return
        from fieldcase.services.cases import PersonLine, PlacementLine

        self.placements.set_rows(
            [
                PlacementLine(**{**p.__dict__, "address": address}) if p.id == record_id else p
                for p in self.detail.placements
            ]
        )
        self.people.set_rows(
            [
                PersonLine(**{**p.__dict__, "address": address, "address_restricted": False})
                if p.id == record_id
                else p
                for p in self.detail.people
            ]
        )

    def _reveal(self, table: QTableView, model: TableModel) -> None:
        index = table.currentIndex()
        row = model.row_at(index.row()) if index.isValid() else None
        if row is None:
            row = next(
                (
                    r
                    for r in (model.row_at(i) for i in range(model.rowCount()))
                    if r is not None and r.address_restricted
                ),
                None,
            )
        if row is None or not row.address_restricted:
            return
        from fieldcase.services.cases import RevealReason

        labels = {r.value: enum_label(r.value) for r in RevealReason}
        choice, ok = QInputDialog.getItem(
            self,
            _("Why do you need this address?"),
            _("Reason (recorded in the audit log):"),
            list(labels.values()),
            0,
            False,
        )
        if ok:
            code = next(k for k, v in labels.items() if v == choice)
            self.reveal_requested.emit(row.id, "address", code)

    def clear(self) -> None:
        self.detail = None
        self.heading.clear()
        self.heading.setAccessibleName("")
        for model in (
            self.timeline,
            self.people,
            self.placements,
            self.plans,
            self.hearings,
            self.case_plans,
            self.tasks,
        ):
            model.clear()
        self.heading.setText(_("Choose a child on the left to open the case (Ctrl+F finds one)."))
        self._set_actions_enabled(False)
