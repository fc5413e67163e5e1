"""What the supervisor's review gives: the queue's entries, an entry as read, a decision, and
the errors a supervisor can act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fieldcase.domain import kinds
from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.workflow import Status
from fieldcase.errors import UserError
from fieldcase.services.comments import CommentLine
from fieldcase.services.review_words import FieldLine, HistoryEvent, Section

NOUNS = {kind: kinds.noun(kind) for kind in kinds.WORKFLOW_KINDS}
#: the server's limit on a return reason (protocol.approvals.ReturnRequest)
REASON_MAX = 2000
REASON_MIN_WORDS = 3


class ReviewedRevisionChanged(UserError):
    """The entry changed (a sync brought a newer revision) after the supervisor opened it."""

    code = "review.stale"

    def __init__(self, noun: str) -> None:
        super().__init__(
            f"This {noun} changed after you opened it. Read the new version before deciding."
        )


class ReturnReasonNeeded(UserError):
    code = "review.reason"


class NothingToReview(UserError):
    code = "review.not_submitted"


# ----------------------------------------------------------------------------------- results


def age_text(hours: int) -> str:
    if hours < 1:
        return "under an hour"
    if hours < 24:
        return f"{hours} hour" + ("" if hours == 1 else "s")
    days = hours // 24
    return f"{days} day" + ("" if days == 1 else "s")


@dataclass(frozen=True)
class QueueEntry:
    record_id: str
    kind: str
    noun: str
    case_id: str
    case_number: str
    children: tuple[str, ...]  # names, for the supervisor's own screen
    author_id: str | None
    author_label: str
    occurred_on: str | None
    submitted_at: datetime | None
    age_hours: int  # since submitted (or last changed, when the server did not say)
    rev: int
    version: int
    #: the reason it was returned before, when this is a resubmission
    returned_before: str | None
    #: the server refused an approval of an older revision: this one is new to the supervisor
    changed_since_review: bool
    #: the caseworker answered a question of this supervisor (and the supervisor has not replied)
    answered: bool = False
    #: present danger or a triggered safety plan recorded for a child: listed first
    danger: bool = False

    @property
    def age_days(self) -> int:
        return self.age_hours // 24

    @property
    def age_text(self) -> str:
        return age_text(self.age_hours)


@dataclass(frozen=True)
class ApprovalQueue:
    entries: tuple[QueueEntry, ...]  # present danger first, then oldest first
    as_of: datetime

    @property
    def oldest_age_hours(self) -> int | None:
        return max(e.age_hours for e in self.entries) if self.entries else None


#: what the supervisor acknowledges: addenda, and proposals (a caseworker's change that reached the
#: server after the approval; it is kept beside the entry, never applied to it)
ACKNOWLEDGED_KINDS = ("addendum", "proposal")


@dataclass(frozen=True)
class ProposedField:
    """One field of a proposed change: the field's label as the reader lists the entry's content, what
    the caseworker asked (set, clear, add, remove, attach) and the value in words."""

    label: str
    action: str  # set | clear | add | remove | attach
    value: str = ""

    @property
    def text(self) -> str:
        if self.action == "clear":
            return f"{self.label}: left empty"
        if self.action in ("add", "remove", "attach"):
            return f"{self.label}: {self.action} {self.value}"
        return f"{self.label}: {self.value}"


@dataclass(frozen=True)
class AddendumLine:
    addendum_id: str | None
    kind: str  # addendum | proposal
    author: str | None
    at: str | None
    text: str
    #: read by the supervisor (on the server, or here and waiting for the next sync)
    acknowledged: bool
    acknowledged_by: str | None = None
    acknowledged_at: str | None = None
    acknowledgement_waiting: bool = False
    #: the author and the acknowledging supervisor in words (set by `open_for_review`)
    author_label: str = ""
    acknowledged_by_label: str = ""
    #: a proposal's fields, in the form's order (its `text` says the same in one piece)
    proposed: tuple[ProposedField, ...] = ()

    @property
    def can_acknowledge(self) -> bool:
        """Addenda and proposals are acknowledged (read; a proposal stays unapplied) once the
        server has them."""
        return (
            self.kind in ACKNOWLEDGED_KINDS
            and self.addendum_id is not None
            and not self.acknowledged
        )


@dataclass(frozen=True)
class ReviewRecord:
    """One entry as the supervisor reads it before deciding."""

    record_id: str
    kind: str
    noun: str
    case_id: str
    case_number: str
    status: Status
    rev: int
    version: int
    author_id: str | None
    author_label: str
    children: tuple[str, ...]
    fields: tuple[FieldLine, ...]
    history: tuple[HistoryEvent, ...]
    addenda: tuple[AddendumLine, ...]
    attachments: tuple[AttachmentRef, ...]
    returned_reason: str | None
    #: a decision of this supervisor that waits for the next sync ("approve" / "return")
    decision_waiting: str | None
    #: why the supervisor must look again (the server refused an approval of an older revision)
    notice: str | None
    #: questions and answers, oldest first (services.comments)
    comments: tuple[CommentLine, ...] = ()
    can_comment: bool = False
    #: the content as the printed summary reads: sections, a block per child (services/review_words.py)
    sections: tuple[Section, ...] = ()
    #: a child's row records present danger or a triggered safety plan
    danger: bool = False

    @property
    def can_decide(self) -> bool:
        return self.status is Status.SUBMITTED and self.decision_waiting is None

    @property
    def addenda_to_acknowledge(self) -> tuple[AddendumLine, ...]:
        return tuple(a for a in self.addenda if a.can_acknowledge)


@dataclass(frozen=True)
class Decision:
    record_id: str
    decision: str  # approve | return
    rev: int
    version: int
    #: decisions always wait for the next sync; the server has the last word
    waiting_to_sync: bool = True


@dataclass(frozen=True)
class WaitingDecision:
    record_id: str
    record_kind: str
    decision: str
    rev: int | None
    state: str  # pending | inflight
