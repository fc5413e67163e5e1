"""The life of every field record: draft → submitted → approved, or returned and reworked.

domain.md "Workflow of every field record" and sync.md "Approvals". The server runs the same state
machine, so a command refused here is refused there with the same words.
"""

from __future__ import annotations

import enum
from datetime import datetime

from fieldcase.errors import UserError


class Status(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    VOIDED = "voided"


class Command(enum.Enum):
    SUBMIT = "submit"
    #: the caseworker makes the record final with no review, for a kind the agency's rule pack does
    #: not send to the supervisor (domain/approval.py); the record is approved, filed by its author
    FILE = "file"
    APPROVE = "approve"
    RETURN = "return"
    REOPEN = "reopen"
    VOID = "void"
    ADD_ADDENDUM = "add_addendum"
    #: a question or an answer about the entry (comments.py); changes no field and no status
    COMMENT = "comment"
    #: the supervisor has read an addendum of an approved entry
    ACKNOWLEDGE_ADDENDUM = "acknowledge_addendum"


class WorkflowError(UserError):
    """A command that the record's current state does not allow, explained in plain words."""

    code = "workflow"


# Which state each command leads to, from each state that allows it.
_ALLOWED: dict[Command, dict[Status, Status]] = {
    Command.SUBMIT: {Status.DRAFT: Status.SUBMITTED},
    Command.FILE: {Status.DRAFT: Status.APPROVED},
    Command.APPROVE: {Status.SUBMITTED: Status.APPROVED},
    Command.RETURN: {Status.SUBMITTED: Status.RETURNED},
    Command.REOPEN: {Status.RETURNED: Status.DRAFT},
    # Voiding replaces deleting (sync.md "Deletes"); approved work is kept forever, so it cannot be
    # voided — a correction goes in an addendum.
    Command.VOID: {
        Status.DRAFT: Status.VOIDED,
        Status.SUBMITTED: Status.VOIDED,
        Status.RETURNED: Status.VOIDED,
    },
    # Addenda are the only way to correct approved work; the record stays approved.
    Command.ADD_ADDENDUM: {Status.APPROVED: Status.APPROVED},
    # A conversation about an entry goes on whatever its state (a question on a submitted entry, the
    # answer after a return, a note after approval); only a voided entry is closed to it.
    Command.COMMENT: {
        s: s for s in (Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.APPROVED)
    },
    Command.ACKNOWLEDGE_ADDENDUM: {Status.APPROVED: Status.APPROVED},
}

_NEEDS_REASON = {Command.RETURN, Command.VOID, Command.ADD_ADDENDUM, Command.COMMENT}

#: commands that change neither the content nor the status of a record: they never make a
#: supervisor's approval of the revision they read stale (see comments.py)
BESIDE_CONTENT = frozenset({Command.COMMENT, Command.ACKNOWLEDGE_ADDENDUM})


def is_read_only(status: Status) -> bool:
    """Approved and voided records are never edited. A submitted record may still be patched (the
    supervisor approves the exact revision reviewed, so a later edit is visible as a new revision)."""
    return status in (Status.APPROVED, Status.VOIDED)


def read_only_sentence(
    status: Status, *, noun: str = "record", approved_at: datetime | None = None
) -> tuple[str, dict] | None:
    """Why a record cannot be edited as a template and its values (`day`: a date), so the window
    words it in the reader's language; None when it can be edited. One template per noun: other
    languages inflect the noun."""
    if status is Status.APPROVED:
        if approved_at is not None:
            return (
                f"This {noun} was approved on {{day}} and can no longer be changed; add an addendum instead.",
                {"day": approved_at.date()},
            )
        return (
            f"This {noun} was approved and can no longer be changed; add an addendum instead.",
            {},
        )
    if status is Status.VOIDED:
        return f"This {noun} was voided and can no longer be changed.", {}
    return None


def read_only_reason(
    status: Status, *, noun: str = "record", approved_at: datetime | None = None
) -> str | None:
    """Why a record cannot be edited, in English (logs, refusals); None when it can be."""
    found = read_only_sentence(status, noun=noun, approved_at=approved_at)
    if found is None:
        return None
    text, values = found
    day = values.get("day")
    # Spelled out by hand: "%-d" does not exist on Windows.
    return text.format(day=f"{day:%B} {day.day}, {day.year}") if day is not None else text


def transition(
    status: Status,
    command: Command | str,
    *,
    reason: str | None = None,
    noun: str = "record",
    approved_at: datetime | None = None,
) -> Status:
    """The status after `command`, or `WorkflowError` saying why it is not allowed.

    `reason` is the return reason, the void reason or the addendum text; `noun` ("visit", "trip")
    and `approved_at` only make the message read naturally.
    """
    command = Command(command)
    targets = _ALLOWED[command]
    if status not in targets:
        raise WorkflowError(
            _refusal(status, command, noun, approved_at), code=f"workflow.{command.value}"
        )
    if command in _NEEDS_REASON and not (reason and reason.strip()):
        raise WorkflowError(_missing_reason(command, noun), code=f"workflow.{command.value}.reason")
    return targets[status]


def check_editable(
    status: Status, *, noun: str = "record", approved_at: datetime | None = None
) -> None:
    """Raise `WorkflowError` if the record may not be edited any more."""
    why = read_only_reason(status, noun=noun, approved_at=approved_at)
    if why is not None:
        raise WorkflowError(why, code="workflow.read_only")


def _missing_reason(command: Command, noun: str) -> str:
    if command is Command.RETURN:
        return f"Say what needs to change before this {noun} can be approved."
    if command is Command.VOID:
        return f"Say why this {noun} is being voided."
    if command is Command.COMMENT:
        return "Write the question or the answer."
    return "Write the text of the addendum."


def _refusal(status: Status, command: Command, noun: str, approved_at: datetime | None) -> str:
    if status in (Status.APPROVED, Status.VOIDED):
        return read_only_reason(status, noun=noun, approved_at=approved_at) or ""
    if command is Command.ADD_ADDENDUM:
        return f"An addendum can only be added once the {noun} is approved; edit the {noun} itself instead."
    if command is Command.COMMENT:
        return f"This {noun} is {status.value}; questions and answers can no longer be added to it."
    if command is Command.ACKNOWLEDGE_ADDENDUM:
        return (
            f"Only the addenda of an approved {noun} are acknowledged; this one is {status.value}."
        )
    if command in (Command.SUBMIT, Command.FILE):
        if status is Status.SUBMITTED:
            return f"This {noun} has already been submitted."
        return f"This {noun} was returned; reopen it as a draft, make the changes, then submit it again."
    if command in (Command.APPROVE, Command.RETURN):
        verb = "approved" if command is Command.APPROVE else "returned"
        return f"Only a submitted {noun} can be {verb}; this one is {status.value}."
    if command is Command.REOPEN:
        return f"Only a returned {noun} can be reopened; this one is {status.value}."
    return f"This {noun} cannot be changed that way while it is {status.value}."
