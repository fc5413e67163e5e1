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
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fieldcase.domain import metadata as record_facts
from fieldcase.domain import kinds
from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.serialization import KINDS
from fieldcase.domain.text import clean
from fieldcase.domain.workflow import Command, Status
from fieldcase.errors import UserError
from fieldcase.services import comments
from fieldcase.services.comments import CommentLine
from fieldcase.services.directory import known_names
from fieldcase.services.resource_directory import providers_named
from fieldcase.services.review_words import FieldLine, HistoryEvent, Section, danger_in_body, history, placements_named, who_words
from fieldcase.services.review_words import fields as _fields
from fieldcase.services.review_words import label as _label
from fieldcase.services.review_words import sections as _sections
from fieldcase.services.review_words import text as _text
from fieldcase.services.team import team_labels
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore

REVIEWED_KINDS = record_facts.workflow_kinds  # the contacts and the proposed goal changes
NOUNS = {kind: kinds.noun(kind) for kind in REVIEWED_KINDS}
#: the server's limit on a return reason (protocol.approvals.ReturnRequest)
REASON_MAX = 2000
REASON_MIN_WORDS = 3



class ReviewedRevisionChanged(UserError):
    """The entry changed (a sync brought a newer revision) after the supervisor opened it."""

    code = "review.stale"

    def __init__(self, noun: str) -> None:
        super().__init__(f"This {noun} changed after you opened it. Read the new version before deciding.")


class ReturnReasonNeeded(UserError):
    code = "review.reason"


class NothingToReview(UserError):
    code = "review.not_submitted"


# ----------------------------------------------------------------------------------- results


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
        return self.kind in ACKNOWLEDGED_KINDS and self.addendum_id is not None and not self.acknowledged


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


# ----------------------------------------------------------------------------------- helpers


def age_text(hours: int) -> str:
    if hours < 1:
        return "under an hour"
    if hours < 24:
        return f"{hours} hour" + ("" if hours == 1 else "s")
    days = hours // 24
    return f"{days} day" + ("" if days == 1 else "s")


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _hours_between(start: datetime | None, end: datetime) -> int:
    if start is None:
        return 0
    return max(0, int((end - start).total_seconds() // 3600))


def _names(store: Store) -> dict[str, str]:
    # names straight from the stored bodies: parsing every person into a record only to read two
    # fields made the queue slow on a large team
    return {
        r.id: f"{r.body.get('given_name') or ''} {r.body.get('family_name') or ''}".strip()
        for r in store.list(kind="person")
    }


def _case_numbers(store: Store) -> dict[str, str]:
    return {r.id: r.body.get("case_number") or "" for r in store.list(kind="case")}


def _child_ids(item: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(record_facts.children_of(item)))


def _open_stale(sync: SyncStore) -> dict[str, str]:
    """record id → the message of an unresolved refused-approval item."""
    return {a.record_id: a.message for a in sync.attention() if a.topic == "stale" and a.record_id}


def decisions_waiting(store: Store) -> list[WaitingDecision]:
    """Approvals and returns made on this laptop that the server has not answered yet."""
    found = []
    for entry in SyncStore(store).unsent():
        name = entry.payload.get("name") if entry.kind == "command" else None
        if name in (Command.APPROVE.value, Command.RETURN.value):
            found.append(WaitingDecision(entry.record_id, entry.record_kind, name, entry.payload.get("rev"), entry.state))
    return found


# ----------------------------------------------------------------------------------- the queue


def approval_queue(
    store: Store, *, now: datetime, user_id: str | None = None, names: Mapping[str, str] | None = None
) -> ApprovalQueue:
    """Entries submitted by the team, oldest first. `user_id`: the supervisor (their own entries,
    if any, are never theirs to approve); defaults to the store's user. `names`: user id → name,
    when the app knows them (see `team.team_labels`)."""
    me = user_id or store.header.user_id
    sync = SyncStore(store)
    people, numbers, stale = _names(store), _case_numbers(store), _open_stale(sync)
    entries = []
    submitted_records = [
        (kind, stored) for kind in REVIEWED_KINDS for stored in store.list(kind=kind, status=Status.SUBMITTED.value)
    ]
    shadows = sync.shadow_changes(stored.id for _kind, stored in submitted_records)
    for kind, stored in submitted_records:
        change = shadows.get(stored.id) or {}
        meta = change.get("meta") or {}
        author = meta.get("created_by") or stored.body.get("created_by")
        if author == me:
            continue
        submitted = _parse_time(meta.get("submitted_at")) or _parse_time(stored.updated_at)
        # read from the body: building 1,000 records as domain objects was a third of the queue's time
        entries.append(
            QueueEntry(
                record_id=stored.id, kind=kind, noun=NOUNS[kind], case_id=stored.case_id or "",
                case_number=numbers.get(stored.case_id or "", ""),
                children=tuple(people.get(c, "") for c in record_facts.children_in_body(kind, stored.body)),
                author_id=author, author_label="",
                occurred_on=(d.isoformat() if (d := record_facts.occurred_on_in_body(kind, stored.body)) else None),
                submitted_at=submitted, age_hours=_hours_between(submitted, now), rev=stored.rev, version=stored.version,
                returned_before=stored.body.get("returned_reason"), changed_since_review=stored.id in stale,
                danger=danger_in_body(kind, stored.body),
            )
        )
    labels = team_labels(store, names=known_names(store, names), others=author_ids(entries))
    listed = {e.record_id for e in entries}
    talk = comments.threads(store, (stored for _kind, stored in submitted_records if stored.id in listed), names=names, shadows=shadows)
    entries = [
        dataclasses.replace(e, author_label=labels.get(e.author_id or "", ""), answered=talk[e.record_id].answer is not None)
        for e in entries
    ]
    epoch = datetime.min.replace(tzinfo=UTC)
    entries.sort(key=lambda e: (not e.danger, e.submitted_at or epoch, e.record_id))  # present danger first, then oldest
    return ApprovalQueue(tuple(entries), now)


# ----------------------------------------------------------------------------------- reading


def _acknowledging(store: Store) -> dict[tuple[str, str], str]:
    """(record id, addendum id) → outbox state of this laptop's acknowledgements still on their way."""
    return {
        (e.record_id, str((e.payload.get("args") or {}).get("addendum_id"))): e.state
        for e in store.outbox_entries(states=("pending", "inflight", "acked"))
        if e.kind == "command" and e.payload.get("name") == Command.ACKNOWLEDGE_ADDENDUM.value
    }


def _proposed_field(name: str, change: Any, names: Mapping[str, str]) -> ProposedField:
    """One field of a proposal as the server keeps it (records._locked): {"base", "new"} for an edit,
    {"add"|"remove": item} for a list, {"attach": file} for an attachment."""
    label = _label(name)
    if isinstance(change, Mapping) and "new" in change:
        new = change.get("new")
        return ProposedField(label, "clear") if new in (None, "", [], {}) else ProposedField(label, "set", _text(new, names))
    if isinstance(change, Mapping) and len(change) == 1:
        [(action, value)] = change.items()
        if action == "attach" and isinstance(value, Mapping):
            return ProposedField(label, "attach", str(value.get("name") or "a file"))
        if action in ("add", "remove"):
            return ProposedField(label, action, _text(value, names))
    return ProposedField(label, "set", _text(change, names))


def _proposed(kind: str, patch: Any, names: Mapping[str, str]) -> tuple[ProposedField, ...]:
    """The fields of a proposal in the form's order (the record's field order), each in words."""
    if not isinstance(patch, Mapping):
        return ()
    order = {name: i for i, name in enumerate(_field_order(kind))}
    return tuple(_proposed_field(name, patch[name], names) for name in sorted(patch, key=lambda n: (order.get(n, len(order)), n)))


@functools.cache
def _field_order(kind: str) -> tuple[str, ...]:
    cls = KINDS.get(kind)
    return tuple(f.name for f in dataclasses.fields(cls)) if cls is not None else ()


def _acknowledgements(change: Mapping[str, Any], body: Mapping[str, Any]) -> dict[Any, Mapping[str, Any]]:
    """Addendum or proposal id → who read it and when: an addendum's in the body the server sent
    (`addenda[].acknowledged_by/at`), a proposal's in the change's `meta.acknowledged_proposals` (a
    proposal is not part of the entry's body)."""
    read = {a.get("id"): a for a in (change.get("meta") or {}).get("acknowledged_proposals") or [] if isinstance(a, Mapping)}
    read.update({a.get("id"): a for a in body.get("addenda") or [] if a.get("id")})
    return read


def _addenda(record_id: str, change: Mapping[str, Any], body: Mapping[str, Any], waiting: Mapping[tuple[str, str], str],
             names: Mapping[str, str] | None = None) -> tuple[AddendumLine, ...]:
    """Addenda and proposals (not comments: those are the thread), with who acknowledged them and
    when. `names`: people and users by name, for the values a proposal names."""
    read = _acknowledgements(change, body)
    listed = [a for a in change.get("addenda") or [] if a.get("kind") in ACKNOWLEDGED_KINDS]
    if listed:
        lines = []
        for a in listed:
            known = read.get(a.get("addendum_id")) or {}
            mine_waiting = (record_id, str(a.get("addendum_id"))) in waiting and not known.get("acknowledged_by")
            proposed = _proposed(change.get("record_kind") or "", a.get("proposed_patch"), names or {}) if a.get("kind") == "proposal" else ()
            lines.append(AddendumLine(
                a.get("addendum_id"), a.get("kind", "addendum"), a.get("author"), a.get("created_at"),
                a.get("text") or "\n".join(p.text for p in proposed),
                acknowledged=bool(known.get("acknowledged_by")) or mine_waiting,
                acknowledged_by=known.get("acknowledged_by"), acknowledged_at=known.get("acknowledged_at"),
                acknowledgement_waiting=mine_waiting, proposed=proposed,
            ))
        return tuple(lines)
    # not synced yet (or a laptop-made addendum): what the record body carries
    return tuple(
        AddendumLine(a.get("id"), "addendum", a.get("author"), a.get("at"), a.get("text") or "", bool(a.get("acknowledged_by")),
                     a.get("acknowledged_by"), a.get("acknowledged_at"))
        for a in body.get("addenda") or []
    )


def open_for_review(store: Store, *, record_id: str, names: Mapping[str, str] | None = None) -> ReviewRecord:
    """The entry in full: content in the form's order with people and users by name, its history
    (written, returned before, submitted, approved, decisions waiting here) and its addenda."""
    stored = store.get(record_id)
    if stored.kind not in REVIEWED_KINDS:
        raise NothingToReview("Only home visits, family visits and trips are reviewed here.")
    sync = SyncStore(store)
    change = sync.shadow_change(record_id) or {}
    item = stored.to_domain()
    workers = team_labels(store, names=known_names(store, names))
    people = {**known_names(store, names), **workers}  # the supervisor too, by name (or "You"), never by login
    me = store.header.user_id
    names = {**workers, **_names(store), **placements_named(store), **providers_named(store)}  # a referral's provider by name
    waiting = [d for d in decisions_waiting(store) if d.record_id == record_id]
    talk = comments.thread(store, record_id=record_id, names=names)
    store.record_audit("record.view", record_kind=stored.kind, record_id=record_id)
    return ReviewRecord(
        record_id=record_id, kind=stored.kind, noun=NOUNS[stored.kind], case_id=stored.case_id or "",
        case_number=_case_numbers(store).get(stored.case_id or "", ""), status=Status(stored.status), rev=stored.rev,
        version=stored.version, author_id=(author := (change.get("meta") or {}).get("created_by") or stored.body.get("created_by")),
        author_label=workers.get(author or "", author or ""),
        children=tuple(names.get(c, "") for c in _child_ids(item)), fields=_fields(item, stored.body, names),
        history=tuple(dataclasses.replace(h, who=who_words(h.who, me=me, known=people))
                      for h in history(change, stored.body, Status(stored.status), waiting)), addenda=tuple(
            dataclasses.replace(a, author_label=workers.get(a.author or "", ""), acknowledged_by_label=workers.get(a.acknowledged_by or "", "")
                                   or ("You" if a.acknowledged_by == store.header.user_id else ""))
            for a in _addenda(record_id, change, stored.body, _acknowledging(store), names)
        ),
        attachments=tuple(getattr(item, "attachments", ()) or ()), returned_reason=stored.body.get("returned_reason"),
        decision_waiting=waiting[-1].decision if waiting else None, notice=_open_stale(sync).get(record_id),
        comments=talk.lines, can_comment=talk.can_comment, sections=_sections(stored.kind, item, stored.body, names),
        danger=danger_in_body(stored.kind, stored.body),
    )


# ----------------------------------------------------------------------------------- deciding


def check_return_reason(reason: str | None, *, noun: str = "entry") -> str:
    """The reason, tidied; `ReturnReasonNeeded` says in words what is missing."""
    text = " ".join(clean(reason or "").split())
    if not text:
        raise ReturnReasonNeeded(f"Say what needs to change before this {noun} can be approved.")
    if len(text.split()) < REASON_MIN_WORDS:
        raise ReturnReasonNeeded("Write a short sentence the caseworker can act on, e.g. “Add who else was present.”")
    if len(text) > REASON_MAX:
        raise ReturnReasonNeeded(f"Keep the reason under {REASON_MAX} characters; put details in a conversation.")
    return text


def _reviewed(store: Store, record_id: str, rev: int, version: int) -> Any:
    stored = store.get(record_id)
    noun = NOUNS.get(stored.kind, "entry")
    if stored.rev != rev or stored.version != version:
        raise ReviewedRevisionChanged(noun)
    return stored


def _settle_stale(store: Store, record_id: str) -> None:
    sync = SyncStore(store)
    for item in sync.attention():
        if item.topic == "stale" and item.record_id == record_id:
            sync.resolve_attention(item.id)


def approve(store: Store, *, record_id: str, rev: int, version: int) -> Decision:
    """Approve the revision read (`rev`, `version` from `open_for_review`). Queued for the next sync;
    the server refuses it if the entry moved on there."""
    _reviewed(store, record_id, rev, version)
    saved = store.command(record_id, Command.APPROVE, expected_version=version)
    _settle_stale(store, record_id)
    return Decision(record_id, "approve", rev, saved.record.version)


def return_entry(store: Store, *, record_id: str, rev: int, version: int, reason: str) -> Decision:
    """Send the entry back with a reason the caseworker will see. Queued for the next sync."""
    stored = _reviewed(store, record_id, rev, version)
    text = check_return_reason(reason, noun=NOUNS.get(stored.kind, "entry"))
    saved = store.command(record_id, Command.RETURN, reason=text, expected_version=version)
    _settle_stale(store, record_id)
    return Decision(record_id, "return", rev, saved.record.version)


# ----------------------------------------------------------------------------------- addenda


@dataclass(frozen=True)
class AddendumToRead:
    record_id: str
    kind: str
    noun: str
    case_number: str
    addendum: AddendumLine
    author_label: str = ""


def addenda_to_acknowledge(store: Store, *, names: Mapping[str, str] | None = None) -> list[AddendumToRead]:
    """Addenda and proposed changes (a caseworker's edit that reached the server after the approval)
    on the team's approved entries that no supervisor has acknowledged yet (the supervisor's own
    excepted), oldest first."""
    sync, numbers, me = SyncStore(store), _case_numbers(store), store.header.user_id
    found = []
    approved = [(kind, stored) for kind in REVIEWED_KINDS for stored in store.list(kind=kind, status=Status.APPROVED.value)]
    shadows = sync.shadow_changes(stored.id for _kind, stored in approved)
    waiting = _acknowledging(store)
    people: Mapping[str, str] | None = None
    for kind, stored in approved:
        change = shadows.get(stored.id) or {}
        listed = {a.get("kind") for a in change.get("addenda") or []}
        if not listed & set(ACKNOWLEDGED_KINDS):
            continue
        if "proposal" in listed and people is None:
            # read once, and only when a proposal names someone: the list is loaded after every sync
            people = {**known_names(store, names), **_names(store)}
        for line in _addenda(stored.id, change, stored.body, waiting, people):
            if line.can_acknowledge and line.author != me:
                found.append(AddendumToRead(stored.id, kind, NOUNS[kind], numbers.get(stored.case_id or "", ""), line))
    labels = team_labels(store, names=known_names(store, names), others=tuple(sorted({f.addendum.author for f in found if f.addendum.author})))
    found = [dataclasses.replace(f, author_label=labels.get(f.addendum.author or "", "")) for f in found]
    found.sort(key=lambda f: (f.addendum.at or "", f.record_id))
    return found


def acknowledge_addendum(store: Store, *, record_id: str, addendum_id: str) -> bool:
    """Mark an addendum, or a proposed change, read: queued for the next sync, where the server
    records who and when and the caseworker sees it (a proposal stays unapplied). False when it was
    acknowledged already (nothing queued)."""
    stored = store.get(record_id)
    change = SyncStore(store).shadow_change(record_id) or {}
    lines = {a.addendum_id: a for a in _addenda(record_id, change, stored.body, _acknowledging(store))}
    line = lines.get(addendum_id)
    if line is None:
        raise NothingToReview("That addendum is not on this laptop; sync and try again.")
    if line.acknowledged:
        return False
    store.queue_note(record_id, Command.ACKNOWLEDGE_ADDENDUM, args={"addendum_id": addendum_id})
    return True


def author_ids(entries: Iterable[QueueEntry]) -> tuple[str, ...]:
    return tuple(sorted({e.author_id for e in entries if e.author_id}))


__all__ = [
    "AddendumLine", "AddendumToRead", "ApprovalQueue", "Decision", "FieldLine", "HistoryEvent", "NothingToReview",
    "ProposedField", "QueueEntry", "ReturnReasonNeeded", "ReviewRecord", "ReviewedRevisionChanged", "WaitingDecision",
    "acknowledge_addendum", "addenda_to_acknowledge", "age_text", "approval_queue", "approve", "author_ids",
    "check_return_reason", "decisions_waiting", "open_for_review", "return_entry",
]
