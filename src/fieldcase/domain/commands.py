"""Workflow commands applied to a whole record: the new status plus the review trail it leaves.
The server applies these; the laptop applies `submit` and `void` optimistically while offline."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TypeVar

from .addenda import Addendum
from .field_record import FieldRecord
from .workflow import Command, transition

R = TypeVar("R", bound=FieldRecord)

_NOUNS = {"HomeVisit": "visit", "VisitationEntry": "visitation log entry", "TransportTrip": "trip"}


def noun_for(record: FieldRecord) -> str:
    """How the caseworker calls this kind of record, for messages."""
    return _NOUNS.get(type(record).__name__, "record")


def apply_command(record: R, command: Command | str, *, actor: str, at: datetime, text: str | None = None) -> R:
    """The record after `command` by `actor` at `at`; `text` is the reason or the addendum text.
    Raises `WorkflowError` when the command is not allowed. Completeness for submit is checked
    separately (validation.check), because the server also re-checks it on its own copy."""
    command = Command(command)
    status = transition(record.status, command, reason=text, noun=noun_for(record), approved_at=record.approved_at)
    changes: dict[str, object] = {"status": status}
    if command is Command.APPROVE:
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
