"""The family support team meeting summary read back from the PDF: every person on the attendance
sheet with role, invited and present; the place (the resource home) printed in the case file only —
withheld, and scrubbed from the decisions, on court and family copies; the family copy in Spanish;
a parent's pad signature kept off the copies that leave the agency."""

from __future__ import annotations

from fieldcase.reports import Profile, TeamMeetingSummary, render_team_meeting_summary
from fieldcase.reports import specimen as s

from .conftest import pages_text, text

MEETING = TeamMeetingSummary(meeting=s.team_meeting(), signatures=s.team_meeting_signatures())
STREET = "742 Calle Ficticia"


def test_the_case_file_copy_has_everything_and_the_sheet_on_its_own_page():
    pages = pages_text(render_team_meeting_summary(MEETING, s.context()))
    assert STREET in pages[0]
    sheet = next(p for p in pages if "Attendance sheet" in p)
    assert "Attendance sheet" not in pages[0]  # a page of its own, passed round to sign
    for who in (
        "Ana Pérez-Núñez",
        "José Núñez Ibáñez",
        "Begoña Muñoz-Ortíz",
        "Sam Advocate-Test",
        "Dr. Imaginary Therapist",
    ):
        assert who in sheet
    assert (
        "Resource parent" in sheet and "Guardian ad litem" in sheet and "Signed on the pad" in sheet
    )
    assert "Add parenting classes to the mother's responsibilities." in pages[0]


def test_court_and_family_copies_withhold_the_place_even_in_the_decisions():
    for profile in (Profile.COURT, Profile.FAMILY):
        found = text(render_team_meeting_summary(MEETING, s.context(profile=profile)))
        assert STREET not in found and "[withheld]" in found
        assert "Attendance sheet" in found


def test_the_family_copy_in_spanish_keeps_the_parents_signature_in_the_case_file():
    found = text(
        render_team_meeting_summary(MEETING, s.context(profile=Profile.FAMILY, language="es"))
    )
    assert (
        "Hoja de asistencia" in found
        and "Cambios propuestos al plan del caso" in found
        and "Dentro de 72 horas" in found
    )
    assert "Firmó en la tableta" in found
    # a role chosen from the list reads in the copy's language; one typed before it, as typed (#22)
    assert "Terapeuta" in found and "therapist" not in found and "Guardian ad litem" in found
    assert "Firmado. La firma se guarda en el expediente" in found  # the parent's, withheld
