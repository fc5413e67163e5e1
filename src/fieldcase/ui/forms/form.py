"""The form engine: builds a scrollable, labelled form from a `FormSpec`, reads and writes the
record's dict form, and shows each problem next to its field (and in words, never colour alone)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain.problems import Problem
from fieldcase.ui import tab_order, wheel_guard
from fieldcase.ui.forms.court_report_editors import COURT_REPORT_KINDS, make_court_report_editor
from fieldcase.ui.forms.editors import Editor, FormContext, UnreadableValue, make_editor
from fieldcase.ui.forms.links import LINK_KINDS, make_link_editor
from fieldcase.ui.forms.ratings_editor import make_instrument_editor
from fieldcase.ui.forms.spec import Field, FormSpec, Rows
from fieldcase.ui.i18n import _, problem_words
from fieldcase.ui.widgets import labelled

INSTRUMENT_KINDS = ("ratings", "instrument")
_PATH = re.compile(r"^(?P<name>\w+)(?:\[(?P<index>\d+)\](?:\.(?P<sub>\w+))?)?")


def narrow_rows_wrap(layout: QFormLayout) -> None:
    """A field that does not fit beside its label (large text, a narrow window) goes under it,
    whole, instead of being squeezed: a date showed "2026-12-" at 150 %."""
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a4262c; font-weight: 600;")
    label.hide()
    return label


def _show_error(label: QLabel, messages: list[str]) -> None:
    if messages:
        # "Problem:" leads, so the message does not depend on its red colour
        label.setText("\n".join(_("Problem: {message}").format(message=m) for m in messages))
        label.show()
    else:
        label.clear()
        label.hide()


class FieldRow:
    def __init__(self, spec: Field, context: FormContext, layout: QFormLayout) -> None:
        self.spec = spec
        if spec.kind in LINK_KINDS:
            self.editor: Editor = make_link_editor(spec, context)
        elif spec.kind in INSTRUMENT_KINDS:  # an assessment's items, made from its instrument
            self.editor = make_instrument_editor(spec, context)
        elif spec.kind in COURT_REPORT_KINDS:
            self.editor = make_court_report_editor(spec, context)
        else:
            self.editor = make_editor(spec, context)
        if spec.kind == "check":
            self.editor.widget.setAccessibleName(_(spec.label))
            layout.addRow("", self.editor.widget)
        elif (
            spec.kind == "ratings"
        ):  # an assessment's items, the width of the page (its section names it)
            self.editor.widget.setAccessibleName(_(spec.label))
            self.editor.widget.setAccessibleDescription(_(spec.hint) if spec.hint else "")
            layout.addRow(self.editor.widget)
        else:
            labelled(
                layout, _(spec.label), self.editor.widget, hint=_(spec.hint) if spec.hint else None
            )
        self.error = _error_label()
        layout.addRow("", self.error)
        self.layout = layout
        self.shown = True
        self.set_read_only(False)

    def set_shown(self, shown: bool) -> None:
        """Show or hide the whole row (label, field, its problem) when the field does (not) apply."""
        if shown == self.shown:
            return
        self.shown = shown
        self.layout.setRowVisible(self.editor.widget, shown)
        self.layout.setRowVisible(self.error, shown and bool(self.error.text()))

    def set_read_only(self, read_only: bool) -> None:
        self.editor.set_read_only(read_only or self.spec.read_only)

    def show_problems(self, messages: list[str]) -> None:
        _show_error(self.error, messages)
        if not self.shown:
            self.error.hide()
        self.editor.widget.setAccessibleDescription(
            " ".join(messages) or (_(self.spec.hint) if self.spec.hint else "")
        )


class RowsEditor(QGroupBox):
    changed = Signal()
    #: rows were added or taken away (the form puts its Tab order right again)
    rebuilt = Signal()

    def __init__(self, spec: Rows, context: FormContext) -> None:
        super().__init__(_(spec.label))
        self.spec = spec
        self.context = context
        self.setAccessibleName(_(spec.label))
        self.rows: list[tuple[QFrame, dict[str, FieldRow], QPushButton]] = []
        self.layout_ = QVBoxLayout(self)
        self.error = _error_label()
        self.layout_.addWidget(self.error)
        self.add_button = QPushButton(_("Add {item}").format(item=_(spec.item).lower()))
        self.add_button.setAccessibleName(_("Add {item}").format(item=_(spec.item).lower()))
        self.add_button.clicked.connect(self._add_clicked)
        self._extra: list[dict[str, Any]] = []
        self.layout_.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._read_only = False

    def _add_clicked(self) -> None:
        self._append(dict(self.spec.new_row))
        first = next(iter(self.rows[-1][1].values()))
        first.editor.widget.setFocus()
        self.changed.emit()

    def _append(self, data: dict[str, Any]) -> None:
        index = len(self.rows)
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setAccessibleName(_("{item} {n}").format(item=_(self.spec.item), n=index + 1))
        outer = QVBoxLayout(frame)
        title = QLabel(f"<b>{_('{item} {n}').format(item=_(self.spec.item), n=index + 1)}</b>")
        outer.addWidget(title)
        form = QFormLayout()
        narrow_rows_wrap(form)
        outer.addLayout(form)
        fields = {}
        for field in self.spec.fields:
            row = FieldRow(field, self.context, form)
            row.editor.set(data.get(field.name))
            row.editor.changed.connect(self.changed.emit)
            row.set_read_only(self._read_only)
            fields[field.name] = row
        remove = QPushButton(
            _("Remove {item} {n}").format(item=_(self.spec.item).lower(), n=index + 1)
        )
        remove.setAccessibleName(remove.text())
        remove.clicked.connect(lambda _c=False, f=frame: self._remove(f))
        remove.setEnabled(not self._read_only)
        outer.addWidget(remove, 0, Qt.AlignmentFlag.AlignRight)
        self.layout_.insertWidget(self.layout_.count() - 1, frame)
        self.rows.append((frame, fields, remove))
        self._extra.append({k: v for k, v in data.items() if k not in fields})
        self.rebuilt.emit()

    def _remove(self, frame: QFrame) -> None:
        try:
            values = self.get()
        except UnreadableValue:
            return  # fix the value first; removing now would lose what was typed elsewhere
        index = [f for f, _x, _y in self.rows].index(frame)
        del values[index]
        self.set(values)
        self.changed.emit()
        self.add_button.setFocus()

    def label_of(self, field: str) -> str:
        """The label of one of the rows' fields, in the reader's language."""
        return next((_(f.label) for f in self.spec.fields if f.name == field), field)

    def get(self) -> list[dict[str, Any]]:
        out = []
        for (_frame, fields, _remove), extra in zip(self.rows, self._extra, strict=True):
            row = dict(extra)
            for name, field_row in fields.items():
                row[name] = field_row.editor.get()
            out.append(row)
        return out

    def set(self, value: list[dict[str, Any]] | None) -> None:
        for frame, _fields, _remove in self.rows:
            frame.setParent(None)
            frame.deleteLater()
        self.rows = []
        self._extra = []
        for data in value or ():
            self._append(data)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setEnabled(not read_only)
        for _frame, fields, remove in self.rows:
            remove.setEnabled(not read_only)
            for row in fields.values():
                row.set_read_only(read_only)

    def show_problems(self, own: list[str], per_row: dict[tuple[int, str], list[str]]) -> None:
        _show_error(self.error, own)
        for i, (_frame, fields, _remove) in enumerate(self.rows):
            for name, row in fields.items():
                row.show_problems(per_row.get((i, name), []))


class RecordForm(QScrollArea):
    """The whole form. `edited` fires on every change a person makes (not on `load`)."""

    edited = Signal()
    #: a linked record asked to be opened (a family visit's trip)
    open_record = Signal(str)

    def __init__(self, spec: FormSpec, context: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        assert isinstance(
            app, QApplication
        )  # a form is a widget: the application is a QApplication
        wheel_guard.install(app)  # a wheel over the form scrolls it (ui/wheel_guard.py)
        self.spec = spec
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # the scroll area takes focus only on its way to a field; named, so it is never read as nothing
        self.setAccessibleName(_(spec.title))
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.fields: dict[str, FieldRow] = {}
        self.rows: dict[str, RowsEditor] = {}
        self._loading = False
        for section in spec.sections:
            box = QGroupBox(_(section.title))
            box.setAccessibleName(_(section.title))
            layout = QFormLayout(box)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            narrow_rows_wrap(layout)
            for item in section.items:
                if isinstance(item, Rows):
                    editor = RowsEditor(item, context)
                    editor.changed.connect(self._changed)
                    editor.rebuilt.connect(self._order_tabs)
                    layout.addRow(editor)
                    self.rows[item.name] = editor
                else:
                    row = FieldRow(item, context, layout)
                    row.editor.changed.connect(self._changed)
                    row.editor.changed.connect(self._apply_hidden_when)
                    self.fields[item.name] = row
            column.addWidget(box)
        column.addStretch(1)
        self.setWidget(inner)
        self._base: dict[str, Any] = {}
        # editors that follow other fields (a trip's family visit follows its date and purpose) or
        # open linked records
        for row in self.fields.values():
            if hasattr(row.editor, "bind"):
                row.editor.bind(self)
            if hasattr(row.editor, "open_requested"):
                row.editor.open_requested.connect(self.open_record.emit)
        if "passengers" in self.rows:  # a trip: the car-seat check under each child passenger
            from fieldcase.ui.forms.restraint_check import RestraintCheck

            self.restraint_check = RestraintCheck(self, context)
        self._order_tabs()

    def _order_tabs(self) -> None:
        tab_order.follow_the_layout(self)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def load(self, body: dict[str, Any]) -> None:
        self._loading = True
        try:
            self._base = dict(body)
            for row in self.fields.values():
                if hasattr(row.editor, "record_loaded"):
                    row.editor.record_loaded(body)
            for name, row in self.fields.items():
                row.editor.set(body.get(name))
            for name, rows in self.rows.items():
                rows.set(body.get(name))
        finally:
            self._loading = False
        self._apply_hidden_when()

    def _apply_hidden_when(self) -> None:
        for row in self.fields.values():
            rule = row.spec.hidden_when
            if rule is not None and rule[0] in self.fields:
                row.set_shown(self.fields[rule[0]].editor.get() not in rule[1])

    def values(self) -> tuple[dict[str, Any], list[Problem]]:
        """The record's dict as typed, and problems with values that cannot be read (not a number)."""
        body = dict(self._base)
        unreadable: list[Problem] = []
        for name, row in self.fields.items():
            try:
                body[name] = row.editor.get()
            except UnreadableValue as err:
                unreadable.append(Problem(name, err.advice(_(row.spec.label))))
        for name, rows in self.rows.items():
            try:
                body[name] = rows.get()
            except UnreadableValue as err:
                unreadable.append(Problem(name, err.advice(rows.label_of(err.field))))
        return body, unreadable

    def set_read_only(self, read_only: bool) -> None:
        for row in self.fields.values():
            row.set_read_only(read_only)
        for rows in self.rows.values():
            rows.set_read_only(read_only)

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        """Put each message beside its field; returns those that match no field (shown in the summary)."""
        own: dict[str, list[str]] = {}
        row_level: dict[str, list[str]] = {}
        per_row: dict[str, dict[tuple[int, str], list[str]]] = {}
        unplaced = []
        per_item: dict[str, list[tuple[int, str]]] = {}
        for problem in problems:
            match = _PATH.match(problem.field)
            name = match.group("name") if match else problem.field
            if name in self.fields:
                own.setdefault(name, []).append(problem_words(problem))
                if (
                    match and match.group("index") is not None
                ):  # an item of a list the editor draws itself (an assessment's items)
                    per_item.setdefault(name, []).append(
                        (int(match.group("index")), problem_words(problem))
                    )
            elif name in self.rows:
                if match and match.group("index") is not None and match.group("sub"):
                    key = (int(match.group("index")), match.group("sub"))
                    per_row.setdefault(name, {}).setdefault(key, []).append(problem_words(problem))
                else:
                    row_level.setdefault(name, []).append(problem_words(problem))
            else:
                unplaced.append(problem)
        for name, row in self.fields.items():
            row.show_problems(own.get(name, []))
            if hasattr(row.editor, "show_item_problems"):
                row.editor.show_item_problems(per_item.get(name, []))
        for name, rows in self.rows.items():
            rows.show_problems(row_level.get(name, []), per_row.get(name, {}))
        return unplaced

    def editor(self, name: str) -> Editor:
        return self.fields[name].editor

    def _rows_in_order(self) -> list[FieldRow]:
        """Every field row, the rows of the per-child lists included, in the order on the page."""
        ordered: list[FieldRow] = []
        for section in self.spec.sections:
            for item in section.items:
                if isinstance(item, Rows):
                    for _frame, fields, _remove in self.rows[item.name].rows:
                        ordered.extend(fields.values())
                else:
                    ordered.append(self.fields[item.name])
        return ordered

    def focus_first_field(self) -> None:
        """Keyboard focus on the first field a person can fill in (not on the scroll area itself)."""
        for row in self._rows_in_order():
            if row.spec.read_only:
                continue  # filled in by the app (the court report's hearing and period): nothing to type there
            widget = row.editor.widget
            target = (
                widget.focusProxy() or widget
            )  # a date field's container hands focus to its edit
            if widget.isEnabled() and target.focusPolicy() != Qt.FocusPolicy.NoFocus:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def focus_first_problem(self) -> QWidget | None:
        """Move focus to the first field on the page showing a problem (after show_problems) and
        scroll it into view; a list's own problem (no child yet) focuses its Add button."""
        for section in self.spec.sections:
            for item in section.items:
                if isinstance(item, Rows):
                    editor = self.rows[item.name]
                    if not editor.error.isHidden():
                        return self._focus(editor.add_button)
                    for _frame, fields, _remove in editor.rows:
                        for row in fields.values():
                            if not row.error.isHidden():
                                return self._focus(row.editor.widget)
                elif not self.fields[item.name].error.isHidden():
                    field_editor = self.fields[item.name].editor
                    # an editor of many items (an assessment's) hands over the first item with a problem
                    return self._focus(
                        getattr(field_editor, "first_problem", None) or field_editor.widget
                    )
        return None

    def _focus(self, widget: QWidget) -> QWidget:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(widget)
        return widget
