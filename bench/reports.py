"""How long printing takes: one home visit summary, and a batch of 500, each as a ratio to a minimal
reportlab document with the same number of pages rendered in the same run (issue 7: within 2x;
the batch of 500 under 15 s). Prints results; asserts nothing.

    .venv/bin/python bench/reports.py [--batch 500]

Three baselines, all in memory and with the same page count: "bare" draws one line per page in
Helvetica (reportlab's floor); "same fonts" draws one line per page in the embedded DejaVu fonts we
ship (the floor for any document that must print accented names correctly); "plain flow" is a
SimpleDocTemplate of body paragraphs in those fonts (the floor for text that wraps and flows).
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from dataclasses import replace
from datetime import timedelta

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from fieldcase.reports import HomeVisitSummary, fonts, render_home_visit_summary
from fieldcase.reports import specimen as s


def minimal(pages: int, font: str) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LETTER, invariant=1, initialFontName=font)
    for n in range(pages):
        canvas.setFont(font, 10)
        canvas.drawString(72, 720, f"Ana Pérez-Núñez — page {n + 1} of {pages}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def plain_flow(paragraphs: int) -> tuple[bytes, int]:
    style = ParagraphStyle("b", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=LETTER, invariant=1, initialFontName=fonts.REGULAR)
    doc.build([Paragraph(s.words(60, seed=i), style) for i in range(paragraphs)])
    return out.getvalue(), doc.page


def paragraphs_for(pages: int) -> int:
    n = 1
    while plain_flow(n + 1)[1] <= pages:
        n += 1
    return n


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    from loadavg import report_load  # bench/ is on sys.path when a bench is run as a script

    report_load()
    fonts.register()
    ctx = s.context()
    visit = s.home_visit()
    doc = HomeVisitSummary(visit=visit, placement=s.PLACEMENT)
    first = render_home_visit_summary(doc, ctx)  # warm up: font registration, imports
    pages = first.pages

    one = best_of(15, lambda: render_home_visit_summary(doc, ctx))
    bare = best_of(15, lambda: minimal(pages, "Helvetica"))
    same = best_of(15, lambda: minimal(pages, fonts.REGULAR))
    n_para = paragraphs_for(pages)
    flow = best_of(15, lambda: plain_flow(n_para))
    print(f"one summary ({pages} pages, {len(first.pdf) / 1024:.0f} KiB): {one * 1000:.1f} ms")
    print(
        f"  baselines: bare {bare * 1000:.1f} ms ({one / bare:.1f}x), same fonts {same * 1000:.1f} ms ({one / same:.1f}x), "
        f"plain flow of {n_para} paragraphs {flow * 1000:.1f} ms ({one / flow:.1f}x)"
    )

    # A month of approved visits for a caseload: every summary is a different visit.
    docs = [
        HomeVisitSummary(
            visit=replace(
                visit, id=f"hv-{i}", contact_start=visit.contact_start + timedelta(days=i % 28)
            ),
            placement=s.PLACEMENT,
        )
        for i in range(args.batch)
    ]
    start = time.perf_counter()
    per_doc = []
    total_pages = 0
    for i, d in enumerate(docs):
        t = time.perf_counter()
        rendered = render_home_visit_summary(d, replace(ctx, document_id=f"DOC-BATCH-{i:04d}"))
        per_doc.append(time.perf_counter() - t)
        total_pages += rendered.pages
    batch = time.perf_counter() - start
    start = time.perf_counter()
    for _ in docs:
        minimal(pages, "Helvetica")
    batch_bare = time.perf_counter() - start
    start = time.perf_counter()
    for _ in docs:
        minimal(pages, fonts.REGULAR)
    batch_same = time.perf_counter() - start
    start = time.perf_counter()
    for _ in docs:
        plain_flow(n_para)
    batch_flow = time.perf_counter() - start
    print(
        f"batch of {args.batch} summaries ({total_pages} pages): {batch:.2f} s (target < 15 s); median {statistics.median(per_doc) * 1000:.1f} ms, max {max(per_doc) * 1000:.1f} ms"
    )
    print(
        f"  baselines: bare {batch_bare:.2f} s ({batch / batch_bare:.1f}x), same fonts {batch_same:.2f} s ({batch / batch_same:.1f}x), "
        f"plain flow {batch_flow:.2f} s ({batch / batch_flow:.1f}x)"
    )


if __name__ == "__main__":
    main()
