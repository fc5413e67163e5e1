"""The running header's second line holds the document's title on the left and the copy's profile on
the right: whatever the language and the document, the two never run into each other (the Spanish
court packet's title ran under "Perfil: COPIA PARA EL TRIBUNAL …")."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from fieldcase.reports import Profile, fonts, layout
from fieldcase.reports import specimen as s

from .test_documents import ALL_DOCUMENTS


def _header_pieces(pdf: bytes) -> list[tuple[float, float, float, str, str]]:
    """(x, y, size, font, text) of each text piece on page 1."""
    pieces: list[tuple[float, float, float, str, str]] = []

    def visit(text, _cm, tm, font, size):
        if text.strip():
            name = str((font or {}).get("/BaseFont", ""))
            kind = fonts.BOLD if "Bold" in name else fonts.REGULAR
            pieces.append((tm[4], tm[5], size * tm[0], kind, text))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return pieces


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
@pytest.mark.parametrize("profile", [Profile.COURT, Profile.FAMILY, Profile.INTERNAL])
def test_the_title_and_the_profile_never_overlap(name, language, profile):
    doc = ALL_DOCUMENTS[name](s.context(language=language, profile=profile))
    pieces = _header_pieces(doc.pdf)
    top = max(y for _x, y, *_rest in pieces)  # the agency's line
    line = [p for p in pieces if top - 40 < p[1] < top - 5]  # the header's second line
    left = [p for p in line if abs(p[0] - layout.MARGIN) < 1]
    right = [p for p in line if p[0] > layout.MARGIN + 1]
    assert left and right, line
    x, _y, size, font, title = min(left, key=lambda p: p[1])
    banner_x = min(p[0] for p in right if abs(p[1] - left[0][1]) < 1)
    assert x + stringWidth(title, font, size) < banner_x, (title, banner_x)
