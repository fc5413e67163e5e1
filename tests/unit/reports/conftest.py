"""Reading rendered PDFs back: text per page through pypdf, whitespace normalised (table cells and
paragraphs wrap, so a phrase may be split across lines in the extracted text)."""

from __future__ import annotations

import io

from pypdf import PdfReader

from fieldcase.reports import RenderedDocument


def pages_text(doc: RenderedDocument) -> list[str]:
    reader = PdfReader(io.BytesIO(doc.pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def text(doc: RenderedDocument) -> str:
    return " ".join(pages_text(doc))
