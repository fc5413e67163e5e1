"""What one document needs to print, read from the store (services/printing.py step 1): the print job,
its context (the agency, the names we know, the children's initials, the language the copy is
printed in), the progress and cancel a batch reports to, and why nothing printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.errors import UserError
from fieldcase.reports import (
    PageSize,
    PrintContext,
    Profile,
)
from fieldcase.services.directory import known_names
from fieldcase.services.session import SignedInUser, signed_in_user
from fieldcase.words import language_code

AGENCY = "Children's Division"


class NothingToPrint(UserError):
    code = "nothing_to_print"

    def __init__(self, what: str = "There is nothing to print for that choice.") -> None:
        super().__init__(what)


class BatchCancelled(UserError):
    code = "print_cancelled"

    def __init__(self) -> None:
        super().__init__("Printing was cancelled; nothing was printed.")


class NotPrintable(UserError):
    code = "not_printable"

    def __init__(self) -> None:
        super().__init__(
            "This kind of record does not print on its own; trips print in the mileage log."
        )


def worker_label(user_id: str | None, names: Mapping[str, str]) -> str:
    """A name when we know one, else "Caseworker" and the id's first characters — never a bare id."""
    if not user_id:
        return ""
    return names.get(user_id) or f"Caseworker {user_id[:8]}"


# progress and cancel (no Qt: the UI samples them with a timer) -----------------------------------


@dataclass
class Progress:
    done: int = 0
    total: int = 0


@dataclass
class Cancel:
    requested: bool = False

    def cancel(self) -> None:
        self.requested = True


# jobs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintJob:
    """Everything one document needs, read from the store; rendering it touches nothing else."""

    kind: str  # home_visit_summary | visitation_report | visitation_rollup | mileage_log | court_packet | collateral_contact_summary | referral_summary | assessment_summary | transition_plan
    document: Any
    context: PrintContext
    record_kind: str | None = None
    record_id: str | None = None
    title: str = ""
    children: tuple[str, ...] = field(default=())  # for the batch's list of what it holds

    def __repr__(self) -> str:  # no names in logs
        return f"PrintJob(kind={self.kind!r}, record_id={self.record_id!r})"


def _initials(people: Iterable[Person]) -> str:
    out = []
    for p in people:
        parts = [w for w in (p.given_name, p.family_name) if w]
        out.append("".join(f"{w[0].upper()}." for w in parts))
    return ", ".join(x for x in out if x)


def _names(store: Any, user: SignedInUser, ids: Iterable[str | None]) -> dict[str, str]:
    known = known_names(store, {user.user_id: user.username} if user.username else {})
    return {i: worker_label(i, known) for i in {*ids, user.user_id} if i}


def family_language(people: Iterable[Person]) -> str | None:
    """The language a family copy is printed in: the first language the app prints in that the
    child's parents speak (then relatives, then the children); None when the case records none."""
    order = (PersonRole.PARENT, PersonRole.RELATIVE, PersonRole.CHILD, PersonRole.SIBLING)
    for role in order:
        for person in people:
            if person.role is role:
                for name in person.languages:
                    if (code := language_code(name)) is not None:
                        return code
    return None


def document_language(
    people: Iterable[Person], *, profile: Profile, chosen: str | None, reader: str
) -> str:
    """`chosen` in the print dialog; None means "the family's": the family's language for a family
    copy, else (and when the case records none) `reader`'s, the caseworker's window language."""
    if chosen is not None:
        return chosen
    found = family_language(people) if profile is Profile.FAMILY else None
    return found or reader


@dataclass(frozen=True, slots=True, kw_only=True)
class PrintRequest:
    """What the caseworker chose in the print dialog, once for the whole printout (every document of a
    month's batch alike): the copy, the paper, the moment printed on each page and the language."""

    #: printed on every page ("Printed … at …"); a case plan without a date is about this day
    now: datetime
    #: which copy: internal, family or court (what each withholds: reports/redaction.py)
    profile: Profile = Profile.INTERNAL
    page_size: PageSize = PageSize.LETTER
    #: the language the copy is printed in; None: the family's (`document_language`)
    language: str | None = "en"
    #: the language of the caseworker's window: the copy's when the family's is not known
    reader: str = "en"


def print_context(
    store: Any,
    request: PrintRequest,
    *,
    case_id: str,
    child_ids: Sequence[str],
    worker_ids: Iterable[str | None],
) -> PrintContext:
    case = store.repository("case").get(case_id)
    people = {p.id: p for p in store.repository("person").list(case_id=case_id)}
    user = signed_in_user(store)
    workers = _names(store, user, worker_ids)
    county = case.county.strip()
    if county.casefold().endswith(
        " county"
    ):  # "Boone County" as well as "Boone": never "Boone County County"
        county = county[: -len(" county")].rstrip()
    agency = f"{county} County {AGENCY}" if county else AGENCY
    return PrintContext(
        agency_name=agency,
        case_number=case.case_number,
        child_initials=_initials(people[c] for c in child_ids if c in people),
        printed_by=workers[user.user_id],
        printed_at=request.now,
        document_id=new_id(),
        profile=request.profile,
        page_size=request.page_size,
        people=MappingProxyType(people),
        workers=MappingProxyType(workers),
        language=document_language(
            people.values(), profile=request.profile, chosen=request.language, reader=request.reader
        ),
    )
