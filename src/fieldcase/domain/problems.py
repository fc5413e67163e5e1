"""What is wrong with a record, in words a caseworker can act on.

Messages never contain personal data (no names, addresses, narratives): they go into logs and the
outbox's last_error as well as on screen. A child row is named by its position ("child 2").
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldcase.errors import UserError


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # dotted path into to_dict output, e.g. "children[0].reason_not_seen"
    message: str


class InvalidRecord(UserError):
    code = "invalid_record"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0].message if self.problems else "The record is not complete."
        more = f" ({len(self.problems) - 1} more to fix)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


def blank(value: object) -> bool:
    """Not filled in: None, empty or whitespace-only text, an empty collection."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (tuple, frozenset, list, set)):
        return not value
    return False


def child_label(index: int) -> str:
    return f"child {index + 1}"
