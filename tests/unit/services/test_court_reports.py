"""The court report on a real encrypted store (services/court_reports.py): started for a hearing and
composed from the approved record, composed once more at submit and frozen from then on, printed
with the court profile (the resource family's address withheld, read back from the PDF's text)."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from fieldcase.domain.hearings import Hearing, HearingType
from fieldcase.domain.ids import new_id
from fieldcase.domain.workflow import Status
from fieldcase.services import court_reports, field_records, printing
from fieldcase.services.printing import Profile
from helpers.services import seen_visit
from helpers.store import USER

NOW = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def hearing(store, family):
    held = Hearing(
        id=new_id(),
        case_id=family.case_id,
        scheduled_at=datetime(2026, 1, 20, 15, tzinfo=UTC),
        hearing_type=HearingType.DISPOSITION,
        court="Synthetic County Juvenile Court",
        outcome="Disposition entered.",
    )
    coming = Hearing(
        id=new_id(),
        case_id=family.case_id,
        scheduled_at=datetime(2026, 6, 3, 15, tzinfo=UTC),
        hearing_type=HearingType.REVIEW,
        court="Synthetic County Juvenile Court",
    )
    store.save(held)
    store.save(coming)
    return coming


def _approved_visit(store, family, day: date):
    visit = dataclasses.replace(
        seen_visit(
            family.case_id,
            family.child_ids,
            on=datetime(day.year, day.month, day.day, 15, tzinfo=UTC),
        ),
        status=Status.APPROVED,
    )
    store.save(visit)
    return visit


def test_a_report_lists_the_approved_visits_since_the_last_hearing(store, family, hearing):
    approved = [_approved_visit(store, family, date(2026, m, 6)) for m in (2, 3, 4)]
    _approved_visit(store, family, date(2026, 1, 6))  # before the last hearing
    store.save(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 6, 15, tzinfo=UTC))
    )  # a draft: not the agency's word yet
    report = court_reports.new_court_report(store, hearing_id=hearing.id, user_id=USER, now=NOW)
    assert (report.period_start, report.period_end, report.hearing_on) == (
        date(2026, 1, 21),
        date(2026, 5, 25),
        date(2026, 6, 3),
    )
    assert [line.visit_id for line in report.sections.caseworker_visits] == [v.id for v in approved]
    assert report.child_ids == family.child_ids
    # a second "Write the court report" on the same hearing opens the one being written
    field_records.save_draft(store, record=report)
    assert (
        court_reports.new_court_report(store, hearing_id=hearing.id, user_id=USER, now=NOW).id
        == report.id
    )


def test_the_sections_are_composed_again_at_submit_and_never_after(store, family, hearing):
    _approved_visit(store, family, date(2026, 2, 6))
    report = court_reports.new_court_report(store, hearing_id=hearing.id, user_id=USER, now=NOW)
    report = dataclasses.replace(
        report, assessment="Stable at home.", recommendations="Continue the plan."
    )
    field_records.save_draft(store, record=report)
    later = _approved_visit(
        store, family, date(2026, 3, 6)
    )  # approved while the report was a draft
    field_records.submit(store, record_id=report.id)
    submitted = store.get(report.id).to_domain()
    assert submitted.status is Status.SUBMITTED
    assert later.id in [line.visit_id for line in submitted.sections.caseworker_visits]
    _approved_visit(store, family, date(2026, 4, 6))  # after the submit: not in the report, ever
    job = printing.prepare_record(
        store, record_id=report.id, request=printing.PrintRequest(now=NOW, profile=Profile.COURT)
    )
    assert job.document.report.sections == submitted.sections


def test_the_court_copy_withholds_the_resource_familys_address(store, family, hearing):
    _approved_visit(store, family, date(2026, 2, 6))
    report = court_reports.new_court_report(store, hearing_id=hearing.id, user_id=USER, now=NOW)
    report = dataclasses.replace(
        report,
        assessment="The children are settled at 12 Invented Lane, Nowhere with the resource family.",
        recommendations="Continue the placement.",
    )
    field_records.save_draft(store, record=report)
    job = printing.prepare_record(
        store, record_id=report.id, request=printing.PrintRequest(now=NOW, profile=Profile.COURT)
    )
    document = printing.render(job)
    text = _text(document.pdf)
    assert "COURT COPY" in text and "Court report" in text and "Feb 6, 2026" in text
    assert "Synthetic County Juvenile Court" in text and "settled at [withheld]" in text
    assert "12 Invented Lane" not in text
    printing.record_output(
        store, document, action="print", record_kind=job.record_kind, record_id=job.record_id
    )
    event = store.audit_events()[-1]
    assert (event.action, event.record_kind, event.record_id) == (
        "print",
        "court_report",
        report.id,
    )
    assert event.detail == {"sha256": document.sha256, "profile": "court", "count": 1}
    # the internal copy (the case file) prints it
    assert "12 Invented Lane" in _text(
        printing.render(
            printing.prepare_record(
                store,
                record_id=report.id,
                request=printing.PrintRequest(now=NOW, profile=Profile.INTERNAL),
            )
        ).pdf
    )


def test_the_preview_says_what_the_record_shows_in_the_windows_language(store, family, hearing):
    _approved_visit(store, family, date(2026, 2, 6))
    report = court_reports.new_court_report(store, hearing_id=hearing.id, user_id=USER, now=NOW)
    body = field_records.to_dict(report)["sections"]
    english = court_reports.preview_text(body, names={}, language="en")
    assert "Caseworker visits in this period" in english and "Feb 6, 2026" in english
    assert "No approved case plan is on file" in english
    assert "Visitas del trabajador social en este periodo" in court_reports.preview_text(
        body, names={}, language="es"
    )


def test_an_unknown_hearing_is_said_in_words(store, family):
    with pytest.raises(court_reports.NoSuchHearing):
        court_reports.new_court_report(store, hearing_id="no-such-hearing", user_id=USER, now=NOW)
