"""A family support team meeting through the real sync path (a real server — SQLite, and
PostgreSQL under the `postgres` marker — and real encrypted laptops): recorded offline on the
caseworker's laptop at the meeting, a signature drawn on the pad with it, submitted, synced,
approved by the supervisor at the revision read; the approved meeting meets the 72-hour rule on
both laptops, and its court copy prints the attendance sheet without the place it was held."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime, timedelta

from pypdf import PdfReader

from fieldcase.domain.attachments import AttachmentKind
from fieldcase.domain.team_meetings import Attendee, MeetingPurpose, PlanChange, ServiceAgreed
from fieldcase.services import (
    approvals,
    attachments,
    compliance,
    field_records,
    printing,
    team_meetings,
)
from fieldcase.services.printing import Profile
from fieldcase.sync import attachments as blob_queue
from integration.sync.promises import check_converged, check_no_duplicates
from integration.sync.test_case_data import office_edit

#: a 1×1 PNG: what the pad saves is a PNG, its strokes do not matter here
_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def test_a_meeting_recorded_offline_is_submitted_synced_approved_and_meets_the_72_hours(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    held = datetime.now(UTC).astimezone() - timedelta(hours=5)
    custody = held.date() - timedelta(days=2)  # taken into care two days before the meeting
    office_edit(world.harness, world.case_id, {"removal_date": custody.isoformat()})
    ana.sync()
    sam.sync()
    before = compliance.caseload_summary(ana.store, today=held.date() + timedelta(days=2))
    assert before.counts.family_support_team_overdue == 1  # day 4 after custody, no meeting yet

    # at the meeting, offline: started from the case, filled in, one signature captured on the pad
    meeting = team_meetings.new_team_meeting(
        ana.store, case_id=world.case_id, user_id=ana.user_id, now=held
    )
    assert meeting.child_ids == (world.child_id,) and meeting.recorded_by == ana.user_id
    signature = attachments.attach_bytes(
        ana.store,
        content=_PNG,
        name="Signature - Caseworker - Ana - 2026-01-01 10.00.png",
        mime="image/png",
        kind=AttachmentKind.SIGNATURE,
    )
    meeting = dataclasses.replace(
        meeting,
        ended_at=held + timedelta(hours=1),
        place="Resource home, 12 Synthetic Lane",
        facilitator="Facilitator One",
        purpose=MeetingPurpose.WITHIN_72_HOURS,
        attendees=(
            Attendee(
                name="Pat Example",
                organisation="Guardian ad litem office",
                role="Guardian ad litem",
                invited=True,
                present=True,
                signed=True,
            ),
            Attendee(
                name="Dr Synthetic",
                organisation="Riverside Counseling",
                role="Therapist",
                invited=True,
                present=False,
            ),
        ),
        decisions="Weekly supervised family time; the mother starts parenting classes.",
        services=(
            ServiceAgreed(
                service="Parenting classes", provider="Family Center", responsible="Mother"
            ),
        ),
        plan_changes=(
            PlanChange(change="Add parenting classes to the mother's responsibilities."),
        ),
        next_meeting_on=held.date() + timedelta(days=27),
        attachments=(signature,),
    )
    field_records.save_draft(ana.store, record=meeting)
    field_records.submit(ana.store, record_id=meeting.id)
    # held, though not yet approved: the rule counts the meeting, not the paperwork
    assert (
        compliance.caseload_summary(
            ana.store, today=held.date() + timedelta(days=2)
        ).counts.family_support_team_overdue
        == 0
    )
    report = ana.sync()
    assert report.conflicts == 0

    sam.sync()
    [entry] = [
        e
        for e in approvals.approval_queue(sam.store, now=datetime.now(UTC)).entries
        if e.record_id == meeting.id
    ]
    assert (entry.kind, entry.noun) == ("team_meeting", "team meeting")
    opened = approvals.open_for_review(sam.store, record_id=meeting.id)
    approvals.approve(sam.store, record_id=meeting.id, rev=opened.rev, version=opened.version)
    assert sam.sync().conflicts == 0
    ana.sync()
    for laptop in (ana, sam):
        stored = laptop.store.get(meeting.id)
        assert stored.status == "approved"
        assert stored.to_domain().proposed_changes == (
            "Add parenting classes to the mother's responsibilities.",
        )
    # the signature went up with the meeting: the supervisor's laptop fetches it when it is opened
    engine = sam.engine()
    assert blob_queue.download(engine._session(), engine.sync_store, signature.sha256) == _PNG
    # the supervisor's dashboard counts the team's meetings from the same record
    team = compliance.team_dashboard(
        sam.store, today=held.date() + timedelta(days=2), now=datetime.now(UTC)
    )
    assert team.totals.family_support_team_overdue == 0

    # the court copy: the attendance sheet with every person, the place withheld
    job = printing.prepare_record(
        ana.store,
        record_id=meeting.id,
        request=printing.PrintRequest(now=datetime.now(UTC), profile=Profile.COURT),
    )
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(printing.render(job).pdf)).pages
        ).split()
    )
    assert (
        "Attendance sheet" in text
        and "Pat Example" in text
        and "Riverside Counseling" in text
        and "Signed on the pad" in text
    )
    assert "Synthetic Lane" not in text
    internal = printing.prepare_record(
        ana.store,
        record_id=meeting.id,
        request=printing.PrintRequest(now=datetime.now(UTC), profile=Profile.INTERNAL),
    )
    assert "Synthetic Lane" in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(printing.render(internal).pdf)).pages
    )
    check_converged(world.harness.db, [ana, sam])
    check_no_duplicates(world.harness.db)
