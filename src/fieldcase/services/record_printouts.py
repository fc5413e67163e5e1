"""The printout of one record of each kind (services/printouts.py names them): read what the
document needs from the store into a `printing.PrintJob`. The assessment and the transition plan
are in services/print_plans.py; printing.py renders, previews and audits.

Every preparer takes (store, record, request): the `print_jobs.PrintRequest` the print dialog built
once; the job's title is the printout's (`printing.prepare_record` sets it from the table)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fieldcase.domain.collateral_contacts import CollateralContact
from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.home_visits import HomeVisit
from fieldcase.domain.referrals import Referral
from fieldcase.domain.team_meetings import TeamMeeting
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.reports import (
    CasePlanDocument,
    HomeVisitSummary,
    TeamMeetingSummary,
    VisitationReport,
)
from fieldcase.reports.collateral_contact_summary import CollateralContactSummary
from fieldcase.reports.referral_summary import ReferralSummary
from fieldcase.services import resource_directory
from fieldcase.services.print_jobs import PrintJob, PrintRequest, print_context
from fieldcase.services.printing import prepare_court_report, signatures_of
from fieldcase.store.errors import RecordNotFound


def _job(
    document_kind: str,
    document: Any,
    record_kind: str,
    item: Any,
    ctx: Any,
    children: Iterable[str],
) -> PrintJob:
    return PrintJob(document_kind, document, ctx, record_kind, item.id, children=tuple(children))


def home_visit(
    store: Any,
    item: HomeVisit,
    request: PrintRequest,
) -> PrintJob:
    placement = store.repository("placement").get(item.placement_id) if item.placement_id else None
    children = tuple(c.child_id for c in item.children)
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=children,
        worker_ids=(item.conducted_by, item.recorded_by, item.created_by, item.approved_by),
    )
    summary = HomeVisitSummary(
        visit=item, placement=placement, signatures=signatures_of(store, item)
    )
    return _job("home_visit_summary", summary, "home_visit", item, ctx, children)


def visitation_entry(
    store: Any,
    item: VisitationEntry,
    request: PrintRequest,
) -> PrintJob:
    """A visitation report: one family visit, its plan and the trips that served it."""
    plan = store.repository("visitation_plan").get(item.plan_id) if item.plan_id else None
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=item.child_ids,
        worker_ids=(item.created_by, item.approved_by, item.supervised_by),
    )
    trips = tuple(
        t
        for t in store.repository("transport_trip").list(case_id=item.case_id)
        if t.linked_record_id == item.id or t.id in item.trip_ids
    )
    return _job(
        "visitation_report",
        VisitationReport(entry=item, plan=plan, trips=trips),
        "visitation_entry",
        item,
        ctx,
        item.child_ids,
    )


def court_report(
    store: Any,
    item: CourtReport,
    request: PrintRequest,
) -> PrintJob:
    return prepare_court_report(store, report=item, request=request)


def case_plan(
    store: Any,
    plan: Any,
    request: PrintRequest,
) -> PrintJob:
    """A case plan: the children's placements on its day (the provider prints, the address is
    restricted) and the version it follows; signatures captured on the pad as a visit's are."""
    on = plan.plan_date or request.now.date()
    placements = tuple(
        p
        for p in store.repository("placement").list(case_id=plan.case_id)
        if p.child_id in plan.child_ids and p.current_on(on)
    )
    previous = None
    if plan.previous_version_id:
        try:
            previous = store.get(plan.previous_version_id).to_domain()
        except RecordNotFound:
            previous = None
    ctx = print_context(
        store,
        request,
        case_id=plan.case_id,
        child_ids=plan.child_ids,
        worker_ids=(plan.written_by, plan.created_by, plan.approved_by),
    )
    document = CasePlanDocument(
        plan=plan, previous=previous, placements=placements, signatures=signatures_of(store, plan)
    )
    return _job("case_plan", document, "case_plan", plan, ctx, plan.child_ids)


def collateral_contact(
    store: Any,
    item: CollateralContact,
    request: PrintRequest,
) -> PrintJob:
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=item.child_ids,
        worker_ids=(item.recorded_by, item.created_by, item.approved_by),
    )
    return _job(
        "collateral_contact_summary",
        CollateralContactSummary(contact=item),
        "collateral_contact",
        item,
        ctx,
        item.child_ids,
    )


def referral(
    store: Any,
    item: Referral,
    request: PrintRequest,
) -> PrintJob:
    """A referral summary: the provider's address and phone from the resource directory when known."""
    subjects = (item.person_id,) if item.person_id else ()
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=subjects,
        worker_ids=(item.referred_by, item.created_by, item.approved_by),
    )
    found = resource_directory.provider(store, item.provider_id)
    details = (
        " · ".join(x for x in (found.address, found.phone, found.county) if x) if found else None
    )
    return _job(
        "referral_summary",
        ReferralSummary(referral=item, provider_details=details),
        "referral",
        item,
        ctx,
        subjects,
    )


def team_meeting(
    store: Any,
    item: TeamMeeting,
    request: PrintRequest,
) -> PrintJob:
    ctx = print_context(
        store,
        request,
        case_id=item.case_id,
        child_ids=item.child_ids,
        worker_ids=(item.recorded_by, item.created_by, item.approved_by),
    )
    summary = TeamMeetingSummary(meeting=item, signatures=signatures_of(store, item))
    return _job("team_meeting_summary", summary, "team_meeting", item, ctx, item.child_ids)
