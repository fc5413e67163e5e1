"""The people in a case: children, parents, siblings, relatives, resource (foster) parents."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .safe_repr import record_repr


class PersonRole(enum.Enum):
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    RELATIVE = "relative"
    RESOURCE_PARENT = "resource_parent"
    OTHER = "other"


class ExitReason(enum.Enum):
    """Why a child left care (AFCARS-style reasons, in the caseworker's words)."""

    REUNIFICATION = "reunification"
    ADOPTION = "adoption"
    GUARDIANSHIP = "guardianship"
    RELATIVE_CUSTODY = "relative_custody"
    EMANCIPATION = "emancipation"
    TRANSFER = "transfer"
    RUNAWAY = "runaway"
    DEATH = "death"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Person:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    case_id: str
    rev: int = 0
    #: the state system's identifier (None for a record first made on a laptop); set by the import only
    state_id: str | None = None
    role: PersonRole = PersonRole.OTHER
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    languages: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None
    # Restricted for resource parents: a foster family's address is withheld from birth families
    # and from printed summaries (see metadata.restricted_fields).
    address: str | None = None
    # The identity of whoever reported the family is confidential by law; the flag itself is restricted.
    is_reporter: bool = False
    # A child's exit from care (the day and why): compliance stops counting the child after it.
    exit_date: date | None = None
    exit_reason: ExitReason | None = None

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


def age_in_years(born: date, on: date) -> int:
    """Completed years of age on a day (a child born 29 February turns a year older on 1 March)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
