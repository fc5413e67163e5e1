"""What a form spec is made of (a field, a list of rows, a section, the form), apart from the specs
themselves: a kind's spec in a module of its own (court_report_spec.py) imports these without
importing spec.py, which imports every kind's spec to list them in `SPECS`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # text | user | multiline | datetime | date | yesno | check | choice | decimal | int | person | child | people | everyone | placement | plan | topics | family_visit | trips | provider | choice_or_typed (a choice list; text typed before the list stays as typed)
    choices: type[enum.Enum] | None = None
    hint: str | None = None
    #: filled in by the app (who recorded it), shown but not typed
    read_only: bool = False
    #: (another field, its values) at which this field does not apply and is not shown; what was
    #: typed in it is kept, and shows again when the other field changes back
    hidden_when: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Rows:
    name: str
    label: str
    item: str  # "Child", "Leg" …: names each row and the add button
    fields: tuple[Field, ...]
    new_row: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Field | Rows, ...]


@dataclass(frozen=True)
class FormSpec:
    kind: str
    title: str
    sections: tuple[Section, ...]


#: what is to be done next, by whom and by when: the same rows on a home visit and a collateral
#: contact (domain/home_visits.FollowUpTask); the week ahead lists a visit's as tasks
FOLLOW_UP_TASKS = Rows(
    "follow_up_tasks",
    "Follow-up tasks",
    "Task",
    (
        Field("action", "Action", "text"),
        Field("owner", "Who", "text"),
        Field("due", "Due", "date"),
    ),
    new_row={"action": ""},
)
