"""Paper in the reader's language: the family copy in the family's language, the others in the
caseworker's choice; and what a page prints where there is nothing to print."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from fieldcase.domain.people import Person, PersonRole
from fieldcase.reports import (
    HomeVisitSummary,
    Profile,
    VisitationReport,
    render_home_visit_summary,
    render_visitation_report,
)
from fieldcase.reports import specimen as s
from fieldcase.services.print_jobs import PrintJob, document_language, family_language
from fieldcase.services.printing import file_name

from .conftest import text

#: words of the English page furniture that must not be on a Spanish page
ENGLISH = [
    "Home visit summary",
    "Contact",
    "Date and time",
    "Observations",
    "Signatures",
    "Approval",
    "Participants",
    "Follow-up tasks",
    "Seen privately",
    "Present danger",
    "Page 1 of",
    "CONFIDENTIAL",
    "printed by",
    "FAMILY COPY",
    "[withheld]",
    "Approved by",
    "Caseworker:",
    "Face-to-face",
    "Completed",
    "Mar 4, 2025",
]
SPANISH = [
    "Resumen de visita domiciliaria",
    "Contacto",
    "Fecha y hora",
    "Observaciones",
    "Firmas",
    "Aprobación",
    "Participantes",
    "Tareas de seguimiento",
    "Visto en privado",
    "Peligro presente",
    "Página 1 de 2",
    "CONFIDENCIAL",
    "impreso por",
    "COPIA PARA LA FAMILIA",
    "[reservado]",
    "Aprobado por",
    "En persona",
    "4 mar 2025",
]


def _has(found: str, words: str) -> bool:
    """`words` as whole words ("Contact" is not in "Contacto")."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", found) is not None


def _summary(visit=None) -> HomeVisitSummary:
    visit = visit or s.home_visit()
    return HomeVisitSummary(visit=visit, placement=s.PLACEMENT, signatures=s.signatures(visit))


def test_the_spanish_family_copy_has_no_english_page_words():
    found = text(
        render_home_visit_summary(_summary(), s.context(profile=Profile.FAMILY, language="es"))
    )
    assert [w for w in ENGLISH if _has(found, w)] == []
    assert [w for w in SPANISH if not _has(found, w)] == []


def test_the_spanish_family_visit_report_has_no_english_page_words():
    found = text(
        render_visitation_report(
            VisitationReport(entry=s.visitation_entry(), plan=s.PLAN),
            s.context(profile=Profile.FAMILY, language="es"),
        )
    )
    for english in (
        "Family visitation report",
        "Visitation plan",
        "Attendance",
        "Scheduled",
        "Recommendation",
        "Page 1 of",
        "Occurred",
    ):
        assert not _has(found, english)
    for spanish in (
        "Informe de visita familiar",
        "Plan de visitas",
        "Asistencia",
        "Programada",
        "Recomendación",
        "Página 1 de",
    ):
        assert spanish in found


def test_the_english_copy_stays_english():
    found = text(render_home_visit_summary(_summary(), s.context(profile=Profile.FAMILY)))
    assert "Home visit summary" in found and "Page 1 of 2" in found and "Resumen" not in found


def test_an_empty_address_prints_as_empty_not_withheld():
    visit = dataclasses.replace(s.home_visit(), address=None, observations="Nothing about where.")
    placement = dataclasses.replace(s.PLACEMENT, address=None)
    found = text(
        render_home_visit_summary(
            HomeVisitSummary(visit=visit, placement=placement), s.context(profile=Profile.FAMILY)
        )
    )
    assert "[withheld]" not in found
    assert "Address —" in found
    # an address that is there is still withheld
    found = text(
        render_home_visit_summary(
            HomeVisitSummary(visit=s.home_visit(), placement=s.PLACEMENT),
            s.context(profile=Profile.FAMILY),
        )
    )
    assert "Address [withheld]" in found and s.FOSTER_ADDRESS not in found


def test_the_record_id_prints_on_one_line():
    record_id = "01a24e47-9c3b-4f6e-8d2a-7b5c1e0f9a83"
    visit = dataclasses.replace(s.home_visit(), id=record_id)
    doc = render_home_visit_summary(_summary(visit), s.context())
    lines = [
        line
        for page in PdfReader(io.BytesIO(doc.pdf)).pages
        for line in (page.extract_text() or "").splitlines()
    ]
    assert any(record_id in line for line in lines), [
        line for line in lines if record_id[:8] in line
    ]


def _person(role: PersonRole, *languages: str) -> Person:
    return Person(
        id=f"p-{role.value}-{len(languages)}",
        case_id="c",
        role=role,
        given_name="Test",
        languages=languages,
    )


def test_the_family_copy_reads_the_family_language_from_the_case():
    people = [
        _person(PersonRole.CHILD, "English"),
        _person(PersonRole.PARENT, "Spanish", "English"),
        _person(PersonRole.RESOURCE_PARENT, "English"),
    ]
    assert family_language(people) == "es"  # the parents' first, before the child's
    assert (
        family_language([_person(PersonRole.PARENT, "Tagalog")]) is None
    )  # no catalogue for it: the caseworker's then
    assert document_language(people, profile=Profile.FAMILY, chosen=None, reader="en") == "es"
    assert document_language(people, profile=Profile.COURT, chosen=None, reader="en") == "en"
    assert document_language([], profile=Profile.FAMILY, chosen=None, reader="es") == "es"
    assert (
        document_language(people, profile=Profile.FAMILY, chosen="en", reader="es") == "en"
    )  # the dialog's choice wins


def test_a_saved_pdf_is_named_by_kind_case_and_day_without_names():
    ctx = dataclasses.replace(s.context(), printed_at=datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    job = PrintJob(
        "home_visit_summary",
        _summary(),
        ctx,
        "home_visit",
        "01a24e47-9c3b-4f6e-8d2a-7b5c1e0f9a83",
        "Home visit summary",
    )
    assert file_name(job) == "home-visit-summary_TEST-2025-00042_2026-12-07.pdf"
    other = dataclasses.replace(ctx, case_number="TEST-2025-00043")
    batch = [job, PrintJob("home_visit_summary", _summary(), other)]
    assert file_name(batch) == "home-visit-summaries_several-cases_2026-12-07.pdf"


@pytest.mark.parametrize("document", ["court packet", "rollup"])
def test_a_spanish_document_says_each_records_state_in_spanish(document):
    from .test_documents import ALL_DOCUMENTS

    found = text(ALL_DOCUMENTS[document](s.context(language="es", profile=Profile.COURT)))
    assert "Aprobado" in found and "Approved" not in found
