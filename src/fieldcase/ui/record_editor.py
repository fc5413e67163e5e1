"""The view-model of one open field record: validates as the caseworker types, autosaves drafts
(debounced, one save in flight at a time, flushed on close and on lock), submits, adds addenda.

A sync may approve or void the record while the caseworker types in it. What was typed and not
yet saved is then never dropped: it is handed to `field_records.keep_as_proposal` (a proposed
change the supervisor sees; the approved record is not changed), `proposal_kept` says so, and the
form shows the record as it is now, read-only.

Validation is pure domain code (no I/O), so it runs on the GUI thread; every store call goes to
the store worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from fieldcase.domain import approval
from fieldcase.domain.problems import InvalidRecord, Problem
from fieldcase.domain.serialization import MalformedRecord, from_dict, to_dict
from fieldcase.domain.validation import problems as domain_problems
from fieldcase.domain.workflow import Status
from fieldcase.errors import UserError
from fieldcase.services import comments, field_records
from fieldcase.services.field_records import DraftSaved, OpenedRecord, ProposalKept
from fieldcase.services.session import Session
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.worker import StoreWorker

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
#: a steady typist never pauses for AUTOSAVE_MS: what is typed is saved at least this often anyway
AUTOSAVE_AT_LEAST_EVERY_MS = 3000


class RecordEditor(QObject):
    problems_changed = Signal(
        list, list
    )  # problems now (impossible values), still needed to submit
    saved = Signal(object)  # DraftSaved
    state_changed = Signal()  # status, read-only or returned reason changed
    submitted = Signal(object)
    submit_refused = Signal(list)  # problems
    failed = Signal(str)
    thread_loaded = Signal(object)  # services.comments.Thread: questions and answers on the entry
    commented = Signal(object)  # services.comments.CommentLine, queued for the next sync
    proposal_kept = Signal(
        object
    )  # ProposalKept: words typed as the record became read-only, queued

    def __init__(
        self,
        *,
        worker: StoreWorker,
        session: Session,
        opened: OpenedRecord,
        is_new: bool,
        parent: QObject | None = None,
        autosave_ms: int = AUTOSAVE_MS,
        autosave_at_least_every_ms: int = AUTOSAVE_AT_LEAST_EVERY_MS,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.session = session
        self.kind = opened.kind
        self.record = opened.record
        self.body: dict[str, Any] = to_dict(opened.record)
        self.version: int | None = None if is_new else opened.version
        self.status = opened.status
        self.read_only_reason = opened.read_only_reason
        self.returned_reason = opened.returned_reason
        #: the agency's pack sends this kind to the supervisor ("Submit for approval"), or the
        #: caseworker files it ("File": final at once, no review; domain/approval.py)
        self.needs_approval = approval.needs_approval(opened.kind, session.rules)
        self.filed = opened.filed
        self.is_new = is_new
        self.dirty = False
        #: the body as the store last had it (opened or saved): what the caseworker typed since is the difference
        self._base: dict[str, Any] = self.body
        #: set when a reload brought something new: the form must show it
        self.form_stale = False
        self.last_saved: DraftSaved | None = None
        self._saving = False
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(autosave_ms)
        self.timer.timeout.connect(self.flush)
        # started by the first unsaved edit and not restarted by the next ones (the pause timer is):
        # it bounds how much typing a crash can take
        self.deadline = QTimer(self)
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(max(autosave_at_least_every_ms, autosave_ms))
        self.deadline.timeout.connect(self.flush)
        #: user id → name of the people the app knows (comment authors, who acknowledged an addendum)
        self.names: dict[str, str] = {}
        # services.comments.Thread, once loaded; not `thread`, which hid QObject.thread()
        self.comment_thread: comments.Thread | None = None
        #: what the kind's rules need besides the record (an assessment's instrument: its items and scale)
        self.rule_context: dict[str, Any] = {}

    @property
    def record_id(self) -> str:
        return self.body["id"]

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def validate(self, unreadable: Sequence[Problem] = ()) -> tuple[list[Problem], list[Problem]]:
        try:
            record = from_dict(self.kind, self.body)
        except MalformedRecord:
            return list(unreadable) or [
                Problem("", _("Some values could not be read; check the fields marked."))
            ], []
        now = list(unreadable) + domain_problems(record, for_submit=False, **self.rule_context)
        today = (
            datetime.now().astimezone().date()
        )  # a record dated after today is not submitted yet
        needed = [
            p
            for p in domain_problems(record, for_submit=True, on=today, **self.rule_context)
            if p not in now
        ]
        return now, needed

    def edit(self, body: dict[str, Any], unreadable: Sequence[Problem] = ()) -> None:
        """The caseworker changed something: validate now, save soon."""
        if self.read_only or self._closed:
            return
        try:
            from_dict(self.kind, body)
        except MalformedRecord:
            unreadable = list(unreadable) or [
                Problem("", _("Some values could not be read; check the fields marked."))
            ]
        else:
            self.body = body
            self.dirty = True
            self.timer.start()
            if not self.deadline.isActive():
                self.deadline.start()
        self.problems_changed.emit(*self.validate(list(unreadable)))

    def flush(self, *, final: bool = False) -> None:
        """Save now if anything changed (autosave tick, close, lock). `final`: the form is closing —
        its save goes even while another is on its way (the worker runs them in order), and may get
        no answer: the save itself keeps the words whatever the store holds by then."""
        self.timer.stop()
        self.deadline.stop()
        if not self.dirty or (self._saving and not final):
            return
        self.dirty = False
        self._saving = True
        body, base, kind, version, session = (
            self.body,
            self._base,
            self.kind,
            self.version,
            self.session,
        )
        job: Callable[[], DraftSaved | ProposalKept]
        if self.read_only:  # typed before a reload found the record approved or voided
            job = partial(
                field_records.keep_as_proposal,
                session.store,
                record_id=self.record_id,
                body=body,
                base=base,
            )
        else:
            job = partial(
                field_records.save_typed,
                session.store,
                body=body,
                base=base,
                kind=kind,
                expected_version=version,
            )
        # the body goes back with the answer: once saved, it is what the store has (a reload's base)
        self.worker.run(lambda: (job(), body), on_done=self._saved, on_error=self._save_failed)

    def _saved(self, answer: tuple[DraftSaved | ProposalKept, dict[str, Any]]) -> None:
        saved, self._base = answer
        self._saving = False
        if isinstance(saved, ProposalKept):
            self._read_again()  # the record as it is now, read-only
            if saved.kept:
                self.proposal_kept.emit(saved)
        else:
            if saved.on_newer_copy:
                # a sync had changed the stored copy: the words went on top of it. The form reads it
                # again and takes its version from that read (a save before then is stale, and merged
                # again, rather than writing back the fields the sync changed)
                self._read_again()
            else:
                self.version = saved.version
            self.is_new = False
            self.last_saved = saved
            self.saved.emit(saved)
        if self.dirty and not self._closed:
            self.flush()

    def _save_failed(self, err: UserError) -> None:
        self._saving = False
        self.dirty = True  # keep it: the next tick tries again, nothing typed is dropped
        if err.code in ("stale_edit", "workflow.read_only", "workflow.editable"):
            # a sync changed the stored copy (or its state) between every read and save: read it again;
            # what was typed goes on top and is saved then, or is kept as a proposal
            self._read_again()
            return
        self.failed.emit(error_words(err))

    def submit(self) -> None:
        now, needed = self.validate()
        if now or needed:
            self.submit_refused.emit(now + needed)
            return
        self.flush()  # queued first: the worker runs jobs in order
        session, record_id = self.session, self.record_id
        rules = session.rules
        self.worker.run(
            lambda: field_records.submit(session.store, record_id=record_id, rules=rules),
            on_done=self._submitted,
            on_error=self._submit_failed,
        )

    def _submitted(self, saved: DraftSaved) -> None:
        self.version = saved.version
        self.status = saved.status
        self.returned_reason = None
        self.filed = saved.status is Status.APPROVED  # filed: final now, read-only from here
        self.state_changed.emit()
        self.submitted.emit(saved)
        if (
            self.kind == "court_report" or self.filed
        ):  # its sections were composed once more at submit: show what was sent
            self._read_again()

    def _submit_failed(self, err: UserError) -> None:
        if isinstance(err, InvalidRecord):
            self.submit_refused.emit(list(err.problems))
        else:
            self.failed.emit(error_words(err))

    def add_addendum(self, text: str) -> None:
        session, record_id = self.session, self.record_id
        self.worker.run(
            lambda: field_records.add_addendum(session.store, record_id=record_id, text=text),
            on_done=self._reload,
            on_error=self._failed,
        )

    def reload(self) -> None:
        """Read the record again (after a sync). What was typed and not yet saved is saved first (the
        worker runs jobs in order); anything typed while the read is on its way is kept on top of it.
        A new form never saved (untouched, nothing on its way) has nothing in the store to read: the
        sync changed nothing of it, so nothing is said."""
        self.flush()
        if self.is_new and not self._saving:
            return
        self._read_again()
        self.load_thread()

    def _read_again(self) -> None:
        session, record_id = self.session, self.record_id
        self.worker.run(
            lambda: field_records.open_record(session.store, record_id=record_id),
            on_done=self._reopened,
            on_error=self._read_failed,
        )

    def _read_failed(self, err: UserError) -> None:
        # a record not yet in the store (its first save failed or has not run) is not "missing": the
        # form keeps what was typed and the next save writes it
        if self.is_new and err.code == "record_not_found":
            return
        self._failed(err)

    # questions and answers -----------------------------------------------------------------------

    def load_thread(self) -> None:
        """Read the entry's questions and answers (nothing for a record never saved)."""
        if self.is_new:
            return
        session, record_id, names = self.session, self.record_id, dict(self.names)
        self.worker.run(
            lambda: comments.thread(session.store, record_id=record_id, names=names),
            on_done=self._thread_loaded,
            on_error=lambda _e: None,
        )  # a record only drafted here has no thread yet

    def _thread_loaded(self, thread) -> None:
        self.comment_thread = thread
        self.thread_loaded.emit(thread)

    def add_comment(self, text: str) -> None:
        """Answer a question (or ask one): queued for the next sync; the entry itself is not changed."""
        self.flush()  # an edit typed before the answer goes first (the worker runs jobs in order)
        session, record_id = self.session, self.record_id
        self.worker.run(
            lambda: comments.add_comment(session.store, record_id=record_id, text=text),
            on_done=self._commented,
            on_error=self._failed,
        )

    def _commented(self, line) -> None:
        self.commented.emit(line)
        self.load_thread()

    def _failed(self, err: UserError) -> None:
        self.failed.emit(error_words(err))

    def _reload(self, _saved: DraftSaved) -> None:
        self.reload()

    def _reopened(self, opened: OpenedRecord) -> None:
        stored = to_dict(opened.record)
        # typed since the last save (during the read, or a save still on its way): kept, field by field,
        # over what the store has now — a reload never takes back what the caseworker wrote
        typed = field_records.typed_fields(self.body, self._base)
        merged = {**stored, **typed}
        self.form_stale = merged != self.body
        self.record = opened.record
        self.body = merged
        self._base = stored
        self.read_only_reason = opened.read_only_reason
        if typed:
            self.dirty = True
            if self.read_only:
                # approved or voided while the caseworker typed: proposed now, not saved (the form shows
                # the words until the store has them, then the record as it is)
                self.flush(final=self._closed)
            elif not self._closed:
                self.timer.start()
        self.version = opened.version
        self.status = opened.status
        self.returned_reason = opened.returned_reason
        self.filed = opened.filed
        self.state_changed.emit()

    def close(self) -> None:
        self.flush(final=True)
        self._closed = True
        self.timer.stop()

    def status_text(self) -> str:
        return {
            Status.DRAFT: _("Draft"),
            Status.SUBMITTED: _("Submitted for approval"),
            Status.APPROVED: _("Filed (no supervisor review)") if self.filed else _("Approved"),
            Status.RETURNED: _("Returned"),
            Status.VOIDED: _("Voided"),
        }[self.status]
