"""The supervisor's review: the approval queue, reading one entry in full, and the decisions.

Everything works from the synced copy on the laptop (sync.md "Approvals"). A decision is a command
in the store's outbox — approve carries the revision the supervisor read — and is applied by the
server on the next sync against that exact revision. If the entry changed meanwhile the server
refuses the approval; the sync leaves a "stale" attention item and the entry is back in the queue at
its new revision, and `open_for_review` says so.

Two guards on this side: a decision names the revision *and* the local version the supervisor
opened, so an entry that a sync changed while the reader was open is never approved unread
(`ReviewedRevisionChanged`); and a return needs a reason the caseworker can act on.

Questions (comments, services/comments.py) leave the entry's state and revision alone: asking one
never makes the approval of the revision read stale. Addenda on approved entries are acknowledged
through the outbox too (`acknowledge_addendum`); the server records who and when, and the caseworker
sees it. Until the next sync an acknowledgement made here shows as waiting. So are proposed changes
(a caseworker's edit that reached the server after the approval): acknowledging one says it was
read, it never applies it, so a late correction does not sit unread; the supervisor sees each field
the caseworker proposed, by the label the entry's content has in the reader, with the value in words.

One module per concept: models (what the review gives), queue, reading, deciding, addenda; this
package names what callers use.
"""

from fieldcase.services.approvals.addenda import (
    AddendumToRead,
    acknowledge_addendum,
    addenda_to_acknowledge,
)
from fieldcase.services.approvals.deciding import approve, check_return_reason, return_entry
from fieldcase.services.approvals.models import (
    ACKNOWLEDGED_KINDS,
    NOUNS,
    REASON_MAX,
    REASON_MIN_WORDS,
    AddendumLine,
    ApprovalQueue,
    Decision,
    NothingToReview,
    ProposedField,
    QueueEntry,
    ReturnReasonNeeded,
    ReviewedRevisionChanged,
    ReviewRecord,
    WaitingDecision,
    age_text,
)
from fieldcase.services.approvals.queue import approval_queue, author_ids, decisions_waiting
from fieldcase.services.approvals.reading import _proposed_field, open_for_review
from fieldcase.services.review_words import FieldLine, HistoryEvent

__all__ = [
    "ACKNOWLEDGED_KINDS",
    "NOUNS",
    "REASON_MAX",
    "REASON_MIN_WORDS",
    "AddendumLine",
    "AddendumToRead",
    "ApprovalQueue",
    "Decision",
    "FieldLine",
    "HistoryEvent",
    "NothingToReview",
    "ProposedField",
    "QueueEntry",
    "ReturnReasonNeeded",
    "ReviewRecord",
    "ReviewedRevisionChanged",
    "WaitingDecision",
    "_proposed_field",
    "acknowledge_addendum",
    "addenda_to_acknowledge",
    "age_text",
    "approval_queue",
    "approve",
    "author_ids",
    "check_return_reason",
    "decisions_waiting",
    "open_for_review",
    "return_entry",
]
