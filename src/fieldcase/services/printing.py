"""Printing and exporting: read what a document needs from the store, render it somewhere else,
audit what left the laptop.

Three steps, so the store worker never renders and the renderer never reads the store
(architecture.md "Threads and long work"):

1. `prepare_*` (store worker): read the record(s), the case's people, placements and plans and the
   names we know, into a `PrintJob` — plain frozen data (services/print_jobs.py);
2. `render(job)` / `render_batch(jobs, …)` (the render executor): `fieldcase.reports`, PDF bytes in
   memory only (security.md "Leaks": no temp files anywhere);
3. `record_output(store, document, action="print"|"export", …)` (store worker): the audit event with
   the document's SHA-256 and profile — only when the user actually prints or saves.

Names: the renderers print user ids through `PrintContext.workers`: the names of the team directory
(services/directory.py), else the signed-in user's account name; anyone the laptop cannot name
prints as "Caseworker <short id>" rather than a bare id.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Literal

from fieldcase.domain.attachments import AttachmentKind
from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.ids import new_id
from fieldcase.domain.metadata import occurred_on
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.transport_trips import TransportTrip
from fieldcase.domain.workflow import Status
from fieldcase.reports import (
    CourtPacket,
    CourtReportDocument,
    MileageLog,
    PageSize,
    PrintContext,
    Profile,
    RenderedDocument,
    Signature,
    VisitationRollup,
    render_assessment_summary,
    render_case_plan,
    render_court_packet,
    render_court_report,
    render_home_visit_summary,
    render_mileage_log,
    render_team_meeting_summary,
    render_transition_plan,
    render_visitation_report,
    render_visitation_rollup,
)
from fieldcase.reports.collateral_contact_summary import render_collateral_contact_summary
from fieldcase.reports.preview import PageImage, combine_pdfs, render_pages
from fieldcase.reports.referral_summary import render_referral_summary
from fieldcase.services.attachments import signature_details
from fieldcase.services.print_jobs import (
    BatchCancelled,
    Cancel,
    NothingToPrint,
    NotPrintable,
    PrintJob,
    PrintRequest,
    Progress,
    print_context,
    worker_label,
)
from fieldcase.services.printouts import PRINTOUTS
from fieldcase.services.session import SignedInUser, signed_in_user
from fieldcase.store.errors import RecordNotFound

__all__ = [
    "BatchCancelled",
    "Cancel",
    "NothingToPrint",
    "PageImage",
    "PageSize",
    "PrintJob",
    "PrintRequest",
    "Profile",
    "Progress",
    "RenderedDocument",
    "SignedInUser",
    "page_images",
    "prepare_court_packet",
    "prepare_court_report",
    "prepare_mileage_log",
    "prepare_month_batch",
    "prepare_record",
    "prepare_rollup",
    "record_output",
    "render",
    "render_batch",
    "signatures_of",
    "signed_in_user",
    "worker_label",
]

Action = Literal["print", "export"]


def prepare_record(
    store: Any,
    *,
    record_id: str,
    request: PrintRequest,
) -> PrintJob:
    """The printout of one record, by its kind's row in services/printouts.py (a home visit
    summary, a visitation report, a team meeting summary…); a trip prints in the mileage log."""
    stored = store.get(record_id)
    printout = PRINTOUTS.get(stored.kind)
    if printout is None:
        raise NotPrintable()
    job = printout.prepare()(store, stored.to_domain(), request)
    return replace(job, title=printout.title)


def prepare_court_report(
    store: Any,
    *,
    report: CourtReport,
    request: PrintRequest,
) -> PrintJob:
    """The court report as its snapshot holds it (nothing is composed again here: an approved report
    prints the same sections whatever was recorded since). The case's placement addresses go along
    only to be withheld from the typed text on court and family copies."""
    try:
        hearing = store.repository("hearing").get(report.hearing_id) if report.hearing_id else None
    except RecordNotFound:
        hearing = None  # printed from the date the report kept
    addresses = tuple(
        p.address for p in store.repository("placement").list(case_id=report.case_id) if p.address
    )
    ctx = print_context(
        store,
        request,
        case_id=report.case_id,
        child_ids=report.child_ids,
        worker_ids=(
            report.written_by,
            report.created_by,
            report.approved_by,
            *(a.author for a in report.addenda),
        ),
    )
    return PrintJob(
        "court_report",
        CourtReportDocument(report=report, hearing=hearing, restricted_addresses=addresses),
        ctx,
        "court_report",
        report.id,
        PRINTOUTS["court_report"].title,
        tuple(report.child_ids),
    )


def signatures_of(store: Any, visit: Any) -> tuple[Signature, ...]:
    """The record's (a visit's, a case plan's, a meeting's) captured signatures with their images, decrypted into memory only: the job goes
    to the renderer as plain data and no image file is written (security.md "Leaks")."""
    out = []
    for ref in visit.attachments:
        if ref.kind is not AttachmentKind.SIGNATURE:
            continue
        details = signature_details(ref.name)
        content = store.get_attachment(ref.sha256)
        note = None
        if content is None:
            note = "(signature image not on this laptop yet; it arrives with the next sync)"
        elif hashlib.sha256(content).hexdigest() != ref.sha256:
            content, note = None, "(signature image could not be read)"
        out.append(
            Signature(
                role=details.role or "Signature",
                signer=details.signer,
                signed_at=details.signed_at,
                image=content,
                image_note=note,
            )
        )
    return tuple(out)


def prepare_rollup(
    store: Any,
    *,
    plan_id: str,
    year: int,
    month: int,
    request: PrintRequest,
) -> PrintJob:
    """The monthly visitation roll-up of one plan."""
    plan = store.repository("visitation_plan").get(plan_id)
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    entries = tuple(
        e
        for e in store.repository("visitation_entry").list(
            case_id=plan.case_id, since=first.isoformat(), until=last.isoformat() + "\uffff"
        )
        if e.plan_id == plan_id
    )
    children = tuple(p for p in plan.participants if p in _child_ids(store, plan.case_id))
    ctx = print_context(
        store,
        request,
        case_id=plan.case_id,
        child_ids=children,
        worker_ids=[e.created_by for e in entries] + [e.approved_by for e in entries],
    )
    return PrintJob(
        "visitation_rollup",
        VisitationRollup(plan=plan, year=year, month=month, entries=entries),
        ctx,
        "visitation_plan",
        plan_id,
        "Monthly visitation roll-up",
        children,
    )


def _child_ids(store: Any, case_id: str) -> set[str]:
    return {
        p.id for p in store.repository("person").list(case_id=case_id) if p.role is PersonRole.CHILD
    }


def prepare_mileage_log(
    store: Any,
    *,
    driver_id: str | None = None,
    period_start: date,
    period_end: date,
    request: PrintRequest,
) -> PrintJob:
    """The driver's (default: the signed-in user's) trips in a period, for reimbursement."""
    user = signed_in_user(store)
    driver = driver_id or user.user_id
    trips: list[TransportTrip] = [
        t
        for t in store.repository("transport_trip").list()
        if t.driver_id == driver and t.status is not Status.VOIDED
    ]
    in_period = tuple(
        sorted(
            (t for t in trips if t.trip_date and period_start <= t.trip_date <= period_end),
            key=lambda t: (t.trip_date, t.odometer_start or 0),
        )
    )
    if not in_period:
        raise NothingToPrint("No trips of yours between those dates.")
    before = [
        t
        for t in trips
        if t.trip_date and t.trip_date < period_start and t.odometer_end is not None
    ]
    previous: Decimal | None = (
        max(before, key=lambda t: (t.trip_date, t.odometer_end)).odometer_end if before else None
    )
    ctx = print_context(
        store,
        request,
        case_id=in_period[0].case_id,
        child_ids=(),
        worker_ids=[driver] + [t.approved_by for t in in_period],
    )
    # a log spans cases: its header carries no one case's number
    ctx = _replace_ctx(
        ctx,
        case_number="(several cases)"
        if len({t.case_id for t in in_period}) > 1
        else ctx.case_number,
        people=MappingProxyType(_people_of(store, {t.case_id for t in in_period})),
    )
    return PrintJob(
        "mileage_log",
        MileageLog(
            driver_id=driver,
            period_start=period_start,
            period_end=period_end,
            trips=in_period,
            previous_odometer_end=previous,
            linked=_linked_records(store, in_period),
        ),
        ctx,
        None,
        None,
        "Mileage log",
    )


def _linked_records(store: Any, trips: Iterable[TransportTrip]) -> tuple[Any, ...]:
    """The records the trips served, those on this laptop (a missing one prints as such)."""
    found = []
    for record_id in sorted({t.linked_record_id for t in trips if t.linked_record_id}):
        try:
            found.append(store.get(record_id).to_domain())
        except RecordNotFound:
            continue
    return tuple(found)


def _people_of(store: Any, case_ids: Iterable[str]) -> dict[str, Person]:
    return {p.id: p for c in case_ids for p in store.repository("person").list(case_id=c)}


def _replace_ctx(ctx: PrintContext, **changes: Any) -> PrintContext:
    return replace(ctx, **changes)


def prepare_court_packet(
    store: Any,
    *,
    child_id: str,
    date_from: date,
    date_to: date,
    request: PrintRequest,
) -> PrintJob:
    """One child's caseworker visits and family visits between two dates (court defaults to the court profile)."""
    child = store.repository("person").get(child_id)
    case_id = child.case_id
    since, until = date_from.isoformat(), date_to.isoformat() + "\uffff"
    visits = tuple(
        v for v in store.repository("home_visit").list(child_id=child_id, since=since, until=until)
    )
    entries = tuple(
        e
        for e in store.repository("visitation_entry").list(
            case_id=case_id, since=since, until=until
        )
        if child_id in e.child_ids
    )
    if not visits and not entries:
        raise NothingToPrint("No visits or family visits of this child between those dates.")
    plans = {p.id: p for p in store.repository("visitation_plan").list(case_id=case_id)}
    placements = {p.id: p for p in store.repository("placement").list(case_id=case_id)}
    ctx = print_context(
        store,
        request,
        case_id=case_id,
        child_ids=(child_id,),
        worker_ids=[v.conducted_by for v in visits]
        + [r.approved_by for r in (*visits, *entries)]
        + [e.created_by for e in entries],
    )
    packet = CourtPacket(
        child_id=child_id,
        date_from=date_from,
        date_to=date_to,
        home_visits=visits,
        visitation_entries=entries,
        plans=MappingProxyType(plans),
        placements=MappingProxyType(placements),
    )
    return PrintJob("court_packet", packet, ctx, "person", child_id, "Court packet", (child_id,))


def prepare_month_batch(
    store: Any,
    *,
    year: int,
    month: int,
    request: PrintRequest,
) -> list[PrintJob]:
    """Every approved home visit of a month on my caseload, oldest first: one summary each."""
    first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    found = store.list(
        kind="home_visit",
        status=Status.APPROVED.value,
        since=first.isoformat(),
        until=last.isoformat() + "\uffff",
    )
    visits = sorted((r.to_domain() for r in found), key=lambda v: (occurred_on(v) or first, v.id))
    if not visits:
        raise NothingToPrint("No approved home visits in that month.")
    return [prepare_record(store, record_id=v.id, request=request) for v in visits]


# rendering (render executor: no store) ------------------------------------------------------------

_RENDERERS: Mapping[str, Callable[[Any, PrintContext], RenderedDocument]] = {
    "home_visit_summary": render_home_visit_summary,
    "visitation_report": render_visitation_report,
    "visitation_rollup": render_visitation_rollup,
    "mileage_log": render_mileage_log,
    "court_packet": render_court_packet,
    "assessment_summary": render_assessment_summary,
    "transition_plan": render_transition_plan,
    "court_report": render_court_report,
    "collateral_contact_summary": render_collateral_contact_summary,
    "referral_summary": render_referral_summary,
    "case_plan": render_case_plan,
    "team_meeting_summary": render_team_meeting_summary,
}


def file_name(jobs: PrintJob | Sequence[PrintJob]) -> str:
    """The name a saved PDF is offered under: what it is, the case number and the day it was
    printed ("home-visit-summary_2026-0142_2026-12-07.pdf") — never a person's name (security.md
    "Leaks": file names end up in recent-file lists and e-mail subjects)."""
    batch = not isinstance(jobs, PrintJob)
    found = [jobs] if isinstance(jobs, PrintJob) else list(jobs)
    if not found:
        return "fieldcase.pdf"
    first = found[0]
    kind = first.kind.replace("_", "-")
    if batch and len(found) > 1:
        kind = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"  # home-visit-summaries
    numbers = {job.context.case_number for job in found}
    case = first.context.case_number if len(numbers) == 1 else "several cases"
    case = re.sub(r"[^0-9A-Za-z]+", "-", case).strip("-") or "case"
    return f"{kind}_{case}_{first.context.printed_at.date().isoformat()}.pdf"


def render(job: PrintJob) -> RenderedDocument:
    return _RENDERERS[job.kind](job.document, job.context)


def render_batch(
    jobs: Sequence[PrintJob],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    document_id: str | None = None,
) -> RenderedDocument:
    """Render every job and bind them into one PDF (each summary keeps its own page numbers and
    document id in its footer). Checks `cancel` between documents."""
    progress = progress or Progress()
    progress.total, progress.done = len(jobs), 0
    pdfs = []
    for job in jobs:
        if cancel is not None and cancel.requested:
            raise BatchCancelled()
        pdfs.append(render(job).pdf)
        progress.done += 1
    pdf, pages = combine_pdfs(pdfs)  # one PDFium call at a time: reports/preview.py
    profile = jobs[0].context.profile.value if jobs else Profile.INTERNAL.value
    return RenderedDocument(
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pages=pages,
        profile=profile,
        document_id=document_id or new_id(),
    )


def page_images(
    pdf: bytes, *, dpi: float, should_stop: Callable[[], bool] | None = None
) -> list[PageImage]:
    """The preview's (or the printer's) page images, from the bytes in memory (render executor)."""
    return render_pages(pdf, dpi=dpi, should_stop=should_stop)


# the audit event --------------------------------------------------------------------------------


def record_output(
    store: Any,
    document: RenderedDocument,
    *,
    action: Action,
    record_kind: str | None = None,
    record_id: str | None = None,
    count: int = 1,
) -> None:
    """The user printed or saved `document`: the audit log gets its hash and profile (no names)."""
    if action not in ("print", "export"):
        raise ValueError("action is print or export")
    store.record_audit(
        action,
        record_kind=record_kind,
        record_id=record_id,
        detail={"sha256": document.sha256, "profile": document.profile, "count": count},
    )
