"""Captured signatures on the home visit summary: each image sits on its signature line with the
role, name and date, blank lines for whoever has not signed, and court and family copies keep
everyone's but the agency's signature images in the case file."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from fieldcase.reports import HomeVisitSummary, Profile, Signature, render_home_visit_summary
from fieldcase.reports import specimen as s
from fieldcase.reports.home_visit_summary import SIGNATURE_WITHHELD

from .conftest import text


def _mul(a, b):  # PDF matrices [a b c d e f]: the point transform of `a` then `b`
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def drawn(
    pdf: bytes, page: int = -1
) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, float]]]:
    """Images as (x0, y0, x1, y1) and horizontal strokes as (y, x0, x1), in page coordinates."""
    reader = PdfReader(io.BytesIO(pdf))
    p = reader.pages[page]
    xobjects = p["/Resources"].get("/XObject", {})
    images, lines, stack, ctm, start = [], [], [], [1, 0, 0, 1, 0, 0], None
    for args, op in ContentStream(p.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mul([float(a) for a in args], ctm)
        elif op == b"Do" and xobjects[args[0]].get_object().get("/Subtype") == "/Image":
            x0, y0 = ctm[4], ctm[5]
            images.append((x0, y0, x0 + ctm[0], y0 + ctm[3]))
        elif op == b"Do":  # reportlab wraps an image in a form XObject; look one level in
            form = xobjects[args[0]].get_object()
            inner = form.get("/Resources", {}).get("/XObject", {})
            if any(v.get_object().get("/Subtype") == "/Image" for v in inner.values()):
                x0, y0 = ctm[4], ctm[5]
                images.append((x0, y0, x0 + ctm[0], y0 + ctm[3]))
        elif op == b"m":
            start = (float(args[0]) * ctm[0] + ctm[4], float(args[1]) * ctm[3] + ctm[5])
        elif op == b"l" and start is not None:
            end = (float(args[0]) * ctm[0] + ctm[4], float(args[1]) * ctm[3] + ctm[5])
            if abs(end[1] - start[1]) < 0.01:
                lines.append((start[1], min(start[0], end[0]), max(start[0], end[0])))
    return images, lines


def on_a_line(image, lines) -> bool:
    """The image's foot rests just above a stroke that runs under all of it (the signature line)."""
    x0, y0, x1, _y1 = image
    return any(0 <= y0 - y <= 6 and lx0 <= x0 + 0.5 and x1 - 0.5 <= lx1 for y, lx0, lx1 in lines)


def render(signatures, profile=Profile.INTERNAL, visit=None):
    return render_home_visit_summary(
        HomeVisitSummary(visit=visit or s.home_visit(), signatures=tuple(signatures)),
        s.context(profile=profile),
    )


def test_each_signature_image_is_drawn_on_its_line_with_role_name_and_date():
    doc = render(s.signatures())
    images, lines = drawn(doc.pdf)
    assert len(images) == 2
    assert all(on_a_line(image, lines) for image in images)
    got = text(doc)
    assert (
        "Caseworker: Renée Caseworker-Test" in got and "Resource parent: Begoña Muñoz-Ortíz" in got
    )
    assert got.count("Mar 4, 2025 4:15 PM") == 2  # the time each signed, beside each line
    assert "Supervisor Date" in got  # not signed yet: a blank line to sign by hand
    assert SIGNATURE_WITHHELD not in got


def test_without_signatures_there_are_blank_lines_and_no_image():
    doc = render(())
    images, lines = drawn(doc.pdf)
    assert images == []
    got = text(doc)
    assert "Caseworker Date" in got and "Supervisor Date" in got
    # a line to sign on and a line for the date, for each of the two
    assert len([line for line in lines if line[2] - line[1] < 400]) >= 4


def test_the_check_finds_an_image_that_is_not_on_a_line():
    # the helper the tests above rely on must be able to say no
    assert not on_a_line((100, 300, 200, 340), [(250, 50, 400)])
    assert not on_a_line((100, 300, 200, 340), [(298, 150, 400)])
    assert on_a_line((100, 300, 200, 340), [(297, 50, 400)])


@pytest.mark.parametrize("profile", [Profile.COURT, Profile.FAMILY])
def test_court_and_family_copies_print_only_the_agencys_signature_images(profile):
    doc = render(s.signatures(), profile)
    images, lines = drawn(doc.pdf)
    assert len(images) == 1 and on_a_line(images[0], lines)
    got = text(doc)
    assert "Caseworker: Renée Caseworker-Test" in got
    # the resource parent's signing is still attested, by role, name and time, without the image
    assert (
        "Resource parent: Begoña Muñoz-Ortíz" in got and " ".join(SIGNATURE_WITHHELD.split()) in got
    )


def test_a_signature_whose_role_was_not_recorded_is_withheld_outside_the_case_file():
    unknown = Signature(role="Signature", signer="caregiver", image=s.signature_png())
    assert len(drawn(render([unknown], Profile.FAMILY).pdf)[0]) == 0
    assert len(drawn(render([unknown], Profile.INTERNAL).pdf)[0]) == 1


def test_a_signer_name_is_masked_like_any_other_text_on_a_family_copy():
    # Mateo is not the child the summary is about: on a family copy he is initials, here too
    child = Signature(
        role="Child",
        signer=s.MATEO.display_name,
        signed_at=datetime(2025, 3, 4, 16, 20),
        image=s.signature_png(),
    )
    assert "Child: M.P.N." in text(render([child], Profile.FAMILY))
    assert f"Child: {s.MATEO.display_name}" in text(render([child], Profile.INTERNAL))


def test_a_missing_image_says_why_and_paper_signatures_say_so():
    waiting = Signature(
        role="Caseworker",
        signer="Renée Caseworker-Test",
        image_note="(signature image not on this laptop yet; it arrives with the next sync)",
    )
    paper = Signature(role="Supervisor", signer="Óscar Supervisor-Test")
    doc = render([waiting, paper])
    got = text(doc)
    assert "(signature image not on this laptop yet" in got and "(signed on paper)" in got
    assert drawn(doc.pdf)[0] == []
    assert (
        "Caseworker Date" not in got and "Supervisor Date" not in got
    )  # both signed: no blank lines added
    assert "Supervisor: Óscar Supervisor-Test" in got


def test_every_page_of_a_signed_draft_keeps_its_watermark_and_the_images():
    from fieldcase.domain.workflow import Status

    visit = s.home_visit(status=Status.DRAFT)
    doc = render(s.signatures(visit), visit=replace(visit))
    assert "DRAFT" in text(doc)
    assert len(drawn(doc.pdf)[0]) == 2
