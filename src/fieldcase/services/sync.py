"""Sync for the app: `sync_now()` with progress and cancel, what is waiting to sync, what needs the
user's attention, the sync log, and an automatic-sync helper that runs when the server is reachable.

Synchronous and Qt-free (architecture.md): the UI runs `sync_now` and `AutoSync.tick` on a sync
thread of its own and the rest on its store worker, and samples the `Progress` object from a timer.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fieldcase.services.attention_context import with_context
from fieldcase.services.days import local_day
from fieldcase.services.directory import known_names
from fieldcase.services.field_records import ProposalState, proposals_in
from fieldcase.store.credentials import CredentialStore
from fieldcase.store.erase import was_wiped
from fieldcase.store.sync_apply import SyncStore
from fieldcase.sync.engine import SyncEngine, SyncReport
from fieldcase.sync.enroll import server_reachable
from fieldcase.sync.errors import SyncError
from fieldcase.sync.progress import Cancel, Progress, ProgressSnapshot

__all__ = [
    "AttentionItem",
    "AutoSync",
    "Cancel",
    "Progress",
    "ProgressSnapshot",
    "SyncLogEntry",
    "SyncReport",
    "SyncStatus",
    "WaitingItem",
    "device_was_wiped",
    "dismiss_attention",
    "needs_attention",
    "resume_sync",
    "sync_log",
    "sync_now",
    "sync_status",
    "waiting_to_sync",
]

_one_at_a_time = threading.Lock()


class SyncAlreadyRunning(SyncError):
    code = "sync_running"

    def __init__(self) -> None:
        super().__init__("A sync is already running.")


@dataclass(frozen=True)
class WaitingItem:
    """One change on this laptop the server has not confirmed yet."""

    mutation_id: str
    record_kind: str
    record_id: str
    kind: str  # create | patch | command | attach …
    state: str  # pending | inflight
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class AttentionItem:
    id: str
    #: conflict | addendum | quarantined | deferred | returned | approved | voided | removed | question;
    #: "addendum" is a change kept as a proposed change (the name stays: stored items carry it)
    topic: str
    record_kind: str | None
    record_id: str | None
    message: str
    created_at: str
    details: dict[str, Any]
    #: for a proposed change, the server's word on it once a sync brought it back: whether the
    #: supervisor has read it, by whom and when (None before then)
    proposal: ProposalState | None = None
    #: whose it is, from this laptop's records (services.attention_context): the case number and
    #: the children's names; empty when the record is not on this laptop
    case_number: str = ""
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str | None
    paused_reason: str | None
    waiting: int
    needs_attention: int
    last_sync_at: str | None


@dataclass(frozen=True)
class SyncLogEntry:
    started_at: str
    duration_ms: int
    outcome: str
    counts: dict[str, int]


def sync_now(
    store: Any,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    **engine_options: Any,
) -> SyncReport:
    """Push everything waiting, pull everything new. Raises `SyncPaused` (sign in again),
    `ServerUnreachable`, `DeviceWiped`, `SyncCancelled`… — each a `UserError` with words to show."""
    if not _one_at_a_time.acquire(blocking=False):
        raise SyncAlreadyRunning()
    cancel = cancel or Cancel()
    # a retry's back-off ends early when the sync is cancelled (by the user, or by locking the app)
    engine_options.setdefault("sleep", _sleep_unless_cancelled(cancel))
    try:
        # the app runs this on a sync thread of its own, beside the store worker: each step holds
        # the store for one short transaction, never across a network wait (store/connection_lock.py);
        # locking the store cancels the sync and waits for it to end before the engine goes
        with store.background(cancel.cancel):
            return SyncEngine(store, **engine_options).run(progress=progress, cancel=cancel)
    finally:
        _one_at_a_time.release()


def _sleep_unless_cancelled(cancel: Cancel) -> Callable[[float], None]:
    def sleep(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not cancel.cancelled:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.1))
        cancel.check()

    return sleep


def sync_status(store: Any) -> SyncStatus:
    creds = CredentialStore(store).load()
    sync = SyncStore(store)
    return SyncStatus(
        enrolled=creds is not None,
        server_url=creds.server_url if creds else None,
        paused_reason=creds.paused_reason if creds else None,
        waiting=len(sync.unsent()),
        needs_attention=len(sync.attention()),
        last_sync_at=sync.state().last_sync_at,
    )


def waiting_to_sync(store: Any) -> list[WaitingItem]:
    return [
        WaitingItem(
            e.mutation_id, e.record_kind, e.record_id, e.kind, e.state, e.attempts, e.last_error
        )
        for e in SyncStore(store).unsent()
    ]


def needs_attention(
    store: Any, *, include_resolved: bool = False, names: Any = None
) -> list[AttentionItem]:
    """What sync could not settle, and questions waiting for the user's answer (topic "question":
    they go when answered, not when dismissed)."""
    from fieldcase.services import comments

    items = _with_proposals(
        store,
        [
            AttentionItem(
                a.id, a.topic, a.record_kind, a.record_id, a.message, a.created_at, a.details
            )
            for a in SyncStore(store).attention(include_resolved=include_resolved)
        ],
        names,
    )
    for question in comments.questions_for_me(store, names=names):
        line = question.comment
        items.append(
            AttentionItem(
                f"question:{line.comment_id}",
                "question",
                question.record_kind,
                question.record_id,
                f"Question from {line.author_label}: {line.text}",
                line.at or "",
                {"comment_id": line.comment_id, "author": line.author_label, "text": line.text},
            )
        )
    return with_context(store, items)


def _is_proposal(item: AttentionItem) -> bool:
    return (
        item.topic == "addendum"
        and bool(item.record_id)
        and bool((item.details or {}).get("addendum_id"))
    )


def _with_proposals(store: Any, items: list[AttentionItem], names: Any) -> list[AttentionItem]:
    """Proposed-change items with what the server says of their proposal (matched by the id its
    answer gave), read from the records' pulled copies; the directory is read only when there is
    one. Once the supervisor has read it, the message says so (the command line shows messages)."""
    asked = [i for i in items if _is_proposal(i)]
    if not asked:
        return items
    changes = SyncStore(store).shadow_changes(
        (i.record_id for i in asked if i.record_id), body=False
    )  # _is_proposal: all have one
    people = known_names(store, names)
    found = {
        p.proposal_id: p for change in changes.values() for p in proposals_in(change, names=people)
    }
    return [
        _with_proposal(i, found.get(i.details["addendum_id"])) if _is_proposal(i) else i
        for i in items
    ]


def _with_proposal(item: AttentionItem, proposal: ProposalState | None) -> AttentionItem:
    if proposal is None or not proposal.read:
        return dataclasses.replace(item, proposal=proposal)
    message = (
        f"Your proposed change of {local_day(proposal.proposed_at)} was read by {proposal.read_by_name or 'your supervisor'} "
        f"on {local_day(proposal.read_at)}."
    )
    return dataclasses.replace(item, proposal=proposal, message=message)


def dismiss_attention(store: Any, attention_id: str) -> None:
    SyncStore(store).resolve_attention(attention_id)


def sync_log(store: Any, *, limit: int = 50) -> list[SyncLogEntry]:
    return [SyncLogEntry(**row) for row in SyncStore(store).sync_log(limit)]


def resume_sync(store: Any) -> None:
    """Clear a pause (after IT restored the laptop's access on the server); the next sync tries again."""
    CredentialStore(store).set_paused(None)


def device_was_wiped(data_dir: Any) -> bool:
    """True when this laptop's data was erased on the agency's command (show that, not an unlock form)."""
    return was_wiped(data_dir)


class AutoSync:
    """Automatic sync when the server becomes reachable: call `tick()` from a timer (the UI's, or a
    loop). It probes /health cheaply and syncs when there is work waiting or `interval` has passed;
    failures back off (doubling, at most `max_wait`)."""

    def __init__(
        self,
        store: Any,
        *,
        interval: float = 300.0,
        max_wait: float = 1800.0,
        clock: Callable[[], float] = time.monotonic,
        reachable: Callable[[], bool] | None = None,
        **engine_options: Any,
    ) -> None:
        self._store = store
        self._interval = interval
        self._max_wait = max_wait
        self._clock = clock
        self._reachable = reachable
        self._options = engine_options
        self._next = clock()
        self._wait = interval
        self.last_report: SyncReport | None = None
        self.last_error: SyncError | None = None

    def tick(
        self, *, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> SyncReport | None:
        if self._clock() < self._next:
            return None
        status = sync_status(self._store)
        if not status.enrolled or status.paused_reason:
            return None
        reachable = (
            self._reachable()
            if self._reachable
            else server_reachable(
                status.server_url or "", http_transport=self._options.get("http_transport")
            )
        )
        if not reachable:
            self._schedule(failed=True)
            return None
        try:
            self.last_report = sync_now(
                self._store, progress=progress, cancel=cancel, **self._options
            )
            self.last_error = None
            self._schedule(failed=False)
            return self.last_report
        except SyncError as error:
            self.last_error = error
            self._schedule(failed=True)
            return None

    def _schedule(self, *, failed: bool) -> None:
        self._wait = min(self._max_wait, self._wait * 2) if failed else self._interval
        self._next = self._clock() + self._wait
