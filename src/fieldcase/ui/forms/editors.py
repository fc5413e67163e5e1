"""One editor per field kind. Every editor speaks the record's dict form (ISO text for times,
enum values, decimals as text) so the form can hand its dict straight to the domain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from fieldcase.ui.date_entry import NullableDateEdit, NullableDateTimeEdit, Unreadable
from fieldcase.ui.forms.spec import Field
from fieldcase.ui.i18n import _
from fieldcase.ui.read_only_look import show_read_only
from fieldcase.ui.widgets import ChoiceCombo, yes_no


@dataclass(frozen=True)
class FormContext:
    """The case's people, placements and plans the pickers offer (names only, no restricted fields)."""

    people: tuple[tuple[str, str, str], ...] = ()  # (id, name, role)
    placements: tuple[tuple[str, str], ...] = ()  # (id, provider and dates)
    plans: tuple[tuple[str, str], ...] = ()  # (id, description)
    users: tuple[
        tuple[str, str], ...
    ] = ()  # (user id, name) of the people the app knows: at least the signed-in user
    #: (person id, date of birth) for the car-seat check on a trip (the child's age on the trip day)
    birthdays: tuple[tuple[str, Any], ...] = ()
    #: the case's family visits a trip can serve: (id, ISO day, words)
    family_visits: tuple[tuple[str, str, str], ...] = ()
    #: the case's trips: (id, ISO day, the record it is linked to or None, words)
    trips: tuple[tuple[str, str, str | None, str], ...] = ()
    #: the assessment instruments on this laptop (domain.instruments.Instrument) and the language
    #: their texts are shown in
    instruments: tuple[Any, ...] = ()
    language: str = "en"
    #: the case's hearings: (id, words: day, kind, court)
    hearings: tuple[tuple[str, str], ...] = ()
    #: the office's resource directory on this laptop: (provider id, name · county · services)
    providers: tuple[tuple[str, str], ...] = ()

    def children(self) -> list[tuple[str, str]]:
        return [(i, n) for i, n, r in self.people if r == "child"]

    def everyone(self) -> list[tuple[str, str]]:
        return [(i, f"{n} ({_(role_label(r))})") for i, n, r in self.people]


def role_label(role: str) -> str:
    return role.replace("_", " ").capitalize()


def enum_label(value: str) -> str:
    return _(value.replace("_", " ").capitalize())


class UnreadableValue(ValueError):
    """A field holds text that cannot be read as its kind of value. The text stays in the field as
    typed; the form says beside it how to write it (`advice`)."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field

    def advice(self, label: str) -> str:
        raise NotImplementedError


class NotANumber(UnreadableValue):
    def advice(self, label: str) -> str:
        return _("{field}: write a number, like 12345.6").format(field=label)


class NotADate(UnreadableValue):
    def advice(self, label: str) -> str:
        return _("{field}: write a date like 2026-12-07").format(field=label)


class NotADateTime(UnreadableValue):
    def advice(self, label: str) -> str:
        return _("{field}: write a date and time like 2026-12-07 14:30").format(field=label)


class Editor(QObject):
    changed = Signal()

    def __init__(self, spec: Field, widget: QWidget) -> None:
        super().__init__(widget)
        self.spec = spec
        self.widget = widget

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        if hasattr(self.widget, "setReadOnly"):
            self.widget.setReadOnly(read_only)  # still selectable and readable by screen readers
            show_read_only(self.widget, read_only)
        else:
            self.widget.setEnabled(not read_only)


class TextEditor(Editor):
    widget: QLineEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        super().__init__(spec, QLineEdit())
        self.widget.textEdited.connect(lambda _t: self.changed.emit())

    def get(self) -> Any:
        text = self.widget.text()
        return text if text.strip() else None

    def set(self, value: Any) -> None:
        self.widget.setText(value or "")


class UserEditor(Editor):
    """A user id the app filled in (who conducted the visit, who drove), shown as a name: the signed-in
    user's account name, else "Caseworker" and the id's first characters. The id itself is kept."""

    widget: QLineEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field, context: FormContext) -> None:
        super().__init__(spec, QLineEdit())
        self.names = dict(context.users)
        self.value: str | None = None

    def get(self) -> Any:
        return self.value

    def set(self, value: Any) -> None:
        self.value = value or None
        if not value:
            self.widget.setText("")
        elif value in self.names:
            self.widget.setText(self.names[value])
        else:
            self.widget.setText(_("Caseworker {short_id}").format(short_id=str(value)[:8]))
        # filled in, never typed: wide enough to show the name whole (the form wraps the row if need be)
        self.widget.setMinimumWidth(
            self.widget.fontMetrics().horizontalAdvance(self.widget.text()) + 16
        )


class MultilineEditor(Editor):
    widget: QPlainTextEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        widget = QPlainTextEdit()
        widget.setTabChangesFocus(
            True
        )  # Tab moves on, as in every other field; keyboard users are not trapped
        widget.setMinimumHeight(56)
        widget.setMaximumHeight(96)
        super().__init__(spec, widget)
        widget.textChanged.connect(self.changed.emit)

    def get(self) -> Any:
        text = self.widget.toPlainText()
        return text if text.strip() else None

    def set(self, value: Any) -> None:
        if self.widget.toPlainText() != (value or ""):
            self.widget.setPlainText(value or "")


class DateTimeEditor(Editor):
    widget: NullableDateTimeEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        super().__init__(spec, NullableDateTimeEdit())
        self.widget.changed.connect(self.changed.emit)

    def get(self) -> Any:
        try:
            value = self.widget.value()
        except Unreadable:
            raise NotADateTime(self.spec.name) from None
        return value.isoformat() if value else None

    def set(self, value: Any) -> None:
        self.widget.blockSignals(True)
        self.widget.set_value(datetime.fromisoformat(value) if value else None)
        self.widget.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.set_read_only(read_only)


class DateEditor(Editor):
    widget: NullableDateEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        super().__init__(spec, NullableDateEdit())
        self.widget.changed.connect(self.changed.emit)

    def get(self) -> Any:
        try:
            value = self.widget.value()
        except Unreadable:
            raise NotADate(self.spec.name) from None
        return value.isoformat() if value else None

    def set(self, value: Any) -> None:
        self.widget.blockSignals(True)
        self.widget.set_value(date.fromisoformat(value) if value else None)
        self.widget.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.set_read_only(read_only)


class ComboEditor(Editor):
    widget: ChoiceCombo  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field, widget: ChoiceCombo) -> None:
        super().__init__(spec, widget)
        widget.changed.connect(self.changed.emit)

    def get(self) -> Any:
        return self.widget.value()

    def set(self, value: Any) -> None:
        self.widget.blockSignals(True)
        if value is not None and self.widget.findData(value) < 0:
            self.widget.addItem(
                _("(not on this laptop)"), value
            )  # never drop a value we cannot name
        self.widget.set_value(value)
        self.widget.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class TypedOrChoiceEditor(ComboEditor):
    """A choice list for a field that was free text before (a plan participant's role): text typed
    then is one more item, shown as it was typed and kept unless another choice is made."""

    def set(self, value: Any) -> None:
        if value is not None and self.widget.findData(value) < 0:
            self.widget.addItem(str(value), value)
        super().set(value)


class CheckEditor(Editor):
    widget: QCheckBox  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        super().__init__(spec, QCheckBox(_(spec.label)))
        self.widget.toggled.connect(lambda _v: self.changed.emit())

    def get(self) -> Any:
        return self.widget.isChecked()

    def set(self, value: Any) -> None:
        self.widget.blockSignals(True)
        self.widget.setChecked(bool(value))
        self.widget.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class DecimalEditor(Editor):
    widget: QLineEdit  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        super().__init__(spec, QLineEdit())
        self.widget.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.widget.textEdited.connect(lambda _t: self.changed.emit())

    def get(self) -> Any:
        text = self.widget.text().strip().replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise NotANumber(self.spec.name) from None
        if not number.is_finite():
            raise NotANumber(self.spec.name)
        return str(number)

    def set(self, value: Any) -> None:
        self.widget.setText(value or "")


class IntEditor(Editor):
    widget: QSpinBox  # the control it makes below (Editor types it as any QWidget)

    def __init__(self, spec: Field) -> None:
        super().__init__(spec, QSpinBox())
        self.widget.setRange(0, 100000)
        self.widget.valueChanged.connect(lambda _v: self.changed.emit())

    def get(self) -> Any:
        return self.widget.value()

    def set(self, value: Any) -> None:
        self.widget.setValue(int(value or 0))


class CheckListEditor(Editor):
    """Several of a set (topics covered, the children of a family visit)."""

    def __init__(self, spec: Field, options: list[tuple[str, str]]) -> None:
        widget = QWidget()
        grid = QGridLayout(widget)
        grid.setContentsMargins(0, 0, 0, 0)
        super().__init__(spec, widget)
        self.boxes: dict[str, QCheckBox] = {}
        for i, (value, text) in enumerate(options):
            box = QCheckBox(text, widget)
            box.toggled.connect(lambda _v: self.changed.emit())
            grid.addWidget(box, i // 2, i % 2)
            self.boxes[value] = box
        if self.boxes:
            widget.setFocusProxy(next(iter(self.boxes.values())))
        self._unknown: list[str] = []

    def get(self) -> Any:
        return sorted([v for v, box in self.boxes.items() if box.isChecked()] + self._unknown)

    def set(self, value: Any) -> None:
        chosen = set(value or ())
        self._unknown = sorted(chosen - set(self.boxes))
        for v, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(v in chosen)
            box.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        for box in self.boxes.values():
            box.setEnabled(not read_only)


def make_editor(spec: Field, context: FormContext) -> Editor:
    kind = spec.kind
    if kind == "text":
        return TextEditor(spec)
    if kind == "user":
        return UserEditor(spec, context)
    if kind == "multiline":
        return MultilineEditor(spec)
    if kind == "datetime":
        return DateTimeEditor(spec)
    if kind == "date":
        return DateEditor(spec)
    if kind == "yesno":
        return ComboEditor(spec, yes_no())
    if kind == "check":
        return CheckEditor(spec)
    if kind == "decimal":
        return DecimalEditor(spec)
    if kind == "int":
        return IntEditor(spec)
    if kind == "choice":
        assert spec.choices is not None
        return ComboEditor(
            spec, ChoiceCombo([(m.value, enum_label(m.value)) for m in spec.choices])
        )
    if kind == "choice_or_typed":
        assert spec.choices is not None
        return TypedOrChoiceEditor(
            spec, ChoiceCombo([(m.value, enum_label(m.value)) for m in spec.choices])
        )
    if kind == "child":
        return ComboEditor(spec, ChoiceCombo(context.children()))
    if kind == "person":
        return ComboEditor(spec, ChoiceCombo(context.everyone()))
    if kind == "placement":
        return ComboEditor(spec, ChoiceCombo(list(context.placements)))
    if kind == "plan":
        return ComboEditor(spec, ChoiceCombo(list(context.plans)))
    if kind == "hearing":
        return ComboEditor(spec, ChoiceCombo(list(context.hearings)))

    if kind == "provider":  # typing a name's first letters finds it (a combo's keyboard search)
        return ComboEditor(spec, ChoiceCombo(list(context.providers)))
    if kind == "people":
        return CheckListEditor(spec, context.children())
    if (
        kind == "everyone"
    ):  # anyone in the case (a visitation plan's participants, its no-contact list)
        return CheckListEditor(spec, context.everyone())
    if kind == "topics":
        assert spec.choices is not None
        return CheckListEditor(spec, [(m.value, enum_label(m.value)) for m in spec.choices])
    raise ValueError(f"no editor for {kind}")
