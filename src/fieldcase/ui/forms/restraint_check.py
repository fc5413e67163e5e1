"""The car-seat check on a trip form: under each child passenger, the restraint the law recommends
for the child's age (on the trip's date), weight and height (domain/restraints.py, through
services/trips.restraint_prompt), and a problem in words when the restraint used is below it.
It follows every change to the date, the passenger, the kind, the restraint, the weight, the height."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLabel

from fieldcase.domain.restraints import Restraint
from fieldcase.services.trips import restraint_prompt
from fieldcase.ui.forms.editors import FormContext, UnreadableValue, enum_label
from fieldcase.ui.i18n import _

# the form's own types (RecordForm, FieldRow, RowsEditor) are not imported: the form makes this check


def _value(row: Any) -> Any:
    if row is None:
        return None
    try:
        return row.editor.get()
    except UnreadableValue:
        return None  # the field says how to write it; the check waits for a readable value


def _day(value: Any) -> date | None:
    """A date from a date field's value (the form keeps ISO text) or a case's birthday."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


class RestraintCheck:
    def __init__(self, form: Any, context: FormContext, *, today: date | None = None) -> None:
        self.form = form
        self.birthdays = dict(context.birthdays)
        self.today = today or date.today()
        self.passengers = form.rows["passengers"]
        self.labels: dict[int, QLabel] = {}  # id(frame) -> its check
        self.passengers.changed.connect(self.update)
        self.passengers.rebuilt.connect(self.update)
        if "trip_date" in form.fields:
            form.fields["trip_date"].editor.changed.connect(self.update)
        self.update()

    def update(self) -> None:
        on = _day(_value(self.form.fields.get("trip_date"))) or self.today
        for frame, fields, _remove in self.passengers.rows:
            label = self.labels.get(id(frame))
            if label is None or label.parent() is not frame:
                label = QLabel(frame)
                label.setWordWrap(True)
                layout = frame.layout()
                layout.insertWidget(layout.count() - 1, label)  # above the Remove button
                self.labels[id(frame)] = label
            words, problem = self.words(fields, on)
            label.setText(words)
            label.setAccessibleName(words)
            label.setStyleSheet("color: #a4262c; font-weight: 600;" if problem else "")
            label.setVisible(bool(words))

    def words(self, fields: dict[str, Any], on: date) -> tuple[str, bool]:
        if _value(fields.get("kind")) != "child":
            return "", False
        chosen = _value(fields.get("restraint"))
        prompt = restraint_prompt(
            date_of_birth=_day(self.birthdays.get(_value(fields.get("person_id")))),
            weight_lb=_value(fields.get("weight_lb")),
            height_in=_value(fields.get("height_in")),
            chosen=Restraint(chosen) if chosen else None,
            on=on,
        )
        recommended = enum_label(prompt.recommended.value)
        text = _("Recommended for this child: {restraint}.").format(restraint=recommended)
        if prompt.below_recommendation:
            # "Problem:" leads, so the message does not depend on its colour
            return text + "\n" + _("Problem: {message}").format(
                message=_(
                    "The restraint used gives less protection than the recommended {restraint}."
                ).format(restraint=recommended.lower())
            ), True
        return text, False
