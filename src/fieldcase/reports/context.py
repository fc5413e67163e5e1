"""What every printed document needs besides its records: who prints it, for whom, on what paper."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from fieldcase.domain.people import Person


class Profile(enum.Enum):
    """Who the printout is for, chosen at print time; printed on every page (see `redaction`)."""

    INTERNAL = "internal"  # the case file: everything
    COURT = "court"  # restricted fields withheld, other children masked to initials
    FAMILY = "family"  # for the parents and the family support team: the same withholding

    @property
    def banner(self) -> str:
        """In English (the msgid): the printed page and the window word it in their language."""
        return _BANNERS[self]


_BANNERS = {
    Profile.INTERNAL: "INTERNAL — complete record",
    Profile.COURT: "COURT COPY — restricted information withheld",
    Profile.FAMILY: "FAMILY COPY — restricted information withheld",
}


class PageSize(enum.Enum):
    LETTER = "letter"
    A4 = "a4"


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintContext:
    """Display context for one printout. All names are resolved by the caller (services), so the
    renderers never touch a store; ids missing from `people`/`workers` print as "not on file"."""

    agency_name: str
    case_number: str
    child_initials: str  # of the child or children the document is about, for the page header
    printed_by: str  # display name of the user printing
    printed_at: datetime
    document_id: str  # the id the audit event records with the hash
    profile: Profile = Profile.INTERNAL
    page_size: PageSize = PageSize.LETTER
    people: Mapping[str, Person] = field(default_factory=lambda: MappingProxyType({}))
    workers: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({})
    )  # user id -> display name
    language: str = (
        "en"  # the reader's: the family's for a family copy, the caseworker's choice otherwise
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderedDocument:
    """A finished PDF, in memory only (security.md "Leaks": no temp files); `sha256` goes into the
    print/export audit event together with `profile` and `document_id`."""

    pdf: bytes
    sha256: str
    pages: int
    profile: str
    document_id: str

    def __repr__(self) -> str:  # never dump the bytes into a log or traceback
        return f"RenderedDocument(document_id={self.document_id!r}, pages={self.pages}, profile={self.profile!r}, sha256={self.sha256[:12]}…)"
