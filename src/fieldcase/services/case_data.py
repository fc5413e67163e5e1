"""Case data the caseworker learns in the field and records on the laptop, offline (domain.md "Case
data in and out"): a relative found, a new phone number, a court-ordered change to a visitation
plan, a hearing's outcome and the next date, family support team meeting and case-plan dates, a
child's exit from care. Every save goes through the store like a field record's (row + outbox
mutation + audit event in one transaction), so sync, conflicts, scope and audit are the same.

The case itself is opened by the office: here only its dates change (`set_case_dates`); its goals
are refused from a laptop by the server (server/case_edits.py) until the supervisor's approval of a
proposed goal exists. A hearing's next
date becomes the case's next court date in the same transaction as the hearing (`save_hearing`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from fieldcase.domain.cases import Case
from fieldcase.domain.hearings import Hearing
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import ExitReason, Person, PersonRole
from fieldcase.domain.problems import InvalidRecord, Problem
from fieldcase.domain.serialization import from_dict, kind_of
from fieldcase.domain.validation import problems
from fieldcase.domain.visitation_plans import VisitationPlan

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

#: the kinds of case data a caseworker adds or edits on the laptop (a case is opened by the office)
EDITABLE_KINDS = frozenset({"person", "placement", "visitation_plan", "hearing", "task"})
#: the case's own fields a caseworker sets from the laptop; the rest are the office's (server/case_edits.py)
CASE_DATE_FIELDS = ("family_support_team_meetings", "case_plan_due", "last_case_plan_review")


@dataclass(frozen=True)
class CaseDataSaved:
    record_id: str
    kind: str
    version: int
    created: bool
    changed_fields: tuple[str, ...]  # names only, never the values
    #: what is still missing or impossible, in plain words (a draft is saved whatever it lacks)
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class OpenedCaseData:
    record: Any
    kind: str
    version: int


def hearing_problems(hearing: Hearing) -> list[Problem]:
    found = []
    if (
        hearing.scheduled_at is not None
        and hearing.next_hearing_on is not None
        and hearing.next_hearing_on < hearing.scheduled_at.date()
    ):
        found.append(
            Problem("next_hearing_on", "The next hearing is before this one; check the dates.")
        )
    if hearing.held and hearing.hearing_type is None:
        found.append(Problem("hearing_type", "Choose the kind of hearing."))
    return found


def check(record: Any) -> tuple[Problem, ...]:
    """What is impossible or still missing in a person, placement, plan or hearing."""
    if isinstance(record, Hearing):
        return tuple(hearing_problems(record))
    return tuple(problems(record, for_submit=True))


def _saved(saved: Any, record: Any) -> CaseDataSaved:
    return CaseDataSaved(
        saved.record.id,
        saved.record.kind,
        saved.record.version,
        saved.created,
        saved.changed_fields,
        check(record),
    )


def new_person(case_id: str, *, role: PersonRole = PersonRole.RELATIVE) -> Person:
    return Person(id=new_id(), case_id=case_id, role=role)


def new_hearing(case_id: str) -> Hearing:
    return Hearing(id=new_id(), case_id=case_id)


def new_visitation_plan(case_id: str) -> VisitationPlan:
    return VisitationPlan(id=new_id(), case_id=case_id)


def open_case_data(store: Store, *, record_id: str) -> OpenedCaseData:
    """One person, placement, plan or hearing to edit (audited as a view, as a field record is)."""
    stored = store.get(record_id)
    if stored.kind not in EDITABLE_KINDS:
        raise ValueError(f"{stored.kind} is not edited as case data")
    store.record_audit("record.view", record_kind=stored.kind, record_id=record_id)
    return OpenedCaseData(stored.to_domain(), stored.kind, stored.version)


def save(store: Store, *, record: Any, expected_version: int | None = None) -> CaseDataSaved:
    """Create or edit a person, placement or visitation plan (the forms' autosave). Hearings go
    through `save_hearing`. `StaleEdit` when a sync changed the stored copy since it was read."""
    kind = kind_of(record)
    if kind not in EDITABLE_KINDS or kind == "hearing":
        raise ValueError(f"{kind} is not saved here")
    return _saved(store.save(record, expected_version=expected_version), record)


def _next_court(next_on: date) -> datetime:
    # the court's time of day is not known from the outcome: the day, at midnight local time
    return datetime.combine(next_on, time.min).astimezone()


def save_hearing(
    store: Store, *, hearing: Hearing, expected_version: int | None = None
) -> CaseDataSaved:
    """Save a hearing; when it is the case's latest hearing and names the next date, the case's
    next court date becomes that date in the same transaction (one edit: the caseload and every
    laptop never show a hearing's next date and a different next court date)."""
    case_stored = store.get(hearing.case_id, kind="case")
    case: Case = case_stored.to_domain()
    others = [
        h for h in store.repository("hearing").list(case_id=hearing.case_id) if h.id != hearing.id
    ]
    latest = max(
        [*others, hearing],
        key=lambda h: (
            h.scheduled_at.timestamp() if h.scheduled_at else float("-inf"),
            h.id == hearing.id,
        ),
    )
    items: list[tuple[Any, int | None]] = [(hearing, expected_version)]
    if latest.next_hearing_on is not None:
        wanted = _next_court(latest.next_hearing_on)
        if (
            case.next_court_hearing is None
            or case.next_court_hearing.date() != latest.next_hearing_on
        ):
            items.append(
                (dataclasses.replace(case, next_court_hearing=wanted), case_stored.version)
            )
    saved = store.save_together(items)
    return _saved(saved[0], hearing)


def set_case_dates(
    store: Store,
    *,
    case_id: str,
    family_support_team_meetings: tuple[date, ...] | None = None,
    case_plan_due: date | None = None,
    last_case_plan_review: date | None = None,
    expected_version: int | None = None,
) -> CaseDataSaved:
    """The family support team meetings held and the case plan's due and review dates."""
    stored = store.get(case_id, kind="case")
    case: Case = stored.to_domain()
    meetings = tuple(sorted(set(family_support_team_meetings or ())))
    changed = dataclasses.replace(
        case,
        family_support_team_meetings=meetings,
        case_plan_due=case_plan_due,
        last_case_plan_review=last_case_plan_review,
    )
    return _saved(
        store.save(
            changed,
            expected_version=expected_version if expected_version is not None else stored.version,
        ),
        changed,
    )


def case_dates_body(case: Case) -> dict[str, Any]:
    """The case's dates as the case-dates form edits them (one row per meeting)."""
    return {
        "id": case.id,
        "case_plan_due": case.case_plan_due.isoformat() if case.case_plan_due else None,
        "last_case_plan_review": case.last_case_plan_review.isoformat()
        if case.last_case_plan_review
        else None,
        "family_support_team_meetings": [
            {"on": d.isoformat()} for d in case.family_support_team_meetings
        ],
    }


def save_case_dates_body(store: Store, *, body: dict[str, Any]) -> CaseDataSaved:
    """`set_case_dates` from the form's body (`case_dates_body`); rows left blank are skipped."""

    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if value else None

    meetings = tuple(
        d
        for row in body.get("family_support_team_meetings") or ()
        if (d := day(row.get("on"))) is not None
    )
    return set_case_dates(
        store,
        case_id=body["id"],
        family_support_team_meetings=meetings,
        case_plan_due=day(body.get("case_plan_due")),
        last_case_plan_review=day(body.get("last_case_plan_review")),
    )


def exit_problems(
    child: Person, exit_date: date | None, reason: ExitReason | None
) -> list[Problem]:
    found = []
    if child.role is not PersonRole.CHILD:
        found.append(Problem("child_id", "Only a child leaves care; choose a child."))
    if exit_date is None:
        found.append(Problem("exit_date", "Enter the day the child left care."))
    elif child.date_of_birth is not None and exit_date < child.date_of_birth:
        found.append(
            Problem("exit_date", "The exit is before the child's date of birth; check the date.")
        )
    if reason is None:
        found.append(Problem("exit_reason", "Choose why the child left care."))
    return found


def record_exit(
    store: Store, *, child_id: str, exit_date: date | None, reason: ExitReason | str | None
) -> CaseDataSaved:
    """A child's exit from care: the day and why. Compliance stops counting the child after that
    day (domain/compliance/care.py). `InvalidRecord` lists what is missing; nothing is saved then."""
    stored = store.get(child_id, kind="person")
    child: Person = stored.to_domain()
    reason = ExitReason(reason) if isinstance(reason, str) and reason else (reason or None)
    found = exit_problems(child, exit_date, reason)
    if found:
        raise InvalidRecord(found)
    changed = dataclasses.replace(child, exit_date=exit_date, exit_reason=reason)
    return _saved(store.save(changed, expected_version=stored.version), changed)


def save_typed(
    store: Store, *, kind: str, body: dict[str, Any], base: dict[str, Any]
) -> CaseDataSaved:
    """A case-data form's autosave: what was typed (`body` against `base`, the body as the form
    last read or saved it) goes on top of the stored copy as it is now, so a sync that changed the
    record while the form was open keeps its other fields (a person's phone typed here, an address
    the office changed meanwhile: both stay). A record never saved is created from `body`."""
    from fieldcase.domain.metadata import SERVER_OWNED_FIELDS
    from fieldcase.store.errors import RecordNotFound

    try:
        stored = store.get(body["id"], kind=kind)
    except RecordNotFound:
        record, version = from_dict(kind, body), None
    else:
        typed = {k: v for k, v in body.items() if v != base.get(k) and k not in SERVER_OWNED_FIELDS}
        record, version = from_dict(kind, {**stored.body, **typed}), stored.version
    if kind == "hearing":
        return save_hearing(store, hearing=record, expected_version=version)
    return save(store, record=record, expected_version=version)


def exit_body(child: Person | None) -> dict[str, Any]:
    """The exit-from-care form's body for a child (or none chosen yet)."""
    return {
        "child_id": child.id if child else None,
        "exit_date": child.exit_date.isoformat() if child and child.exit_date else None,
        "exit_reason": child.exit_reason.value if child and child.exit_reason else None,
    }


def save_exit_body(store: Store, *, body: dict[str, Any]) -> CaseDataSaved:
    """`record_exit` from the form's body; `InvalidRecord` (nothing saved) until it is complete."""
    if not body.get("child_id"):
        raise InvalidRecord([Problem("child_id", "Choose the child who left care.")])
    day = body.get("exit_date")
    return record_exit(
        store,
        child_id=body["child_id"],
        exit_date=date.fromisoformat(day) if day else None,
        reason=body.get("exit_reason"),
    )


def body_for_form(record: Any) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A record's dict form for its edit form, with its restricted fields withheld (a resource
    family's address stays behind "Show restricted address…", with a reason, audited): blank in the
    form and in the form's base, so `save_typed` leaves the stored value as it is unless the
    caseworker types a new one. Returns the body and the names withheld."""
    from fieldcase.domain.metadata import restricted_fields
    from fieldcase.domain.serialization import to_dict

    body = to_dict(record)
    withheld = tuple(
        sorted(
            name for name in restricted_fields(record) if body.get(name) not in (None, False, "")
        )
    )
    for name in withheld:
        body[name] = None if not isinstance(body[name], bool) else False
    return body, withheld
