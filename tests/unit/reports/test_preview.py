"""The preview's page images come from PDF bytes in memory, one per page."""

from __future__ import annotations

from fieldcase.reports import HomeVisitSummary, PageSize, render_home_visit_summary, specimen
from fieldcase.reports.preview import combine_pdfs, page_count, render_pages


def _doc(page_size=PageSize.LETTER):
    visit = specimen.home_visit(observations=specimen.words(1800))
    return render_home_visit_summary(
        HomeVisitSummary(visit=visit), specimen.context(page_size=page_size)
    )


def test_preview_renders_every_page():
    doc = _doc()
    assert doc.pages >= 2
    images = render_pages(doc.pdf, dpi=72)
    assert len(images) == doc.pages == page_count(doc.pdf)
    first = images[0]
    assert (first.width, first.height) == (612, 792)  # letter at 72 dpi
    assert len(first.pixels) == first.stride * first.height
    assert any(b < 128 for b in first.pixels[: first.stride * 200])  # ink on the page, not a blank


def test_a4_pages_and_stopping_early():
    doc = _doc(PageSize.A4)
    one = render_pages(doc.pdf, dpi=72, pages=[0])
    assert len(one) == 1 and abs(one[0].width - 595) <= 1 and one[0].height == 842
    assert render_pages(doc.pdf, dpi=72, should_stop=lambda: True) == []


def test_combined_pdf_holds_every_page():
    a, b = _doc(), _doc(PageSize.A4)
    pdf, pages = combine_pdfs([a.pdf, b.pdf])
    assert pages == a.pages + b.pages == page_count(pdf)
    assert "pixels" not in repr(render_pages(a.pdf, dpi=20, pages=[0])[0])
