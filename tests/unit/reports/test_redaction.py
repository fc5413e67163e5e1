"""Court and family copies withhold restricted fields (domain metadata) and mask other children;
the internal copy keeps everything, so these tests fail if redaction stops happening."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fieldcase.domain.home_visits import Participant
from fieldcase.domain.metadata import restricted_fields
from fieldcase.domain.people import Person, PersonRole
from fieldcase.reports import CourtPacket, Profile, render_court_packet
from fieldcase.reports import specimen as s
from fieldcase.reports.redaction import WITHHELD, Redaction

from .conftest import text
from .test_documents import ALL_DOCUMENTS

REDACTED = [Profile.COURT, Profile.FAMILY]
# Fragments of the resource family's address that must not survive in any form.
ADDRESS_PARTS = ("742 Calle Ficticia", "Villa Inventada", "MO 65000")


@pytest.mark.parametrize("name", list(ALL_DOCUMENTS))
@pytest.mark.parametrize("profile", REDACTED)
def test_no_resource_parent_address_in_court_or_family_copies(name, profile):
    got = text(ALL_DOCUMENTS[name](s.context(profile=profile)))
    for part in ADDRESS_PARTS:
        assert part not in got, (name, part)


@pytest.mark.parametrize("name", ["home visit", "mileage", "court packet"])
def test_the_internal_copy_keeps_the_address(name):
    assert s.FOSTER_ADDRESS in text(ALL_DOCUMENTS[name](s.context(profile=Profile.INTERNAL)))


@pytest.mark.parametrize("profile", REDACTED)
def test_the_visit_summary_says_what_was_withheld(profile):
    got = text(ALL_DOCUMENTS["home visit"](s.context(profile=profile)))
    assert f"Address {WITHHELD}" in got
    assert f"Arrived at {WITHHELD} at 3:00 PM" in got  # scrubbed out of the narrative too


@pytest.mark.parametrize("profile", REDACTED)
def test_other_children_are_masked_to_initials_everywhere(profile):
    # The court packet is about Lucía; Mateo (her brother) and a foster sibling typed as free text
    # appear in participants, attendance and narratives.
    visit = replace(
        s.home_visit(),
        participants=s.home_visit().participants
        + (Participant(name="Xiomara Quiñones", role="Other foster child in the home"),),
        observations="Mateo Pérez-Núñez and Xiomara Quiñones played outside. Mateo asked for juice.",
    )
    doc = render_court_packet(
        CourtPacket(
            child_id=s.LUCIA.id,
            date_from=date(2025, 3, 1),
            date_to=date(2025, 3, 31),
            home_visits=(visit,),
            visitation_entries=s.month_of_visits(),
            plans={s.PLAN.id: s.PLAN},
            placements={s.PLACEMENT.id: s.PLACEMENT},
        ),
        s.context(profile=profile),
    )
    got = text(doc)
    for name in ("Mateo", "Xiomara", "Quiñones"):
        assert name not in got, name
    assert "M.P.N. and X.Q. played outside. M.P.N. asked for juice." in got
    assert (
        "Lucía Pérez-Núñez" in got
    )  # the subject child keeps her name, and the shared surname stays


def test_the_internal_copy_names_every_child():
    got = text(ALL_DOCUMENTS["court packet"](s.context(profile=Profile.INTERNAL)))
    assert "Mateo Pérez-Núñez" in got


def test_withholding_follows_domain_metadata():
    r = Redaction(s.context(profile=Profile.COURT))
    assert r.withholds(s.FOSTER, "address") and "address" in restricted_fields(s.FOSTER)
    assert not r.withholds(s.ANA, "address")  # a parent's own address is not restricted
    assert r.withholds(s.PLACEMENT, "address")
    assert r.withholds(s.trips(1)[0], "legs")
    assert not Redaction(s.context()).withholds(s.FOSTER, "address")


def test_any_resource_parents_address_is_scrubbed_from_free_text():
    other = Person(
        id="p-other-foster",
        case_id=s.CASE_ID,
        role=PersonRole.RESOURCE_PARENT,
        given_name="Iñaki",
        family_name="Test",
        address="55 Rue Imaginaire",
    )
    ctx = replace(s.context(profile=Profile.FAMILY), people={**s.PEOPLE, other.id: other})
    r = Redaction(ctx)
    assert (
        r.text("Dropped off at 55 rue imaginaire before noon")
        == f"Dropped off at {WITHHELD} before noon"
    )
    assert r.text("Ana lives at 9 Avenida Ejemplo") == "Ana lives at 9 Avenida Ejemplo"


def test_masking_matches_whole_words_only():
    r = Redaction(s.context(profile=Profile.COURT), subject_child_ids=[s.LUCIA.id])
    assert r.text("Mateo, Mateos and Mateo.") == "M.P.N., Mateos and M.P.N.."
    assert r.person(s.MATEO.id) == "M.P.N." and r.person(s.LUCIA.id) == "Lucía Pérez-Núñez"
    assert r.person("nobody") == "(not on file)"


def _visit_with_attachments():
    from fieldcase.domain.attachments import AttachmentKind, AttachmentRef

    return replace(
        s.home_visit(),
        attachments=(
            AttachmentRef(
                sha256="ab" * 32,
                name="Smith-12-Elm-St.jpg",
                mime="image/jpeg",
                kind=AttachmentKind.PHOTO,
            ),
            AttachmentRef(
                sha256="cd" * 32,
                name="Mateo school report.pdf",
                mime="application/pdf",
                kind=AttachmentKind.DOCUMENT,
            ),
            AttachmentRef(
                sha256="ef" * 32,
                name="IMG_0001 Elm St.jpg",
                mime="image/jpeg",
                kind=AttachmentKind.PHOTO,
            ),
        ),
    )


@pytest.mark.parametrize("profile", REDACTED)
def test_attachment_file_names_never_print_on_court_or_family_copies(profile):
    from fieldcase.reports import HomeVisitSummary, render_home_visit_summary

    visit = _visit_with_attachments()
    summary = text(
        render_home_visit_summary(
            HomeVisitSummary(visit=visit, placement=s.PLACEMENT), s.context(profile=profile)
        )
    )
    packet = text(
        render_court_packet(
            CourtPacket(
                child_id=s.LUCIA.id,
                date_from=date(2025, 3, 1),
                date_to=date(2025, 3, 31),
                home_visits=(visit,),
                visitation_entries=(),
                plans={},
                placements={s.PLACEMENT.id: s.PLACEMENT},
            ),
            s.context(profile=profile),
        )
    )
    got = summary + packet
    for leak in ("Smith", "Elm", "school report", "IMG_0001"):
        assert leak not in got, leak
    for label in ("Photo 1", "Document 1", "Photo 2"):
        assert label in got, label


def test_the_internal_copy_names_the_attachment_files():
    from fieldcase.reports import HomeVisitSummary, render_home_visit_summary

    got = text(
        render_home_visit_summary(
            HomeVisitSummary(visit=_visit_with_attachments()), s.context(profile=Profile.INTERNAL)
        )
    )
    assert "Smith-12-Elm-St.jpg" in got and "Photo 1" not in got
