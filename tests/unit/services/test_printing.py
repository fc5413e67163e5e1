"""Printing from the store: inputs read on the store side, rendered without it, an audit event with
the document's hash and profile when printed or saved, and no file written anywhere."""

from __future__ import annotations

import dataclasses
import io
import os
import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldcase.domain.ids import new_id
from fieldcase.domain.transport_trips import TransportTrip, TripPurpose
from fieldcase.domain.visitation_entries import VisitationEntry, VisitationOutcome
from fieldcase.domain.workflow import Status
from fieldcase.services import printing
from fieldcase.services.printing import PageSize, Profile
from helpers.services import seen_visit
from helpers.store import USER

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )


def _listing(root: Path) -> set[str]:
    out = set()
    for dirpath, dirnames, filenames in os.walk(root):
        out.update(os.path.join(dirpath, n) for n in dirnames + filenames)
    return out


@pytest.fixture
def visit(store, family):
    v = dataclasses.replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 6, 15, tzinfo=UTC)),
        placement_id=family.placement_id,
        observations="Ñandú drawings on the fridge; calm evening.",
    )
    store.save(v)
    return v


def test_a_visit_summary_is_audited_with_its_hash_and_profile(store, visit):
    job = printing.prepare_record(
        store,
        record_id=visit.id,
        request=printing.PrintRequest(now=NOW, profile=Profile.COURT, page_size=PageSize.A4),
    )
    document = printing.render(job)
    assert document.profile == "court" and document.pages >= 1
    before = len(store.audit_events())
    printing.record_output(
        store, document, action="export", record_kind=job.record_kind, record_id=job.record_id
    )
    events = store.audit_events()[before:]
    assert [(e.action, e.record_kind, e.record_id) for e in events] == [
        ("export", "home_visit", visit.id)
    ]
    assert events[0].detail == {"sha256": document.sha256, "profile": "court", "count": 1}
    text = _text(document.pdf)
    assert "COURT COPY" in text and "Ñandú drawings" in text
    assert (
        "12 Invented Lane" not in text
    )  # the resource family's address is withheld from the court


def test_conducted_by_prints_a_name_not_a_user_id(store, visit):
    document = printing.render(
        printing.prepare_record(store, record_id=visit.id, request=printing.PrintRequest(now=NOW))
    )
    text = _text(document.pdf)
    # no account name on file in this store: "Caseworker" + the id's first characters
    assert f"Conducted by Caseworker {USER[:8]}" in text and "(not on file)" not in text


def test_nothing_is_written_outside_the_data_dir(
    store, visit, family, data_dir, tmp_path, monkeypatch
):
    # a private temp dir (Python's and the C libraries' TMPDIR): anything a renderer spilled would land
    # here, and nothing else on the machine writes into it (the shared /tmp is busy with other tests)
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    before_data = _listing(data_dir)
    cwd_before = _listing(Path.cwd())
    jobs = [
        printing.prepare_record(store, record_id=visit.id, request=printing.PrintRequest(now=NOW)),
        printing.prepare_court_packet(
            store,
            child_id=family.child_ids[0],
            date_from=date(2026, 5, 1),
            date_to=date(2026, 5, 31),
            request=printing.PrintRequest(now=NOW, profile=printing.Profile.COURT),
        ),
    ]
    for job in jobs:
        document = printing.render(job)
        printing.page_images(document.pdf, dpi=30)
        printing.record_output(
            store, document, action="print", record_kind=job.record_kind, record_id=job.record_id
        )
    printing.render_batch(jobs)
    assert _listing(temp) == set()
    assert not [p for p in _listing(Path.cwd()) - cwd_before if p.endswith(".pdf")]
    # inside the data dir only the database (and its WAL) changes: no PDF lands there either
    assert not [p for p in _listing(data_dir) - before_data if p.endswith(".pdf")]


def test_court_packet_rollup_and_mileage_log(store, family, visit):
    entry = VisitationEntry(
        id=new_id(),
        case_id=family.case_id,
        plan_id=family.plan_id,
        child_ids=family.child_ids,
        created_by=USER,
        scheduled_start=datetime(2026, 5, 9, 16, tzinfo=UTC),
        scheduled_end=datetime(2026, 5, 9, 17, 30, tzinfo=UTC),
        outcome=VisitationOutcome.OCCURRED,
        strengths="Warm greeting.",
    )
    store.save(entry)
    rollup = printing.render(
        printing.prepare_rollup(
            store,
            plan_id=family.plan_id,
            year=2026,
            month=5,
            request=printing.PrintRequest(now=NOW),
        )
    )
    assert "Warm greeting" in _text(rollup.pdf)
    report = printing.render(
        printing.prepare_record(store, record_id=entry.id, request=printing.PrintRequest(now=NOW))
    )
    assert report.pages >= 1
    packet = printing.render(
        printing.prepare_court_packet(
            store,
            child_id=family.child_ids[0],
            date_from=date(2026, 5, 1),
            date_to=date(2026, 5, 31),
            request=printing.PrintRequest(now=NOW, profile=printing.Profile.COURT),
        )
    )
    assert packet.profile == "court"
    for day, start in ((3, 1000), (10, 1040)):
        store.save(
            TransportTrip(
                id=new_id(),
                case_id=family.case_id,
                driver_id=USER,
                created_by=USER,
                trip_date=date(2026, 5, day),
                odometer_start=Decimal(start),
                odometer_end=Decimal(start + 30),
                purpose=TripPurpose.COURT,
            )
        )
    log = printing.render(
        printing.prepare_mileage_log(
            store,
            period_start=date(2026, 5, 1),
            period_end=date(2026, 5, 31),
            request=printing.PrintRequest(now=NOW),
        )
    )
    text = _text(log.pdf)
    assert "Mileage log" in text and f"Caseworker {USER[:8]}" in text
    # a log is about the driver's trips: the page header names the case, and no child (it said "Child" with nothing after it)
    assert (
        "Case DEMO-1000" in text
        and "· Child Mileage log" not in text
        and "Case DEMO-1000 Mileage log" in text
    )
    with pytest.raises(printing.NothingToPrint):
        printing.prepare_mileage_log(
            store,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 1, 31),
            request=printing.PrintRequest(now=NOW),
        )


def test_batch_of_the_months_approved_visits_with_progress_and_cancel(store, family):
    ids = []
    for day in (4, 11, 18):
        v = dataclasses.replace(
            seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, day, 15, tzinfo=UTC)),
            status=Status.APPROVED,
        )
        store.save(v)
        ids.append(v.id)
    store.save(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 20, 15, tzinfo=UTC))
    )  # a draft: not in the batch
    jobs = printing.prepare_month_batch(
        store, year=2026, month=5, request=printing.PrintRequest(now=NOW)
    )
    assert [j.record_id for j in jobs] == ids
    progress = printing.Progress()
    document = printing.render_batch(jobs, progress=progress)
    assert (progress.done, progress.total) == (3, 3)
    assert len(PdfReader(io.BytesIO(document.pdf)).pages) == document.pages >= 3
    printing.record_output(store, document, action="print", count=len(jobs))
    assert store.audit_events()[-1].detail == {
        "sha256": document.sha256,
        "profile": "internal",
        "count": 3,
    }
    cancel = printing.Cancel()
    cancel.cancel()
    with pytest.raises(printing.BatchCancelled):
        printing.render_batch(jobs, cancel=cancel)
    with pytest.raises(printing.NothingToPrint):
        printing.prepare_month_batch(
            store, year=2026, month=2, request=printing.PrintRequest(now=NOW)
        )


def test_signed_in_user_without_credentials_is_a_caseworker(store):
    who = printing.signed_in_user(store)
    assert who.user_id == USER and who.role == "caseworker" and who.username is None
    assert printing.worker_label(USER, {}) == f"Caseworker {USER[:8]}"
    assert printing.worker_label(USER, {USER: "rvale"}) == "rvale"


def test_the_agency_line_never_says_county_twice(store, family, visit):
    case = store.repository("case").get(family.case_id)
    store.save(dataclasses.replace(case, county="Synthetic County"))
    text = _text(
        printing.render(
            printing.prepare_record(
                store, record_id=visit.id, request=printing.PrintRequest(now=NOW)
            )
        ).pdf
    )
    assert "Synthetic County Children's Division" in text and "County County" not in text


def test_a_trip_for_a_family_visit_prints_on_both_the_log_and_the_visit_report(store, family):
    entry = VisitationEntry(
        id=new_id(),
        case_id=family.case_id,
        plan_id=family.plan_id,
        child_ids=family.child_ids,
        created_by=USER,
        scheduled_start=datetime(2026, 5, 9, 16, tzinfo=UTC),
        scheduled_end=datetime(2026, 5, 9, 17, 30, tzinfo=UTC),
        outcome=VisitationOutcome.OCCURRED,
    )
    store.save(entry)
    trip = TransportTrip(
        id=new_id(),
        case_id=family.case_id,
        driver_id=USER,
        created_by=USER,
        trip_date=date(2026, 5, 9),
        odometer_start=Decimal(1000),
        odometer_end=Decimal("1012.5"),
        purpose=TripPurpose.FAMILY_VISIT,
        linked_record_id=entry.id,
    )
    store.save(trip)
    log = _text(
        printing.render(
            printing.prepare_mileage_log(
                store,
                period_start=date(2026, 5, 1),
                period_end=date(2026, 5, 31),
                request=printing.PrintRequest(now=NOW),
            )
        ).pdf
    )
    assert "For: Family visit of May 9, 2026" in log
    report = _text(
        printing.render(
            printing.prepare_record(
                store, record_id=entry.id, request=printing.PrintRequest(now=NOW)
            )
        ).pdf
    )
    assert (
        "Transport trips" in report and "May 9, 2026, driven by" in report and "12.5 mi" in report
    )


def test_a_case_plan_prints_with_its_hash_audited_and_the_court_copy_withholds_the_address(
    store, family
):
    from fieldcase.services import case_plans

    plan = case_plans.new_plan(store, case_id=family.case_id, user_id=USER, today=date(2026, 5, 12))
    plan = dataclasses.replace(
        plan, conditions="Synthetic: the children now live at 12 Invented Lane, Nowhere."
    )
    store.save(plan)
    job = printing.prepare_record(
        store, record_id=plan.id, request=printing.PrintRequest(now=NOW, profile=Profile.COURT)
    )
    assert (job.kind, job.record_kind, printing.file_name(job)) == (
        "case_plan",
        "case_plan",
        "case-plan_DEMO-1000_2026-05-25.pdf",
    )
    document = printing.render(job)
    before = len(store.audit_events())
    printing.record_output(
        store, document, action="print", record_kind=job.record_kind, record_id=job.record_id
    )
    [event] = store.audit_events()[before:]
    assert (event.action, event.record_kind, event.record_id) == ("print", "case_plan", plan.id)
    assert event.detail == {"sha256": document.sha256, "profile": "court", "count": 1}
    found = _text(document.pdf)
    assert "COURT COPY" in found and "Case plan" in found and "12 Invented Lane" not in found
    assert "family" in found  # the placement's provider prints by name
