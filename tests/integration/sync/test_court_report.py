"""The court report end to end, through the real sync path (real server — SQLite, and PostgreSQL
under the `postgres` marker — and real encrypted laptops): the caseworker's case plan, visits and family
visits are synced and approved by the supervisor; the court report for the next hearing lists the
visits and the plan's services from the record; it is submitted offline, synced, approved by the supervisor; its court copy, printed from the
caseworker's laptop, withholds the resource family's address (read back from the PDF's text) and its
printed hash is audited."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime, time, timedelta

from pypdf import PdfReader

from fieldcase.domain.case_plans import PlanService
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    Topic,
    VisitOutcome,
    VisitPurpose,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.visitation_entries import (
    Attendance,
    SupervisionRecommendation,
    VisitationEntry,
    VisitationOutcome,
)
from fieldcase.domain.visitation_plans import SupervisionLevel
from fieldcase.services import approvals, case_plans, court_reports, field_records, printing
from fieldcase.services.printing import Profile
from integration.sync.promises import check_converged, check_no_duplicates

ADDRESS = "88 Hidden Orchard Road, Nowhere"


def _at(day: date, hour: int = 15) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _visit(world, day: date, worker: str) -> HomeVisit:
    return HomeVisit(
        id=new_id(),
        case_id=world.case_id,
        conducted_by=worker,
        recorded_by=worker,
        contact_start=_at(day),
        contact_end=_at(day, 16),
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        outcome=VisitOutcome.COMPLETED,
        location_type=LocationType.CHILD_RESIDENCE,
        children=(
            ChildSeen(
                child_id=world.child_id,
                seen=True,
                seen_privately=True,
                present_danger=False,
                topics=frozenset({Topic.HEALTH}),
                well_being_notes="Asthma check done; inhaler at school.",
            ),
        ),
        observations="Synthetic note: homework and chores discussed.",
    )


def _family_visit(world, plan_id: str, parent_id: str, day: date) -> VisitationEntry:
    start = _at(day, 17)
    return VisitationEntry(
        id=new_id(),
        case_id=world.case_id,
        plan_id=plan_id,
        child_ids=(world.child_id,),
        scheduled_start=start,
        scheduled_end=start + timedelta(hours=2),
        supervision_level=SupervisionLevel.SUPERVISED,
        supervised_by="Agency aide",
        attendance=(
            Attendance(
                person_id=parent_id, arrived_at=start, departed_at=start + timedelta(hours=2)
            ),
        ),
        outcome=VisitationOutcome.OCCURRED,
        activities="Played a board game.",
        recommendation=SupervisionRecommendation.SAME,
    )


def _approve_all(sam, ids) -> None:
    for record_id in ids:
        opened = approvals.open_for_review(sam.store, record_id=record_id)
        approvals.approve(sam.store, record_id=record_id, rev=opened.rev, version=opened.version)
    assert sam.sync().conflicts == 0


def test_the_court_report_for_the_next_hearing_lists_the_visits_and_its_court_copy_withholds_the_address(
    world,
):
    today = date.today()
    office = world.harness
    office.add_record(
        "person",
        world.case_id,
        {
            "role": "resource_parent",
            "given_name": "Rosa",
            "family_name": "Keeper",
            "address": ADDRESS,
        },
    )
    parent = office.add_record(
        "person", world.case_id, {"role": "parent", "given_name": "Maria", "family_name": "Child"}
    )
    office.add_record(
        "placement",
        world.case_id,
        {
            "child_id": world.child_id,
            "provider_kind": "resource_family",
            "provider_name": "Keeper family",
            "address": ADDRESS,
            "placement_type": "foster_family",
            "starts_on": (today - timedelta(days=400)).isoformat(),
        },
    )
    plan = office.add_record(
        "visitation_plan",
        world.case_id,
        {
            "participants": [parent, world.child_id],
            "frequency": "weekly",
            "supervision_level": "supervised",
            "effective_from": (today - timedelta(days=380)).isoformat(),
        },
    )
    last = office.add_record(
        "hearing",
        world.case_id,
        {
            "scheduled_at": _at(today - timedelta(days=120), 9).isoformat(),
            "court": "Synthetic County Juvenile Court",
            "hearing_type": "disposition",
            "outcome": "Disposition entered; review in 4 months.",
        },
    )
    coming = office.add_record(
        "hearing",
        world.case_id,
        {
            "scheduled_at": _at(today + timedelta(days=10), 9).isoformat(),
            "court": "Synthetic County Juvenile Court",
            "hearing_type": "review",
        },
    )
    ana, sam = world.laptop("ana"), world.laptop("sam")
    ana.sync()
    sam.sync()

    # the case plan, written with the family, approved: the report lists its services
    case_plan = case_plans.new_plan(
        ana.store, case_id=world.case_id, user_id=ana.user_id, today=today - timedelta(days=100)
    )
    case_plan = dataclasses.replace(
        case_plan,
        conditions="Synthetic: neglect, no food in the home.",
        permanency_goal=PermanencyGoal.REUNIFICATION,
        concurrent_goal=PermanencyGoal.GUARDIANSHIP,
        services=(
            PlanService(
                description="Parenting classes",
                provider="Family Center",
                responsible=parent,
                starts_on=today - timedelta(days=90),
                ends_by=today + timedelta(days=60),
            ),
        ),
        parent_responsibilities="Attend classes.",
        behaviours_ending_services="Stable housing for 3 months.",
        needs_met="Same school.",
        least_restrictive=True,
        proximity_to_parents="10 miles.",
        evaluation_to=today + timedelta(days=80),
    )
    field_records.save_draft(ana.store, record=case_plan)
    field_records.submit(ana.store, record_id=case_plan.id)

    # the caseworker's contacts, written offline, submitted, synced and approved
    before_last = _visit(
        world, today - timedelta(days=130), ana.user_id
    )  # before the last hearing: not in this report
    visits = [_visit(world, today - timedelta(days=d), ana.user_id) for d in (90, 60, 30)]
    family = _family_visit(world, plan, parent, today - timedelta(days=45))
    for record in (before_last, *visits, family):
        field_records.save_draft(ana.store, record=record)
        field_records.submit(ana.store, record_id=record.id)
    late = _visit(world, today - timedelta(days=5), ana.user_id)
    field_records.save_draft(ana.store, record=late)  # a draft: not the agency's word yet
    ana.sync()
    sam.sync()
    _approve_all(sam, [r.id for r in (case_plan, before_last, *visits, family)])
    ana.sync()

    # "Write the court report" for the next hearing: composed from the approved record on the laptop
    report = court_reports.new_court_report(
        ana.store, hearing_id=coming, user_id=ana.user_id, now=datetime.now(UTC)
    )
    assert (
        report.period_start == (today - timedelta(days=120)) + timedelta(days=1)
        and report.period_end == today
    )
    assert [line.visit_id for line in report.sections.caseworker_visits] == [v.id for v in visits]
    assert [line.entry_id for line in report.sections.family_visits] == [family.id]
    assert report.sections.family_time[0].held == 1 and report.sections.health
    assert report.sections.case_plan_id == case_plan.id and [
        s.service for s in report.sections.services
    ] == ["Parenting classes"]
    report = dataclasses.replace(
        report,
        assessment=f"The child is settled at {ADDRESS} and attends school every day.",
        recommendations="Continue the placement and weekly supervised family time.",
    )
    field_records.save_draft(ana.store, record=report)
    field_records.submit(
        ana.store, record_id=report.id
    )  # offline; the sections are composed once more
    assert ana.sync().conflicts == 0
    sam.sync()
    [entry] = [
        e
        for e in approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
        if e.record_id == report.id
    ]
    assert (entry.kind, entry.noun) == ("court_report", "court report")
    # the supervisor reads the hearing by its day and court, and the sections in the printout's words
    shown = {
        f.label: f.text for f in approvals.open_for_review(sam.store, record_id=report.id).fields
    }
    assert "Synthetic County Juvenile Court" in shown["Hearing"]
    assert (
        "Caseworker visits in this period" in shown["Sections"]
        and "Parenting classes" in shown["Sections"]
    )
    _approve_all(sam, [report.id])
    ana.sync()
    approved = ana.store.get(report.id).to_domain()
    assert approved.status.value == "approved"
    assert [line.visit_id for line in approved.sections.caseworker_visits] == [v.id for v in visits]
    assert last != coming

    # the court copy from the caseworker's laptop: the visits from the record, the address withheld
    job = printing.prepare_record(
        ana.store,
        record_id=report.id,
        request=printing.PrintRequest(now=datetime.now(UTC), profile=Profile.COURT),
    )
    document = printing.render(job)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document.pdf)).pages)
    assert (
        "COURT COPY" in text
        and "Court report" in text
        and "Synthetic County Juvenile Court" in text
    )
    for visit in visits:
        day = visit.contact_start.date()
        assert f"{day.strftime('%b')} {day.day}, {day.year}" in text
    assert (
        "Parenting classes" in text and "Family Center" in text and "Maria Child" in text
    )  # the plan's service, its responsible parent
    assert "No approved case plan is on file" not in text
    assert "settled at [withheld]" in text and ADDRESS not in text and "Hidden Orchard" not in text
    printing.record_output(
        ana.store, document, action="print", record_kind=job.record_kind, record_id=job.record_id
    )
    event = ana.store.audit_events()[-1]
    assert (event.action, event.record_kind, event.detail) == (
        "print",
        "court_report",
        {"sha256": document.sha256, "profile": "court", "count": 1},
    )
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)
