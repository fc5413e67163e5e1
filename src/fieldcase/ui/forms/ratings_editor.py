"""An assessment's items, made from its instrument (domain/instruments.py): per domain a group, per
item its text and a choice of the scale's ratings with their anchors as words ("2 — Needs help to do
it"), and a short note. A rating at or above the instrument's actionable rating says so in words
beside the choice ("Actionable: a need for the case plan"), never by colour alone.

The record keeps only item ids, ratings and notes; the texts come from the instrument on this
laptop, in the caseworker's language. A rating of an item the instrument on this laptop does not
have is kept as it is (never dropped), and an instrument the laptop lacks is said in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain.instruments import Instrument, find
from fieldcase.ui import tab_order
from fieldcase.ui.forms.editors import Editor, FormContext
from fieldcase.ui.forms.spec_types import Field
from fieldcase.ui.i18n import _
from fieldcase.ui.widgets import ChoiceCombo, FieldLabel


class InstrumentEditor(Editor):
    """The instrument's name and version, shown (chosen when the assessment was started)."""

    widget: QLineEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field, context: FormContext) -> None:
        super().__init__(spec, QLineEdit())
        self.context = context
        self.value: str | None = None
        self.version: str | None = None

    def record_loaded(self, body: dict[str, Any]) -> None:
        self.version = body.get("instrument_version") or None

    def get(self) -> Any:
        return self.value

    def set(self, value: Any) -> None:
        self.value = value or None
        instrument = find(self.context.instruments, value, self.version) if value else None
        if instrument is not None:
            self.widget.setText(
                _("{name}, version {version}").format(
                    name=instrument.name.in_language(self.context.language),
                    version=instrument.version,
                )
            )
        elif value:
            self.widget.setText(
                _("{id}, version {version} (not on this laptop)").format(
                    id=value, version=self.version or "?"
                )
            )
        else:
            self.widget.setText("")
        # shown, never typed: wide enough to show the name whole (the form wraps the row if need be)
        self.widget.setMinimumWidth(
            self.widget.fontMetrics().horizontalAdvance(self.widget.text()) + 16
        )


class ItemRow:
    def __init__(
        self,
        number: int,
        item: Any,
        instrument: Instrument,
        language: str,
        layout: QFormLayout,
        on_change: Any,
    ) -> None:
        self.item_id = item.id
        self.instrument = instrument
        text = f"{number}. {item.text.in_language(language)}"
        self.choice = ChoiceCombo(
            [(a.rating, f"{a.rating} — {a.label.in_language(language)}") for a in instrument.scale],
            empty=_("— not rated —"),
        )
        self.choice.setAccessibleName(text)
        anchors = "; ".join(
            f"{a.rating}: {a.label.in_language(language)}"
            + (f" ({a.description.in_language(language)})" if a.description else "")
            for a in instrument.scale
        )
        self.anchors = anchors
        self.problem: str | None = None
        self.choice.setAccessibleDescription(anchors)
        self.choice.setToolTip(anchors)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("optional"))
        self.note.setAccessibleName(_("Note on item {number}").format(number=number))
        self.actionable = QLabel()
        self.actionable.setWordWrap(True)
        cell = QWidget()
        row = QVBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        line = QHBoxLayout()
        note_label = QLabel(_("Note:"))
        note_label.setBuddy(self.note)
        line.addWidget(self.choice, 2)
        line.addWidget(note_label)
        line.addWidget(self.note, 3)
        row.addLayout(line)
        row.addWidget(self.actionable)
        label = FieldLabel(text)
        label.setWordWrap(True)
        label.setBuddy(self.choice)
        layout.addRow(label, cell)
        self.choice.changed.connect(self._mark)
        self.choice.changed.connect(on_change)
        self.note.textEdited.connect(lambda _t: on_change())
        self._mark()

    def _mark(self) -> None:
        self.problem = None if self.choice.value() is not None else getattr(self, "problem", None)
        rating = self.choice.value()  # one of the scale's ratings (whole numbers), or None
        actionable = self.instrument.is_actionable(rating if isinstance(rating, int) else None)
        lines = [_("Actionable: a need for the case plan")] if actionable else []
        if self.problem:
            lines.append(
                _("Problem: {message}").format(message=self.problem)
            )  # words, never colour alone
        self.actionable.setText("\n".join(lines))
        self.actionable.setVisible(bool(lines))
        self.choice.setAccessibleDescription(" ".join(filter(None, [self.problem, self.anchors])))

    def show_problem(self, message: str | None) -> None:
        self.problem = message
        self._mark()

    def get(self) -> dict[str, Any]:
        note = self.note.text()
        return {
            "item_id": self.item_id,
            "rating": self.choice.value(),
            "note": note if note.strip() else None,
        }

    def set(self, data: dict[str, Any] | None) -> None:
        self.choice.blockSignals(True)
        self.choice.set_value((data or {}).get("rating"))
        self.choice.blockSignals(False)
        self.note.setText((data or {}).get("note") or "")
        self._mark()

    def set_read_only(self, read_only: bool) -> None:
        self.choice.setEnabled(not read_only)
        self.note.setReadOnly(read_only)


class RatingsEditor(Editor):
    def __init__(self, spec: Field, context: FormContext) -> None:
        widget = QWidget()
        self.column = QVBoxLayout(widget)
        self.column.setContentsMargins(0, 0, 0, 0)
        super().__init__(spec, widget)
        self.context = context
        self.instrument: Instrument | None = None
        self.rows: list[ItemRow] = []
        self.kept: list[
            dict[str, Any]
        ] = []  # ratings of items this laptop's instrument does not have
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.hide()
        self.column.addWidget(self.missing)
        self.boxes: list[QGroupBox] = []
        self._read_only = False
        self._form: Any = None
        self._key: tuple[str, str] | None = None

    def bind(self, form: Any) -> None:
        self._form = form

    def record_loaded(self, body: dict[str, Any]) -> None:
        key = (body.get("instrument_id") or "", body.get("instrument_version") or "")
        if key == self._key:
            return
        self._key = key
        for box in self.boxes:
            box.setParent(None)
            box.deleteLater()
        self.boxes, self.rows = [], []
        self.instrument = find(self.context.instruments, key[0], key[1] or None) if key[0] else None
        if self.instrument is None:
            self.missing.setText(
                _(
                    "The instrument of this assessment is not on this laptop: its ratings are kept as they are. "
                    "Ask IT to install the agency's instrument file."
                )
                if key[0]
                else ""
            )
            self.missing.setVisible(bool(key[0]))
        else:
            self.missing.hide()
            number = 0
            language = self.context.language
            for domain in self.instrument.domains:
                box = QGroupBox(domain.name.in_language(language))
                box.setAccessibleName(domain.name.in_language(language))
                layout = QFormLayout(box)
                layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
                layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                for item in domain.items:
                    number += 1
                    row = ItemRow(
                        number, item, self.instrument, language, layout, self.changed.emit
                    )
                    row.set_read_only(self._read_only)
                    self.rows.append(row)
                self.column.addWidget(box)
                self.boxes.append(box)
            if self.rows:
                self.widget.setFocusProxy(self.rows[0].choice)
        if self._form is not None:
            tab_order.follow_the_layout(self._form)

    def get(self) -> Any:
        return [row.get() for row in self.rows] + [dict(k) for k in self.kept]

    def set(self, value: Any) -> None:
        given = {r.get("item_id"): r for r in value or () if isinstance(r, dict)}
        for row in self.rows:
            row.set(given.pop(row.item_id, None))
        self.kept = list(given.values())

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self.rows:
            row.set_read_only(read_only)

    def show_item_problems(self, found: list[tuple[int, str]]) -> None:
        """Each item's problem beside its choice ("ratings[3].rating": the fourth item), in words."""
        by_index = dict(found)
        for i, row in enumerate(self.rows):
            row.show_problem(by_index.get(i))

    @property
    def first_problem(self) -> QWidget | None:
        """The choice of the first item with a problem: where Submit's refusal puts the keyboard."""
        return next((row.choice for row in self.rows if row.problem), None)


def make_instrument_editor(spec: Field, context: FormContext) -> Editor:
    """The editor of an assessment's "ratings" (its items) or "instrument" field."""
    return (
        RatingsEditor(spec, context) if spec.kind == "ratings" else InstrumentEditor(spec, context)
    )
