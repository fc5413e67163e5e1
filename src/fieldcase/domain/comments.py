"""Comments: questions and answers about an entry, between the supervisor and the caseworker.

A supervisor who needs to know something before deciding asks it as a comment instead of returning
the entry; the caseworker answers with a comment. A comment is part of the entry's history (author,
time, text), is never edited or removed once sent, and changes neither the entry's content nor its
status.

Why comments do not move the revision: the supervisor approves "revision N", the content they read
(sync.md "Approvals"; `approve(record, rev)` fails when the record is no longer at `rev`). If a
question or its answer counted as a revision, asking a question would make the supervisor's own
approval stale, and an answer arriving while they read would refuse an approval of unchanged
content. So the record's `rev` stays the *content* revision: a comment is a change of the record in
the change log (it gets a `seq`, so every laptop in scope pulls it with the record), but its `rev`
is unchanged and its body untouched. On the wire the thread travels beside the body, in the
change's `addenda` list as entries of kind "comment".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fieldcase.domain.text import clean
from fieldcase.errors import UserError

#: the longest comment the server accepts (protocol.approvals.CommentRequest)
COMMENT_MAX = 2000


class CommentRefused(UserError):
    code = "comment.invalid"


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    id: str
    author: str  # user id
    at: datetime | None  # None: written on this laptop, the server has not stamped it yet
    text: str


def check_text(text: str | None) -> str:
    """The comment as it will be sent (surrounding blank space removed, lines kept), or
    `CommentRefused` saying what is wrong."""
    tidy = clean(text or "").strip()  # a pasted control character never travels (domain/text.py)
    if not tidy:
        raise CommentRefused("Write the question or the answer.", code="comment.empty")
    if len(tidy) > COMMENT_MAX:
        raise CommentRefused(f"Keep it under {COMMENT_MAX} characters.", code="comment.too_long")
    return tidy


def waiting_for_answer(thread: Sequence[Comment], *, author: str | None) -> Comment | None:
    """The comment the entry's author has not answered yet: the last one, when someone else wrote
    it. None when the thread is empty or the author had the last word."""
    if not thread or author is None:
        return None
    last = thread[-1]
    return None if last.author == author else last


def answered(thread: Sequence[Comment], *, reader: str) -> Comment | None:
    """For `reader` (the supervisor who asked): the last comment, when someone else wrote it after
    one of theirs — an answer they have not replied to."""
    if not thread or thread[-1].author == reader:
        return None
    if any(c.author == reader for c in thread[:-1]):
        return thread[-1]
    return None
