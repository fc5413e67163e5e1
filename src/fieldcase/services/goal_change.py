"""Proposing a change of the case's permanency goal and concurrent goal, on the laptop and offline
(domain.md "Case data in and out"; domain/goal_changes.py). The proposal is a workflow record: its
form autosaves a draft, "Submit to supervisor" queues it (the outbox, like a field record), and the
supervisor approves it — the server then changes the case's goals, and the case's change reaches
every laptop — or returns it with a reason, which the caseworker reads in the form and in the
attention list; the case's goals stay as they were.

One open proposal per case and caseworker: "Propose goal change" continues the draft, the submitted
proposal or the returned one rather than starting a second.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fieldcase.domain.goal_changes import GoalChange
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole
from fieldcase.domain.problems import InvalidRecord, Problem
from fieldcase.domain.serialization import from_dict, to_dict
from fieldcase.domain.text import clean
from fieldcase.domain.validation import problems
from fieldcase.domain.workflow import Command, Status

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store

KIND = "goal_change"
#: what the form edits; the rest of the record is the case's or the workflow's
TYPED_FIELDS = ("proposed_permanency_goal", "proposed_concurrent_goal", "reason")
_OPEN = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


@dataclass(frozen=True)
class GoalChangeSaved:
    record_id: str
    status: Status
    version: int
    #: what is still missing or impossible, in plain words (a draft is saved whatever it lacks)
    problems: tuple[Problem, ...] = ()


def _today() -> date:
    return datetime.now().astimezone().date()


def check(store: Store, change: GoalChange, *, for_submit: bool) -> tuple[Problem, ...]:
    """The proposal's problems, with the case's children (APPLA only from 16) as of today."""
    children = [
        p
        for p in store.repository("person").list(case_id=change.case_id)
        if p.role is PersonRole.CHILD
    ]
    return tuple(problems(change, for_submit=for_submit, people=children, on=_today()))


def open_proposal(store: Store, *, case_id: str) -> GoalChange | None:
    """This caseworker's proposal for the case still in the workflow (draft, submitted or returned)."""
    me = store.header.user_id
    for status in _OPEN:
        for stored in store.list(kind=KIND, case_id=case_id, status=status.value):
            change: GoalChange = stored.to_domain()
            if change.proposed_by in (None, me):
                return change
    return None


def start(store: Store, *, case_id: str) -> dict[str, Any]:
    """The form's body: the open proposal, or a new one starting from the case's goals as they are."""
    change = open_proposal(store, case_id=case_id)
    if change is None:
        case = store.get(case_id, kind="case").to_domain()
        change = GoalChange(
            id=new_id(),
            case_id=case_id,
            current_permanency_goal=case.permanency_goal,
            current_concurrent_goal=case.concurrent_goal,
            proposed_permanency_goal=case.permanency_goal,
            proposed_concurrent_goal=case.concurrent_goal,
            proposed_by=store.header.user_id,
        )
    return to_dict(change)


def _merged(store: Store, body: dict[str, Any]) -> tuple[GoalChange, int | None]:
    """The typed fields of `body` on top of the stored proposal (a sync may have changed it), or a
    new proposal from `body`; the reason is cleaned as every caseworker's text is."""
    from fieldcase.store.errors import RecordNotFound

    typed = {name: body.get(name) for name in TYPED_FIELDS}
    typed["reason"] = clean(typed["reason"] or "")
    try:
        stored = store.get(body["id"], kind=KIND)
    except RecordNotFound:
        return from_dict(
            KIND, {**body, **typed, "proposed_by": body.get("proposed_by") or store.header.user_id}
        ), None
    return from_dict(KIND, {**stored.body, **typed}), stored.version


def save_body(store: Store, *, body: dict[str, Any]) -> GoalChangeSaved:
    """The form's autosave: a draft saved whatever it lacks, with what still stops it being submitted.
    A submitted proposal may still be edited (the supervisor approves the revision read); a returned
    one is edited as it is and reopened when submitted again."""
    change, version = _merged(store, body)
    saved = store.save(change, expected_version=version)
    return GoalChangeSaved(
        change.id,
        Status(saved.record.status),
        saved.record.version,
        check(store, change, for_submit=True),
    )


def submit_body(store: Store, *, body: dict[str, Any]) -> GoalChangeSaved:
    """Save what is typed and queue the proposal for the supervisor (works offline). `InvalidRecord`
    lists what is missing; the words are saved as a draft all the same."""
    saved = save_body(store, body=body)
    if saved.problems:
        raise InvalidRecord(list(saved.problems))
    stored = store.get(saved.record_id, kind=KIND)
    if Status(stored.status) is Status.SUBMITTED:
        return saved
    version = stored.version
    if Status(stored.status) is Status.RETURNED:
        version = store.command(
            saved.record_id, Command.REOPEN, expected_version=version
        ).record.version
    # stamped when it goes to the supervisor: the day the queue and the export count from
    change = stored.to_domain()
    store.save(_stamped(change), expected_version=version)
    done = store.command(saved.record_id, Command.SUBMIT)
    return GoalChangeSaved(saved.record_id, Status(done.record.status), done.record.version, ())


def _stamped(change: GoalChange) -> GoalChange:
    return dataclasses.replace(change, proposed_at=datetime.now().astimezone(), status=Status.DRAFT)
