"""Workflow commands applied to a whole record: the new status plus the review trail it leaves.
The server applies these; the laptop applies `submit` and `void` optimistically while offline."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any, TypeVar

from . import kinds
from .addenda import Addendum
from .field_record import FieldRecord
from .workflow import Command, WorkflowError, transition

R = TypeVar("R", bound=FieldRecord)


def noun_for(record: FieldRecord) -> str:
    """How the caseworker calls this kind of record, for messages."""
    from .serialization import kind_of  # the record's own module imports this one

    try:
        return kinds.noun(kind_of(record))
    except (KeyError, TypeError):
        return "record"


def apply_command(
    record: R,
    command: Command | str,
    *,
    actor: str,
    at: datetime,
    text: str | None = None,
    addendum_id: str | None = None,
) -> R:
    """The record after `command` by `actor` at `at`; `text` is the reason, the addendum text or the
    comment; `addendum_id` names the addendum acknowledged. Raises `WorkflowError` when the command is
    not allowed. Completeness for submit is checked separately (validation.check), because the server
    also re-checks it on its own copy. A comment leaves the record as it is (comments.py): the thread
    is kept beside it."""
    command = Command(command)
    status = transition(
        record.status, command, reason=text, noun=noun_for(record), approved_at=record.approved_at
    )
    if command is Command.COMMENT:
        return record
    if command is Command.ACKNOWLEDGE_ADDENDUM:
        return dataclasses.replace(
            record,
            addenda=acknowledge(
                record.addenda, addendum_id, by=actor, at=at, noun=noun_for(record)
            ),
        )
    changes: dict[str, Any] = {"status": status}  # each field's own type: replace() checks them
    if command in (Command.APPROVE, Command.FILE):  # filed: its author is its approver, no review
        changes.update(approved_by=actor, approved_at=at, returned_reason=None)
    elif command is Command.RETURN:
        changes.update(returned_reason=text)
    elif command is Command.VOID:
        changes.update(voided_reason=text)
    elif command is Command.ADD_ADDENDUM:
        assert text is not None  # transition() refused a missing text
        changes.update(addenda=record.addenda + (Addendum(author=actor, at=at, text=text),))
    # On submit and reopen the returned reason stays visible until approval, so the worker and the
    # supervisor can check what was asked for.
    return dataclasses.replace(record, **changes)


def acknowledge(
    addenda: tuple[Addendum, ...],
    addendum_id: str | None,
    *,
    by: str,
    at: datetime,
    noun: str = "record",
) -> tuple[Addendum, ...]:
    """The addenda with `addendum_id` marked read by `by` at `at`. Acknowledging twice keeps the
    first acknowledgement; an unknown id, or the author acknowledging their own addendum, is refused."""
    found = next((a for a in addenda if addendum_id is not None and a.id == addendum_id), None)
    if found is None:
        raise WorkflowError(
            f"That addendum is not on this {noun}.", code="workflow.acknowledge_addendum.unknown"
        )
    if found.author == by:
        raise WorkflowError(
            "An addendum is acknowledged by the supervisor, not by its author.",
            code="workflow.acknowledge_addendum.own",
        )
    if found.acknowledged:
        return addenda
    return tuple(
        dataclasses.replace(a, acknowledged_by=by, acknowledged_at=at) if a is found else a
        for a in addenda
    )
