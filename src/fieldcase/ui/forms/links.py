"""The link between a trip and the family visit it served (TransportTrip.linked_record_id; the
family visit's "linked transport trips"), on both forms:

- the trip form offers, once its purpose is "Family visit", the family visits of the trip's day in
  this case, in a combo that follows the trip's date and purpose as they are edited;
- the family-visit form lists the trips that served it, each with a button that opens the trip.

The link is kept on the trip (one record, one writer): the family visit finds its trips by it, and
by its own `trip_ids` when they came with the entry.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from fieldcase.domain.transport_trips import TripPurpose
from fieldcase.ui.forms.editors import Editor, FormContext
from fieldcase.ui.forms.spec import Field
from fieldcase.ui.i18n import _
from fieldcase.ui.widgets import ChoiceCombo

FAMILY_VISIT = TripPurpose.FAMILY_VISIT.value


class LinkedVisitEditor(Editor):
    """The trip's `linked_record_id`, chosen among the case's family visits of the trip's day."""

    widget: ChoiceCombo  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field, context: FormContext) -> None:
        # the wheel guard (ui/wheel_guard.py) keeps the mouse wheel off it unless it has the focus
        super().__init__(spec, ChoiceCombo([], empty=_("— none —")))
        self.visits = tuple(context.family_visits)
        self.day: str | None = None
        self.purpose: str | None = None
        self._read_only = False
        self.widget.changed.connect(self.changed.emit)
        self._refresh()

    # -- the form's other fields this one follows

    def bind(self, form: Any) -> None:
        date_editor, purpose_editor = form.editor("trip_date"), form.editor("purpose")
        date_editor.changed.connect(
            lambda: self.follow(day=date_editor.get(), purpose=purpose_editor.get())
        )
        purpose_editor.changed.connect(
            lambda: self.follow(day=date_editor.get(), purpose=purpose_editor.get(), by_person=True)
        )

    def record_loaded(self, body: dict[str, Any]) -> None:
        self.day, self.purpose = body.get("trip_date"), body.get("purpose")

    def follow(self, *, day: str | None, purpose: str | None, by_person: bool = False) -> None:
        left_family_visit = by_person and self.purpose == FAMILY_VISIT and purpose != FAMILY_VISIT
        self.day, self.purpose = day, purpose
        value = self.get()
        if left_family_visit and value in {v[0] for v in self.visits}:
            value = None  # a trip for court or therapy does not serve that family visit any more
            self._refresh(value)
            self.changed.emit()
            return
        self._refresh(value)

    # -- Editor

    def get(self) -> Any:
        return self.widget.value()

    def set(self, value: Any) -> None:
        self._refresh(value)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._enable()

    def _refresh(self, value: Any = None) -> None:
        combo = self.widget
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for visit_id, day, label in self.visits:
            if day == self.day:
                combo.addItem(label, visit_id)
        if value is not None and combo.findData(value) < 0:
            known = {v[0]: v[2] for v in self.visits}
            combo.addItem(
                known.get(value, _("(a record not on this laptop)")), value
            )  # never drop a link
        combo.set_value(value)
        combo.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        offered = self.purpose == FAMILY_VISIT
        self.widget.setEnabled(offered and not self._read_only)
        if not offered:
            self.widget.setToolTip(_("Choose the purpose “Family visit” first."))
        elif self.widget.count() == 1:
            self.widget.setToolTip(_("No family visit of this case on the trip's date."))
        else:
            self.widget.setToolTip("")


class LinkedTripsEditor(Editor):
    """The trips that served this family visit, each opened by its button. Read only: the link is
    set on the trip. `get` gives back the entry's own `trip_ids` unchanged."""

    open_requested = Signal(str)  # trip id

    def __init__(self, spec: Field, context: FormContext) -> None:
        box = QWidget()
        self.column = QVBoxLayout(box)
        self.column.setContentsMargins(0, 0, 0, 0)
        super().__init__(spec, box)
        self.trips = tuple(context.trips)
        self.value: list[str] = []
        self.record_id: str | None = None
        self.buttons: list[QPushButton] = []
        self.empty = QLabel(
            _("No trip is linked to this family visit yet. Link one from the trip's form.")
        )
        self.empty.setWordWrap(True)
        self.column.addWidget(self.empty)

    def record_loaded(self, body: dict[str, Any]) -> None:
        self.record_id = body.get("id")

    def get(self) -> Any:
        return list(self.value)

    def set(self, value: Any) -> None:
        self.value = list(value or ())
        self._rebuild()

    def set_read_only(self, read_only: bool) -> None:
        pass  # opening a trip is reading: the buttons stay

    def linked(self) -> list[tuple[str, str]]:
        """(trip id, words) of every trip that served this visit, by the trip's link or the entry's list."""
        found = [
            (t[0], t[3])
            for t in self.trips
            if (self.record_id and t[2] == self.record_id) or t[0] in self.value
        ]
        named = {t[0] for t in found}
        found += [
            (trip_id, _("A trip not on this laptop"))
            for trip_id in self.value
            if trip_id not in named
        ]
        return found

    def _rebuild(self) -> None:
        for button in self.buttons:
            button.setParent(None)
            button.deleteLater()
        self.buttons = []
        trips = self.linked()
        self.empty.setVisible(not trips)
        known = {t[0] for t in self.trips}
        for trip_id, words in trips:
            button = QPushButton(_("Open trip: {trip}").format(trip=words))
            button.setAccessibleName(button.text())
            button.setEnabled(trip_id in known)
            button.clicked.connect(lambda _c=False, t=trip_id: self.open_requested.emit(t))
            self.column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.buttons.append(button)
        if self.buttons:
            self.widget.setFocusProxy(self.buttons[0])


#: the field kinds this module's editors are for (the form makes them: editors.py must not import this module back)
LINK_KINDS = ("family_visit", "trips")


def make_link_editor(spec: Field, context: FormContext) -> Editor:
    return (
        LinkedVisitEditor(spec, context)
        if spec.kind == "family_visit"
        else LinkedTripsEditor(spec, context)
    )
