"""The workspace view-model: loads the caseload, a case and field records through the store
worker, and tells the window what arrived. It holds no widgets; the window holds no store calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from fieldcase.errors import UserError
from fieldcase.services import caseload
from fieldcase.services.session import Session
from fieldcase.ui.i18n import _, error_words
from fieldcase.ui.worker import StoreWorker

if TYPE_CHECKING:  # the services below are imported by the jobs that call them, on the store worker
    from fieldcase.services.cases import CaseDetail
    from fieldcase.services.field_records import OpenedRecord
    from fieldcase.ui.forms.editors import FormContext

Now = Callable[[], datetime]


def form_context(detail: CaseDetail | None, *, users: dict[str, str] | None = None) -> FormContext:
    from fieldcase.services.instruments import last_loaded
    from fieldcase.ui.forms.editors import FormContext, enum_label  # with the first record opened
    from fieldcase.ui.i18n import current_language

    known = tuple((users or {}).items())
    # read by the store worker when the record was made or opened (services/instruments.py): no I/O here
    instruments: dict[str, Any] = dict(
        instruments=last_loaded().instruments, language=current_language()
    )
    if detail is None:
        return FormContext(users=known, **instruments)
    return FormContext(
        users=known,
        **instruments,
        people=tuple((p.id, p.name, p.role) for p in detail.people),
        birthdays=tuple((p.id, p.date_of_birth) for p in detail.people),
        placements=tuple(
            (p.id, f"{p.provider} ({p.child_name}, {_('from')} {p.starts_on or '?'})")
            for p in detail.placements
        ),
        plans=tuple(
            (p.id, ", ".join(p.participants) + (f" · {p.frequency}" if p.frequency else ""))
            for p in detail.plans
        ),
        family_visits=tuple(
            (
                e.record_id,
                e.on.isoformat(),
                _("Family visit {day}").format(day=e.on.isoformat())
                + (f" ({', '.join(c for c in e.children if c)})" if any(e.children) else ""),
            )
            for e in detail.timeline
            if e.kind == "visitation_entry" and e.on is not None and e.status != "voided"
        ),
        hearings=tuple(
            (
                h.id,
                " · ".join(
                    x
                    for x in (
                        h.when.date().isoformat() if h.when else "?",
                        _(h.hearing_type.replace("_", " ").capitalize()) if h.hearing_type else "",
                        h.court,
                    )
                    if x
                ),
            )
            for h in detail.hearings
        ),
        trips=tuple(
            (
                e.record_id,
                e.on.isoformat() if e.on else "",
                e.linked_record_id,
                _("Trip {day}").format(day=e.on.isoformat() if e.on else "?")
                + (" · " + _("{miles} mi").format(miles=e.miles) if e.miles is not None else ""),
            )
            for e in detail.timeline
            if e.kind == "transport_trip" and e.status != "voided"
        ),
        providers=tuple(
            (
                p.provider_id,
                " · ".join(
                    x
                    for x in (p.name, p.county, ", ".join(enum_label(t) for t in p.service_types))
                    if x
                ),
            )
            for p in detail.providers
        ),
    )


class WorkspaceViewModel(QObject):
    caseload_loaded = Signal(object)  # Caseload
    note_hits = Signal(str, frozenset)
    case_loaded = Signal(object)  # CaseDetail
    record_ready = Signal(object, bool, object)  # OpenedRecord, is_new, CaseDetail
    interrupted_reopened = Signal(
        list
    )  # record ids of the forms a crash had left open, opened again
    revealed = Signal(str, str)  # record id, value
    user_loaded = Signal(
        object
    )  # session.SignedInUser: id, account name, role (from the server, at enrollment)
    #: user id -> name from the team directory (services/directory.py): who conducted a visit is
    #: shown by name on screen, as on paper, never by login
    names_loaded = Signal(dict)
    #: a draft home visit of this case for this month exists: (its id, case id, clone asked)
    draft_found = Signal(str, str, bool)
    failed = Signal(str)

    def __init__(
        self, worker: StoreWorker, session: Session, *, now: Now, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self.session = session
        self.now = now
        self.user_id = ""
        self.case: CaseDetail | None = None

    def _fail(self, err) -> None:
        self.failed.emit(error_words(err))

    def load_user(self) -> None:
        session = self.session

        def who() -> object:
            from fieldcase.services.session import signed_in_user

            return signed_in_user(session.store)

        self.worker.run(who, on_done=self.user_loaded.emit, on_error=self._fail)
        self.load_names()

    def load_names(self) -> None:
        session = self.session

        def names() -> dict:
            from fieldcase.services.directory import known_names

            return known_names(session.store)

        self.worker.run(
            names, on_done=self.names_loaded.emit, on_error=lambda _e: None
        )  # the account name stays

    def load_caseload(self) -> None:
        session, today = self.session, self.now().date()
        self.worker.run(
            lambda: caseload.load_caseload(session.store, today=today),
            on_done=self.caseload_loaded.emit,
            on_error=self._fail,
        )

    def search_notes(self, text: str) -> None:
        session = self.session
        self.worker.run(
            lambda: caseload.search_notes(session.store, text=text),
            on_done=lambda ids: self.note_hits.emit(text, ids),
            on_error=self._fail,
        )

    def open_case(self, case_id: str) -> None:
        session, today = self.session, self.now().date()

        def load() -> CaseDetail:
            from fieldcase.services import cases

            return cases.load_case(session.store, case_id=case_id, today=today)

        self.worker.run(load, on_done=self._case_loaded, on_error=self._fail)

    def _case_loaded(self, detail: CaseDetail) -> None:
        self.case = detail
        self.case_loaded.emit(detail)

    def reveal(self, record_id: str, field: str, reason: str) -> None:
        session = self.session

        def reveal() -> str:
            from fieldcase.services import cases

            return cases.reveal(session.store, record_id=record_id, field=field, reason=reason)

        self.worker.run(
            reveal, on_done=lambda value: self.revealed.emit(record_id, value), on_error=self._fail
        )

    def new_record(
        self, kind: str, case_id: str, *, clone: bool = False, second: bool = False
    ) -> None:
        """Start a record (services/new_records.py says how each kind is made); a home visit whose
        case already has a draft this month is not made but offered (`draft_found`) unless `second`
        says the caseworker chose to start another. "assessment:<instrument id>" and
        "court_report:<hearing id>" say what the record is started from."""
        session, user, now = self.session, self.user_id, self.now()
        kind, _colon, source = kind.partition(":")

        def make() -> tuple[OpenedRecord, bool] | str:
            from fieldcase.services import drafts, new_records

            if kind == "home_visit" and not second:  # the caseworker is asked first (draft_found)
                existing = drafts.draft_this_month(session.store, case_id=case_id, today=now.date())
                if existing is not None:
                    return existing
            return new_records.start(
                session.store,
                kind,
                case_id=case_id,
                user_id=user,
                now=now,
                clone=clone,
                source=source,
            )

        def made(opened: tuple[OpenedRecord, bool] | str) -> None:
            if isinstance(opened, str):
                self.draft_found.emit(opened, case_id, clone)
            else:  # a new record, or the one still being written opened as it is
                self.record_ready.emit(opened[0], opened[1], self.case)

        self.worker.run(make, on_done=made, on_error=self._fail)

    def new_court_report(self, hearing_id: str) -> None:
        """Start the court report for a hearing (or open the one still being written for it)."""
        self.new_record(
            f"court_report:{hearing_id}", self.case.case_id if self.case is not None else ""
        )

    def open_record(self, record_id: str) -> None:
        session, today, shown = self.session, self.now().date(), self.case

        def open_record() -> tuple[OpenedRecord, CaseDetail | None]:
            from fieldcase.services import field_records

            opened = field_records.open_record(
                session.store, record_id=record_id
            )  # an assessment: reads the instruments too
            return opened, _case_of(session, opened, shown, today)

        self.worker.run(
            open_record,
            on_done=lambda answer: self.record_ready.emit(answer[0], False, answer[1]),
            on_error=self._fail,
        )

    def reopen_interrupted(self) -> None:
        """Open again the forms that were open when the app last stopped without closing them."""
        session, today, shown = self.session, self.now().date(), self.case

        def find() -> list[tuple[OpenedRecord, CaseDetail | None]]:
            from fieldcase.services import open_forms

            return [
                (opened, _case_of(session, opened, shown, today))
                for opened in open_forms.interrupted(session.store)
            ]

        self.worker.run(find, on_done=self._interrupted_found, on_error=self._fail)

    def _interrupted_found(self, found: list) -> None:
        for opened, detail in found:
            self.record_ready.emit(opened, False, detail)
        if found:
            self.interrupted_reopened.emit([opened.record.id for opened, _detail in found])

    def form_opened(self, record_id: str, *, is_open: bool) -> None:
        """Remember (or forget) that a form is open, so a crash can be followed by reopening it."""
        session = self.session

        def remember() -> None:
            from fieldcase.services import open_forms

            (open_forms.opened if is_open else open_forms.closed)(session.store, record_id)

        self.worker.run(
            remember, on_error=lambda _e: None
        )  # a form that cannot be remembered still works

    def clear(self) -> None:
        self.case = None


def _case_of(
    session: Session, opened: OpenedRecord, shown: CaseDetail | None, today
) -> CaseDetail | None:
    """The case a record belongs to, for its form's pickers (children, placements, plans): the case on
    screen when it is that one, else read. A form given another case's people showed every child of
    the record as "(not on this laptop)"."""
    case_id = getattr(opened.record, "case_id", None)
    if shown is not None and shown.case_id == case_id:
        return shown
    if case_id is None:
        return None
    from fieldcase.services import cases

    try:
        return cases.load_case(session.store, case_id=case_id, today=today)
    except UserError:
        return None
