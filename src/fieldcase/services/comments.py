"""Questions and answers about an entry (domain/comments.py), as the supervisor and the caseworker
see and write them.

A comment is queued in the outbox like any decision (it works offline) and is applied by the server
on the next sync; it never changes the entry, its revision or its version on this laptop, so a form
or a reader open on the entry stays current and an approval of the revision read stays valid.

The thread on this laptop is the server's (the last pulled copy of the entry, where comments are
the `addenda` of kind "comment") followed by this laptop's own comments the server has not sent back
yet, marked as waiting. Each comment carries an id made here, so the two are never shown twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from fieldcase.domain import comments as rules
from fieldcase.domain import kinds
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import Command, Status
from fieldcase.store.outbox import OutboxEntry
from fieldcase.store.records import StoredRecord
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore

#: outbox states of a comment that is on its way (an acknowledged one is shown until the pull brings it)
_ON_ITS_WAY = ("pending", "inflight", "acked")
#: entries whose questions count as "needs attention" (after approval a question shows on the entry)
_OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)


@dataclass(frozen=True)
class CommentLine:
    comment_id: str
    author_id: str | None
    author_label: str
    at: str | None  # ISO time the server gave it; None while it waits to be sent
    text: str
    mine: bool
    waiting_to_sync: bool


@dataclass(frozen=True)
class Thread:
    record_id: str
    lines: tuple[CommentLine, ...]
    #: the entry's author (the caseworker who wrote it)
    author_id: str | None
    #: for the entry's author: the last comment, when someone else wrote it (a question to answer)
    question: CommentLine | None
    #: for a supervisor who asked: the caseworker's answer, when they have not replied to it
    answer: CommentLine | None
    can_comment: bool


@dataclass(frozen=True)
class Question:
    """A question waiting for the signed-in caseworker's answer."""

    record_id: str
    record_kind: str
    comment: CommentLine


# ----------------------------------------------------------------------------------- reading


def _server_comments(change: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [a for a in change.get("addenda") or [] if a.get("kind") == "comment"]


def _queued(entries: Iterable[OutboxEntry]) -> dict[str, list[OutboxEntry]]:
    """This laptop's comments still on their way, by record."""
    found: dict[str, list[OutboxEntry]] = {}
    for entry in entries:
        if (
            entry.kind == "command"
            and entry.payload.get("name") == Command.COMMENT.value
            and entry.state in _ON_ITS_WAY
        ):
            found.setdefault(entry.record_id, []).append(entry)
    return found


def _workers(store: Store) -> set[str]:
    return {worker for r in store.list(kind="case") if (worker := r.body.get("primary_worker_id"))}


def labeller(store: Store, names: Mapping[str, str] | None = None) -> Any:
    """user id → a label for a comment's author: "You", a name from the team directory or the app,
    else "Caseworker N" for the team's workers, otherwise "Supervisor" (a worker who writes on an
    entry is its author or a primary worker here, so someone else is the supervisor)."""
    from fieldcase.services.directory import known_names
    from fieldcase.services.team import team_labels

    me = store.header.user_id
    names = known_names(
        store, names
    )  # the team directory the server sends, then what the caller knows
    known = dict(names)
    workers = _workers(store)
    team = team_labels(store, names=names)

    def label(user: str | None, *, entry_author: str | None = None) -> str:
        if user is None:
            return ""
        if user == me:
            return "You"
        if known.get(user):
            return known[user]
        if user in workers or user == entry_author:
            return team.get(user) or team_labels(store, names=names, others=(user,)).get(
                user, "Caseworker"
            )
        return "Supervisor"

    return label


def _lines(
    change: Mapping[str, Any],
    queued: list[OutboxEntry],
    *,
    me: str,
    label: Any,
    entry_author: str | None,
) -> tuple[CommentLine, ...]:
    lines = [
        CommentLine(
            comment_id=str(c.get("addendum_id")),
            author_id=c.get("author"),
            author_label=label(c.get("author"), entry_author=entry_author),
            at=c.get("created_at"),
            text=c.get("text") or "",
            mine=c.get("author") == me,
            waiting_to_sync=False,
        )
        for c in _server_comments(change)
    ]
    arrived = {line.comment_id for line in lines}
    for entry in queued:
        args = entry.payload.get("args") or {}
        if args.get("comment_id") in arrived:
            continue
        lines.append(
            CommentLine(
                str(args.get("comment_id")),
                me,
                label(me),
                None,
                str(args.get("text") or ""),
                True,
                True,
            )
        )
    return tuple(lines)


def _as_rules(lines: tuple[CommentLine, ...]) -> list[rules.Comment]:
    return [
        rules.Comment(id=line.comment_id, author=line.author_id or "", at=None, text=line.text)
        for line in lines
    ]


def _author(store_body: Mapping[str, Any], change: Mapping[str, Any]) -> str | None:
    return (change.get("meta") or {}).get("created_by") or store_body.get("created_by")


def _thread(
    record_id: str,
    status: str | None,
    body: Mapping[str, Any],
    change: Mapping[str, Any],
    queued: list[OutboxEntry],
    *,
    me: str,
    label: Any,
) -> Thread:
    author = _author(body, change)
    lines = _lines(change, queued, me=me, label=label, entry_author=author)
    by_id = {line.comment_id: line for line in lines}
    asked = rules.waiting_for_answer(_as_rules(lines), author=author) if author == me else None
    replied = rules.answered(_as_rules(lines), reader=me) if author != me else None
    return Thread(
        record_id=record_id,
        lines=lines,
        author_id=author,
        question=by_id[asked.id] if asked else None,
        answer=by_id[replied.id] if replied else None,
        can_comment=status is not None and status != Status.VOIDED.value,
    )


def thread(store: Store, *, record_id: str, names: Mapping[str, str] | None = None) -> Thread:
    """The questions and answers on one entry, oldest first, with this laptop's unsent ones last."""
    stored = store.get(record_id)
    change = SyncStore(store).shadow_change(record_id, body=False) or {}
    queued = _queued(store.outbox_entries(states=_ON_ITS_WAY)).get(record_id, [])
    return _thread(
        record_id,
        stored.status,
        stored.body,
        change,
        queued,
        me=store.header.user_id,
        label=labeller(store, names),
    )


def threads(
    store: Store,
    records: Iterable[StoredRecord],
    *,
    names: Mapping[str, str] | None = None,
    shadows: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Thread]:
    """`thread` for many entries the caller has already read (the approval queue): one read of the
    shadows and one of the outbox, however many entries (a read per entry made a 1,000-entry queue
    open in over a second). `shadows`: the pulled copies, when the caller has read them already."""
    wanted = {stored.id: stored for stored in records}
    if not wanted:
        return {}
    if shadows is None:
        shadows = SyncStore(store).shadow_changes(wanted, body=False)
    queued = _queued(store.outbox_entries(states=_ON_ITS_WAY))
    label, me = labeller(store, names), store.header.user_id
    return {
        record_id: _thread(
            record_id,
            stored.status,
            stored.body,
            shadows.get(record_id) or {},
            queued.get(record_id, []),
            me=me,
            label=label,
        )
        for record_id, stored in wanted.items()
    }


def questions_for_me(store: Store, *, names: Mapping[str, str] | None = None) -> list[Question]:
    """Entries the signed-in user wrote (not yet approved) whose last comment is someone else's: a
    question waiting for their answer, oldest entry first."""
    me = store.header.user_id
    mine = [
        stored
        for kind in kinds.WORKFLOW_KINDS
        for status in _OPEN_STATUSES
        for stored in store.list(kind=kind, status=status.value)
    ]
    if not mine:
        return []
    shadows = SyncStore(store).shadow_changes((s.id for s in mine), body=False)
    candidates = [
        s
        for s in mine
        if _server_comments(shadows.get(s.id) or {})
        and _author(s.body, shadows.get(s.id) or {}) == me
    ]
    if not candidates:
        return []
    queued = _queued(store.outbox_entries(states=_ON_ITS_WAY))
    label = labeller(store, names)
    found = []
    for stored in candidates:
        found_thread = _thread(
            stored.id,
            stored.status,
            stored.body,
            shadows[stored.id],
            queued.get(stored.id, []),
            me=me,
            label=label,
        )
        if found_thread.question is not None:
            found.append(Question(stored.id, stored.kind, found_thread.question))
    return found


# ----------------------------------------------------------------------------------- writing


def add_comment(store: Store, *, record_id: str, text: str) -> CommentLine:
    """Ask a question or answer one (works offline: queued for the next sync). `CommentRefused`
    says what is wrong with the text; a voided entry refuses it with the workflow's words."""
    tidy = rules.check_text(text)
    comment_id = new_id()
    store.queue_note(
        record_id, Command.COMMENT, args={"comment_id": comment_id, "text": tidy}, text=tidy
    )
    me = store.header.user_id
    return CommentLine(comment_id, me, "You", None, tidy, True, True)


__all__ = [
    "CommentLine",
    "Question",
    "Thread",
    "add_comment",
    "labeller",
    "questions_for_me",
    "thread",
    "threads",
]
