"""Every document carries its fields, the shared page furniture and the right watermark."""

from __future__ import annotations

import hashlib
import io
from dataclasses import replace
from datetime import UTC, date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from fieldcase.domain.home_visits import ChildSeen, Participant
from fieldcase.domain.visitation_entries import VisitationOutcome
from fieldcase.domain.workflow import Status
from fieldcase.reports import (
    CourtPacket,
    HomeVisitSummary,
    MileageLog,
    PageSize,
    Profile,
    Signature,
    VisitationReport,
    VisitationRollup,
    render_court_packet,
    render_home_visit_summary,
    render_mileage_log,
    render_visitation_report,
    render_visitation_rollup,
)
from fieldcase.reports import specimen as s

from .conftest import pages_text, text

MARCH = dict(period_start=date(2025, 3, 1), period_end=date(2025, 3, 31))


def summary(visit=None, **ctx):
    return render_home_visit_summary(
        HomeVisitSummary(visit=visit or s.home_visit(), placement=s.PLACEMENT), s.context(**ctx)
    )


ALL_DOCUMENTS = {
    "home visit": lambda ctx: render_home_visit_summary(
        HomeVisitSummary(visit=s.home_visit(), placement=s.PLACEMENT), ctx
    ),
    "visitation report": lambda ctx: render_visitation_report(
        VisitationReport(entry=s.visitation_entry(), plan=s.PLAN), ctx
    ),
    "rollup": lambda ctx: render_visitation_rollup(
        VisitationRollup(plan=s.PLAN, year=2025, month=3, entries=s.month_of_visits()), ctx
    ),
    "mileage": lambda ctx: render_mileage_log(
        MileageLog(driver_id="u-worker", trips=s.trips(), **MARCH), ctx
    ),
    "court packet": lambda ctx: render_court_packet(
        CourtPacket(
            child_id=s.LUCIA.id,
            date_from=date(2025, 3, 1),
            date_to=date(2025, 3, 31),
            home_visits=(s.home_visit(),),
            visitation_entries=s.month_of_visits(),
            plans={s.PLAN.id: s.PLAN},
            placements={s.PLACEMENT.id: s.PLACEMENT},
        ),
        ctx,
    ),
}


def test_home_visit_summary_prints_every_field():
    got = text(summary())
    for expected in (
        "Home visit summary",
        "Monthly caseworker visit",
        "Face-to-face",
        "Mar 4, 2025, 3:00 PM – 4:15 PM",
        "1 h 15 min",
        "Child's residence / placement",
        s.FOSTER_ADDRESS,
        "Muñoz-Ortíz resource home",
        "Renée Caseworker-Test",
        "Child: Lucía Pérez-Núñez",
        "Seen privately",
        "Education, Health, Safety, Visits with family",
        "Smoke detectors tested",
        "“Me gusta mi cuarto.",
        "Home conditions",
        "Respite care one weekend in April",
        "Send the respite request to the licensing worker",
        "Mar 14, 2025",
        "Dr. Ñandú Test-Therapist",
        "Not present",
        "bedroom.jpg",
        "Approved by Óscar Supervisor-Test on Mar 6, 2025",
        "Addendum 1",
        "the dental appointment is on March 12",
        "Apr 2, 2025",
    ):
        assert expected in got, expected


def test_visit_not_in_residence_prints_reason_and_benefit():
    from fieldcase.domain.home_visits import LocationType

    visit = replace(
        s.home_visit(),
        location_type=LocationType.SCHOOL,
        reason_not_in_residence="Caregiver hospitalised that week.",
        benefit_not_in_residence="Saw the child with her teacher.",
    )
    got = text(summary(visit))
    assert "Caregiver hospitalised that week." in got and "Saw the child with her teacher." in got


def test_signature_images_are_embedded_and_blank_lines_otherwise():
    visit = s.home_visit()
    signed = render_home_visit_summary(
        HomeVisitSummary(
            visit=visit,
            signatures=(
                Signature(
                    role="Resource parent",
                    signer="Begoña Muñoz-Ortíz",
                    signed_at=visit.contact_end,
                    image=s.signature_png(),
                ),
            ),
        ),
        s.context(),
    )
    images = sum(len(page.images) for page in PdfReader(io.BytesIO(signed.pdf)).pages)
    assert images == 1
    assert "Resource parent: Begoña Muñoz-Ortíz" in text(signed)
    unsigned = summary()
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(unsigned.pdf)).pages) == 0
    assert "Caseworker" in text(unsigned) and "Supervisor" in text(unsigned)


def test_broken_signature_image_is_reported_not_fatal():
    doc = render_home_visit_summary(
        HomeVisitSummary(
            visit=s.home_visit(), signatures=(Signature(role="Caseworker", image=b"not an image"),)
        ),
        s.context(),
    )
    assert "(signature image could not be read)" in text(doc)


def test_visitation_report_fields():
    got = text(
        render_visitation_report(
            VisitationReport(entry=s.visitation_entry(), plan=s.PLAN), s.context()
        )
    )
    for expected in (
        "Family visitation report",
        "Weekly",
        "JV-0000-FAKE-17",
        "José Núñez Ibáñez",
        "Mar 6, 2025, 4:00 PM – 6:00 PM",
        "2 h",
        "Agency family-time room B",
        "Supervised",
        "Pat Aide-Test",
        "Occurred",
        "Keep the same level",
        "4:05 PM",
        "baked cookies",
        "¿Vienes el martes, mamá?",
        "Warm, attentive",
        "Bring Mateo's inhaler",
        "Handed back to Begoña",
    ):
        assert expected in got, expected


def test_cancelled_visit_says_who_cancelled_and_the_notice():
    entry = s.visitation_entry(day=13, outcome=VisitationOutcome.CANCELLED_BY_FAMILY)
    got = text(render_visitation_report(VisitationReport(entry=entry), s.context()))
    assert (
        "Cancelled by family" in got
        and "Cancelled by Ana Pérez-Núñez" in got
        and "4.0 hours" in got
    )
    assert "Parent ill" in got and "she had a fever" in got


def test_rollup_counts_by_party_and_leaves_out_other_months_and_voided():
    entries = s.month_of_visits() + (
        s.visitation_entry(day=29, status=Status.VOIDED, entry_id="voided"),
        replace(
            s.visitation_entry(day=6, entry_id="april"),
            scheduled_start=s.visitation_entry().scheduled_start.replace(month=4),
        ),
    )
    doc = render_visitation_rollup(
        VisitationRollup(plan=s.PLAN, year=2025, month=3, entries=entries), s.context()
    )
    got = text(doc)
    assert "Visits planned 4" in got
    assert (
        "Occurred 1" in got
        and "Ended early 1" in got
        and "Cancelled by family 1" in got
        and "Parent no-shows 1" in got
    )
    assert "Time together 3 h 20 min" in got
    assert "Mar 29, 2025" not in got and "Apr 6, 2025" not in got
    assert "Recommendation for next month" in got and "Keep the same level" in got


def test_mileage_log_totals_flags_and_irs_elements():
    trips = s.trips(6)
    voided = replace(
        trips[0],
        id="void",
        status=Status.VOIDED,
        odometer_start=Decimal(1),
        odometer_end=Decimal(900),
    )
    other_driver = replace(trips[1], id="other", driver_id="u-aide")
    doc = render_mileage_log(
        MileageLog(
            driver_id="u-worker",
            trips=trips + (voided, other_driver),
            previous_odometer_end=Decimal("48200.0"),
            **MARCH,
        ),
        s.context(),
    )
    got = text(doc)
    total = sum(t.amount for t in trips)
    claimed = sum(t.miles_claimed for t in trips)
    assert f"${total:,.2f}" in got and f"{claimed:,.1f}" in got
    assert "Total 6 trips" in got
    # IRS elements of one trip: date, destination, purpose, miles.
    assert (
        "Mar 7, 2025" in got
        and "Test clinic #2, 100 Main St" in got
        and "Therapy: Pick up Lucía for therapy" in got
    )
    assert "37.0 mi since the previous trip — review" in got  # the gap planted in specimen trip 3
    assert (
        "10.4 mi since the previous trip" in got
    )  # the first trip checked against the last reading
    assert "Odometer flags 1 to review" in got
    assert "899" not in got  # the voided trip's distance
    assert "Employee signature" in got and "Supervisor approval" in got


def test_mileage_log_flags_an_odometer_going_backwards():
    trips = s.trips(2)
    trips = (
        trips[0],
        replace(
            trips[1],
            odometer_start=trips[0].odometer_end - Decimal(5),
            odometer_end=trips[0].odometer_end + Decimal(10),
        ),
    )
    got = text(
        render_mileage_log(MileageLog(driver_id="u-worker", trips=trips, **MARCH), s.context())
    )
    assert "starts 5.0 mi below the previous end" in got


def test_court_packet_holds_only_the_childs_records_in_the_dates():
    other_child_visit = replace(
        s.home_visit(visit_id="other"),
        children=(
            ChildSeen(child_id=s.MATEO.id, seen=True, well_being_notes="Only about Mateo zz1"),
        ),
    )
    late = s.home_visit(
        visit_id="late",
        observations="Visit after the period zz2",
        start=s.home_visit().contact_start.replace(month=4),
    )
    entry_other_child = replace(
        s.visitation_entry(day=14, entry_id="mateo-only"),
        child_ids=(s.MATEO.id,),
        activities="Mateo only zz3",
    )
    doc = render_court_packet(
        CourtPacket(
            child_id=s.LUCIA.id,
            date_from=date(2025, 3, 1),
            date_to=date(2025, 3, 31),
            home_visits=(s.home_visit(), other_child_visit, late),
            visitation_entries=s.month_of_visits() + (entry_other_child,),
            plans={s.PLAN.id: s.PLAN},
        ),
        s.context(),
    )
    got = text(doc)
    assert "Caseworker visit 1 of 1" in got and "Family visit 4 of 4" in got
    assert "zz1" not in got and "zz2" not in got and "zz3" not in got
    assert "Lucía is sleeping well" in got


@pytest.mark.parametrize("name", list(ALL_DOCUMENTS))
@pytest.mark.parametrize("profile", list(Profile))
def test_every_page_has_header_footer_profile_and_page_x_of_y(name, profile):
    doc = ALL_DOCUMENTS[name](s.context(profile=profile))
    pages = pages_text(doc)
    assert doc.pages == len(pages) and doc.profile == profile.value
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Specimen County Children's Division (TEST DATA)" in page
        assert "Case TEST-2025-00042" in page and "Child L.P.N." in page
        assert f"Profile: {profile.banner}" in page
        assert (
            "CONFIDENTIAL — printed by Renée Caseworker-Test on Mar 28, 2025 16:05 — DOC-SPECIMEN-0001"
            in page
        )


@pytest.mark.parametrize(
    "status,mark",
    [
        (Status.DRAFT, "DRAFT"),
        (Status.RETURNED, "DRAFT"),
        (Status.SUBMITTED, "PENDING APPROVAL"),
        (Status.APPROVED, None),
    ],
)
def test_watermark_follows_the_status(status, mark):
    visit = replace(
        s.home_visit(status=status),
        returned_reason="Add the school contact." if status is Status.RETURNED else None,
    )
    pages = pages_text(summary(visit))
    for page in pages:
        for candidate in ("DRAFT", "PENDING APPROVAL"):
            assert (candidate in page) == (candidate == mark), (candidate, page[:80])


def test_a_draft_among_approved_records_marks_a_multi_record_document():
    entries = s.month_of_visits()
    entries = entries[:1] + (replace(entries[1], status=Status.DRAFT),) + entries[2:]
    doc = render_visitation_rollup(
        VisitationRollup(plan=s.PLAN, year=2025, month=3, entries=entries), s.context()
    )
    assert all("DRAFT" in page for page in pages_text(doc))
    approved = render_visitation_rollup(
        VisitationRollup(plan=s.PLAN, year=2025, month=3, entries=s.month_of_visits()), s.context()
    )
    assert not any("DRAFT" in page for page in pages_text(approved))


def test_unicode_names_round_trip_with_embedded_fonts():
    names = ["Ñandú Ibáñez-Göñi", "Zoë Ångström", "Łucja Müller", "Çağrı Öztürk", "Ana Pérez-Núñez"]  # noqa: RUF001 - a dotless i the fonts must draw
    visit = replace(
        s.home_visit(), participants=tuple(Participant(name=n, role="Relative") for n in names)
    )
    doc = summary(visit)
    got = text(doc)
    for name in names:
        assert name in got
    reader = PdfReader(io.BytesIO(doc.pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            # Embedded: a TrueType font program in the descriptor (a bare Type1 name like Helvetica is not).
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert fonts == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}


def test_text_that_looks_like_markup_prints_literally():
    visit = replace(s.home_visit(), home_conditions='Mom said <b>never</b> & "always" <br/> 3 < 4')
    assert 'Mom said <b>never</b> & "always" <br/> 3 < 4' in text(summary(visit))


def test_a_twenty_page_narrative_flows_without_losing_a_word():
    body = "\n\n".join(s.words(300, seed=p) for p in range(40))
    doc = summary(replace(s.home_visit(), observations=body))
    assert doc.pages >= 20
    printed = set(text(doc).replace(".", " ").split())
    expected = set(body.replace(".", " ").split())
    assert expected <= printed, sorted(expected - printed)[:10]


def test_a_long_table_repeats_its_header_on_every_page():
    many = s.trips(1) * 0 + tuple(
        replace(t, id=f"x{i}-{t.id}") for i in range(12) for t in s.trips(7)
    )
    doc = render_mileage_log(MileageLog(driver_id="u-worker", trips=many, **MARCH), s.context())
    pages = pages_text(doc)
    assert len(pages) >= 3
    for page in pages[:-1]:  # the last page may hold only the certification
        assert (
            "Date Business purpose Destination Odometer Miles Less commute Claimed Amount" in page
        )


@pytest.mark.parametrize(
    "size,expected", [(PageSize.LETTER, (612, 792)), (PageSize.A4, (595.28, 841.89))]
)
def test_letter_and_a4(size, expected):
    doc = summary(page_size=size)
    for page in PdfReader(io.BytesIO(doc.pdf)).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            expected, abs=0.01
        )


def test_the_hash_is_of_the_bytes_and_rendering_is_reproducible():
    one, two = summary(), summary()
    assert one.sha256 == hashlib.sha256(one.pdf).hexdigest()
    assert one.pdf == two.pdf
    assert summary(document_id="DOC-OTHER").sha256 != one.sha256
    assert "%PDF" not in repr(one) and one.document_id in repr(one)


def test_an_acknowledged_addendum_prints_who_read_it_and_when():
    from datetime import datetime

    visit = s.home_visit()
    [addendum] = visit.addenda
    read = replace(
        visit,
        addenda=(replace(addendum, acknowledged_at=datetime(2025, 3, 12, 14, 30, tzinfo=UTC)),),
    )
    unread = replace(visit, addenda=(replace(addendum, acknowledged_by=None),))
    assert "(supervisor: Óscar Supervisor-Test on Mar 12, 2025" in " ".join(
        text(summary(read)).split()
    )
    assert "(supervisor: not yet acknowledged)" in " ".join(text(summary(unread)).split())


def test_a_record_its_author_filed_prints_as_filed_not_approved():
    """The agency's rule pack files this kind (domain/approval.py): its author made it final and no
    supervisor reviewed it, which the paper says in words instead of "Approved by" the caseworker."""
    visit = s.home_visit()
    filed = replace(visit, approved_by=visit.created_by)
    got = text(summary(filed))
    assert "Filed by Renée Caseworker-Test on Mar 6, 2025, with no supervisor review" in got
    assert "Filed (no supervisor review)" in got and "Approved by" not in got
    assert "Approved by Óscar Supervisor-Test" in text(summary(visit))  # reviewed: as before
