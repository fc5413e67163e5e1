"""What is wrong with a record, in words a caseworker can act on.

Messages never contain personal data (no names, addresses, narratives): they go into logs and the
outbox's last_error as well as on screen. A child row is named by its position ("child 2").

`message` is English (logs, the outbox, the server). The window words a problem in the reader's
language from its `template` and `values`, as it words a `UserError` from its `sentences`
(ui.i18n.said_words, one path for both): the template is the catalogue's msgid, so a sentence with a
number in it is translated once, not once per number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fieldcase.errors import UserError


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # dotted path into to_dict output, e.g. "children[0].reason_not_seen"
    message: str  # English, with its values filled in
    template: str = ""  # the message before its values went in ("" when it has none)
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, field: str, template: str, **values: object) -> Problem:
        """A problem whose sentence has values in it: `template` uses str.format fields."""
        if not values:
            return cls(field, template)
        return cls(field, template.format(**values), template, tuple(values.items()))

    def sentence(self) -> tuple[str, dict]:
        """(msgid, values): what a reader's language needs to word this problem."""
        return (self.template, dict(self.values)) if self.template else (self.message, {})

    @property
    def sentences(self) -> tuple[tuple[str, dict[str, Any]], ...]:
        """As a `UserError` carries its message: the window words both the same way (ui.i18n.said_words)."""
        return (self.sentence(),)

    def words(self, translate: Callable[[str], str]) -> str:
        """The problem in the language `translate` (a msgid → text lookup) reads, away from the window
        (which also writes days out)."""
        return " ".join(
            translate(text).format(**values) if values else translate(text)
            for text, values in self.sentences
        )


class InvalidRecord(UserError):
    code = "invalid_record"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0].message if self.problems else "The record is not complete."
        more = f" ({len(self.problems) - 1} more to fix)" if len(self.problems) > 1 else ""
        super().__init__(first + more)
        if self.problems:
            # worded sentence by sentence in the reader's language (ui.i18n.error_words)
            self.sentences = (self.problems[0].sentence(),) + (
                (("({count} more to fix)", {"count": len(self.problems) - 1}),)
                if len(self.problems) > 1
                else ()
            )


def blank(value: object) -> bool:
    """Not filled in: None, empty or whitespace-only text, an empty collection."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (tuple, frozenset, list, set)):
        return not value
    return False
