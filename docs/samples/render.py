"""Render every document with specimen data and write PNGs of its first pages (or the pages named)
next to this file. The temporary PDFs hold specimen data only (reports/specimen/), never a case.

    .venv/bin/python docs/samples/render.py      (needs pdftoppm from poppler-utils)
    .venv/bin/python docs/samples/render.py court-report     (only the documents named; the others stay)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from fieldcase.domain.workflow import Status
from fieldcase.reports import (
    CasePlanDocument,
    CourtPacket,
    CourtReportDocument,
    HomeVisitSummary,
    MileageLog,
    PageSize,
    Profile,
    TeamMeetingSummary,
    VisitationReport,
    VisitationRollup,
    render_case_plan,
    render_court_packet,
    render_court_report,
    render_home_visit_summary,
    render_mileage_log,
    render_team_meeting_summary,
    render_visitation_report,
    render_visitation_rollup,
)
from fieldcase.reports import specimen as s

HERE = Path(__file__).resolve().parent


def documents():
    visit = s.home_visit()
    signed = HomeVisitSummary(visit=visit, placement=s.PLACEMENT, signatures=s.signatures(visit))
    yield "home-visit-summary", 2, render_home_visit_summary(signed, s.context())
    # the family copy of the same signed visit: the resource parent's signature stays in the case file
    yield (
        "home-visit-summary-signed-family",
        (2, 2),
        render_home_visit_summary(signed, s.context(profile=Profile.FAMILY)),
    )
    yield (
        "home-visit-summary-draft-family-a4",
        1,
        render_home_visit_summary(
            HomeVisitSummary(visit=s.home_visit(status=Status.DRAFT), placement=s.PLACEMENT),
            s.context(profile=Profile.FAMILY, page_size=PageSize.A4),
        ),
    )
    # the family copy in the family's language (Spanish), as the print dialog offers it for this case
    yield (
        "home-visit-summary-family-es",
        2,
        render_home_visit_summary(signed, s.context(profile=Profile.FAMILY, language="es")),
    )
    yield (
        "visitation-report-family-es",
        1,
        render_visitation_report(
            VisitationReport(entry=s.visitation_entry(), plan=s.PLAN),
            s.context(profile=Profile.FAMILY, language="es"),
        ),
    )
    yield (
        "visitation-report",
        1,
        render_visitation_report(
            VisitationReport(entry=s.visitation_entry(), plan=s.PLAN), s.context()
        ),
    )
    yield (
        "visitation-rollup",
        2,
        render_visitation_rollup(
            VisitationRollup(plan=s.PLAN, year=2025, month=3, entries=s.month_of_visits()),
            s.context(profile=Profile.COURT),
        ),
    )
    yield (
        "mileage-log",
        2,
        render_mileage_log(
            MileageLog(
                driver_id="u-worker",
                period_start=date(2025, 3, 1),
                period_end=date(2025, 3, 31),
                trips=s.trips(7),
            ),
            s.context(),
        ),
    )
    # the case plan for the court (the resource family's address withheld, also from the narrative it
    # was typed into) and its 6-month review as the family reads it, in Spanish
    yield (
        "case-plan-court",
        3,
        render_case_plan(
            CasePlanDocument(
                plan=s.case_plan(), placements=(s.PLACEMENT,), signatures=s.signatures()
            ),
            s.context(profile=Profile.COURT),
        ),
    )
    yield (
        "case-plan-review-family-es",
        (2, 3),
        render_case_plan(
            CasePlanDocument(
                plan=s.case_plan(review=True), previous=s.case_plan(), placements=(s.PLACEMENT,)
            ),
            s.context(profile=Profile.FAMILY, language="es"),
        ),
    )
    yield (
        "court-packet",
        2,
        render_court_packet(
            CourtPacket(
                child_id=s.LUCIA.id,
                date_from=date(2025, 3, 1),
                date_to=date(2025, 3, 31),
                home_visits=(s.home_visit(),),
                visitation_entries=s.month_of_visits(),
                plans={s.PLAN.id: s.PLAN},
                placements={s.PLACEMENT.id: s.PLACEMENT},
            ),
            s.context(profile=Profile.COURT),
        ),
    )
    # the court copy: the resource family's address, typed into the assessment, is withheld
    yield (
        "court-report",
        3,
        render_court_report(
            CourtReportDocument(
                report=s.court_report(case_plan=s.case_plan(review=True)),
                hearing=s.HEARING,
                restricted_addresses=(s.PLACEMENT_ADDRESS,),
            ),
            s.context(profile=Profile.COURT),
        ),
    )
    yield (
        "court-report-es",
        (2, 2),
        render_court_report(
            CourtReportDocument(
                report=s.court_report(case_plan=s.case_plan(review=True)),
                hearing=s.HEARING,
                restricted_addresses=(s.PLACEMENT_ADDRESS,),
            ),
            s.context(profile=Profile.COURT, language="es"),
        ),
    )
    # the meeting summary and its attendance sheet; the court copy withholds the place (the resource home)
    meeting = TeamMeetingSummary(meeting=s.team_meeting(), signatures=s.team_meeting_signatures())
    yield "team-meeting-summary", 2, render_team_meeting_summary(meeting, s.context())
    yield (
        "team-meeting-summary-court",
        2,
        render_team_meeting_summary(meeting, s.context(profile=Profile.COURT)),
    )
    yield (
        "team-meeting-summary-family-es",
        2,
        render_team_meeting_summary(meeting, s.context(profile=Profile.FAMILY, language="es")),
    )


def _pngs(pdf: bytes, name: str, first: int, last: int) -> None:
    from PIL import Image

    from fieldcase.reports.preview import render_pages

    for number, page in enumerate(
        render_pages(pdf, dpi=60, pages=range(first - 1, last)), start=first
    ):
        image = Image.frombuffer(
            "RGBX", (page.width, page.height), page.pixels, "raw", "RGBX", page.stride, 1
        ).convert("RGB")
        image.save(HERE / f"{name}-{number}.png")


def main(only: list[str]) -> int:
    for old in HERE.glob("*.png"):
        if not only or any(old.name.startswith(f"{name}-") for name in only):
            old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        for name, pages, doc in documents():
            if only and name not in only:
                continue
            first, last = pages if isinstance(pages, tuple) else (1, pages)
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(doc.pdf)
            if shutil.which("pdftoppm"):
                subprocess.run(
                    [
                        "pdftoppm",
                        "-r",
                        "60",
                        "-png",
                        "-f",
                        str(first),
                        "-l",
                        str(last),
                        str(pdf),
                        str(HERE / name),
                    ],
                    check=True,
                )
            else:  # without poppler: the app's own page renderer (PDFium), the same pixels the preview shows
                _pngs(doc.pdf, name, first, last)
            print(f"{name}: {doc.pages} pages, sha256 {doc.sha256[:16]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
