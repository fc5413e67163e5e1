"""The page every document shares: header, footer, "page X of Y", watermark, and the building blocks
(field grids, tables that repeat their header, narratives that flow across pages)."""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from fieldcase.domain.workflow import Status

from . import fonts
from .context import PageSize, PrintContext, RenderedDocument
from .formatting import NOT_RECORDED, day
from .language import _

MARGIN = 0.6 * inch
HEADER_SPACE = 0.75 * inch
FOOTER_SPACE = 0.55 * inch
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#e8ecf0")

_PAGE_SIZES = {PageSize.LETTER: LETTER, PageSize.A4: A4}
# Tables draw plain-string cells (even empty ones) in their own default font, Helvetica, which is
# not embedded; every table starts from this.
BASE_TABLE = [("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)]


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=9.5, leading=12.5, textColor=INK, alignment=TA_LEFT
    )
    return {
        "body": body,
        "title": ParagraphStyle(
            "title", parent=body, fontName=fonts.BOLD, fontSize=15, leading=19, spaceAfter=2
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=8),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "label": ParagraphStyle(
            "label", parent=body, fontName=fonts.BOLD, fontSize=8, leading=10.5, textColor=MUTED
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "cellbold": ParagraphStyle(
            "cellbold", parent=body, fontName=fonts.BOLD, fontSize=8.5, leading=10.5
        ),
        "narrative": ParagraphStyle("narrative", parent=body, spaceAfter=4, leftIndent=6),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
    }


def para(value: object, style: str = "body") -> Paragraph:
    """Text as a Paragraph: escaped (a "<" typed in a narrative is text, not markup), line breaks kept."""
    text = NOT_RECORDED if value is None else str(value)
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])


def title(text: str, subtitle: str | None = None) -> list[Flowable]:
    out: list[Flowable] = [para(text, "title")]
    if subtitle:
        out.append(para(subtitle, "subtitle"))
    return out


def heading(text: str, level: int = 1) -> Flowable:
    return para(text, "h1" if level == 1 else "h2")


def section(text: str, level: int = 1) -> list[Flowable]:
    # Never leave a heading alone at the bottom of a page.
    return [CondPageBreak(0.9 * inch), heading(text, level)]


def narrative(label: str, value: str | None) -> list[Flowable]:
    """A free-text field as top-level paragraphs (one per line break in the text), so a long
    narrative splits across pages; a table cell could not split and would be clipped."""
    head = heading(label, 2)
    if value is None or not value.strip():
        return [KeepTogether([head, para(NOT_RECORDED, "narrative")])]
    chunks = [c for c in value.replace("\r\n", "\n").split("\n\n") if c.strip()]
    first, *rest = [para(c.strip("\n"), "narrative") for c in chunks]
    return [KeepTogether([head, first]), *rest]


class OneLine(str):
    """A value that must stay on one line (an id someone reads back or types in): printed smaller
    when it does not fit, never broken in the middle."""


def one_line(text: str, width: float, style: str = "cell") -> Paragraph:
    base = styles()[style]
    size = base.fontSize
    while size > 5 and pdfmetrics.stringWidth(text, base.fontName, size) > width:
        size -= 0.25
    return Paragraph(
        escape(text),
        ParagraphStyle(f"{style}-{size}", parent=base, fontSize=size, splitLongWords=0),
    )


def fields(rows: Sequence[tuple[str, object]], width: float, columns: int = 2) -> Table:
    """Short label/value pairs in a grid (`columns` pairs per row). Values should be short: a table
    row cannot split across pages."""
    s = styles()
    label_w = 0.2 * width / (columns / 2) if columns > 1 else 0.28 * width
    value_w = width / columns - label_w
    padding = 3 + 6  # the grid's left padding and the table's default right padding
    cells = [
        (
            Paragraph(escape(k), s["label"]),
            one_line(v, value_w - padding) if isinstance(v, OneLine) else para(v, "cell"),
        )
        for k, v in rows
    ]
    grid: list[list[Flowable | str]] = []
    for i in range(0, len(cells), columns):
        row: list[Flowable | str] = []
        for pair in cells[i : i + columns]:
            row.extend(pair)
        row.extend([""] * (2 * columns - len(row)))
        grid.append(row)
    table = Table(grid, colWidths=[label_w, value_w] * columns, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            BASE_TABLE
            + [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    total_row: bool = False,
) -> Table:
    """A data table whose header repeats on every page it spans; rows split between pages."""
    s = styles()
    data: list[list[Flowable]] = [[Paragraph(escape(h), s["cellbold"]) for h in header]]
    for i, row in enumerate(rows):
        bold = total_row and i == len(rows) - 1
        data.append(
            [c if isinstance(c, Flowable) else para(c, "cellbold" if bold else "cell") for c in row]
        )
    if not rows:
        data.append([para(_("None in this document."), "cell")] + [""] * (len(header) - 1))
    t = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = BASE_TABLE + [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if not rows:
        style.append(("SPAN", (0, 1), (-1, 1)))
    if total_row and rows:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1.0, INK))
    t.setStyle(TableStyle(style))
    return t


def signature_lines(labels: Sequence[str], width: float) -> Flowable:
    """Blank lines to sign by hand, with a date line beside each."""
    s = styles()
    rows = []
    for text in labels:
        rows.append(["", "", ""])
        rows.append(
            [Paragraph(escape(text), s["note"]), "", Paragraph(escape(_("Date")), s["note"])]
        )
    t = Table(
        rows,
        colWidths=[0.62 * width, 0.06 * width, 0.32 * width],
        rowHeights=[0.42 * inch, None] * len(labels),
        hAlign="LEFT",
    )
    t.setStyle(
        TableStyle(
            BASE_TABLE
            + [("LINEBELOW", (0, i), (0, i), 0.8, INK) for i in range(0, len(rows), 2)]
            + [("LINEBELOW", (2, i), (2, i), 0.8, INK) for i in range(0, len(rows), 2)]
            + [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]
        )
    )
    return KeepTogether([t])


def watermark_for(statuses: Sequence[Status]) -> str | None:
    """The mark across every page: DRAFT while any record in the document is still a draft (or was
    returned to be reworked); records awaiting approval say so; approved work carries none."""
    if any(s in (Status.DRAFT, Status.RETURNED) for s in statuses):
        return _("DRAFT")
    if any(s is Status.SUBMITTED for s in statuses):
        return _("PENDING APPROVAL")
    if statuses and all(s is Status.VOIDED for s in statuses):
        return _("VOID")
    return None


def status_line(status: Status, *, approved_by: str | None, approved_at: str | None) -> str:
    if status is Status.APPROVED:
        return _("Approved by {who} on {day}").format(
            who=approved_by or _("a supervisor"), day=approved_at or _("an unrecorded date")
        )
    return _(
        {
            Status.DRAFT: "Draft — not submitted, not approved",
            Status.SUBMITTED: "Submitted — awaiting supervisor approval",
            Status.RETURNED: "Returned to the caseworker for changes — not approved",
            Status.VOIDED: "Voided — not part of the case record",
        }[status]
    )


class _NumberedCanvas(Canvas):
    """Holds every page until the end so each can say "page X of Y" (the total is known only then)."""

    def __init__(self, *args, page_count: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._fc_count = page_count
        self._fc_pages: list[dict] = []

    def showPage(self) -> None:
        self._fc_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._fc_pages)
        self._fc_count.append(total)
        for number, state in enumerate(self._fc_pages, start=1):
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.setFont(fonts.REGULAR, 7.5)
            self.setFillColor(INK)
            self.drawRightString(
                width - MARGIN,
                FOOTER_SPACE - 0.32 * inch,
                _("Page {number} of {total}").format(number=number, total=total),
            )
            super().showPage()
        super().save()


def _decorate(
    canvas: Canvas,
    doc: BaseDocTemplate,
    *,
    ctx: PrintContext,
    doc_title: str,
    watermark: str | None,
) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    if watermark:
        # Drawn first, so it sits under the text and never hides a word.
        canvas.setFillColor(colors.Color(0.78, 0.78, 0.78))
        size: float = 110 if len(watermark) <= 5 else 62
        canvas.setFont(fonts.BOLD, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -size / 3, watermark)
        canvas.rotate(-50)
        canvas.translate(-width / 2, -height / 2)
    top = height - MARGIN + 0.12 * inch
    canvas.setFillColor(INK)
    canvas.setFont(fonts.BOLD, 9.5)
    canvas.drawString(MARGIN, top - 0.1 * inch, ctx.agency_name)
    about = _("Case {number}").format(number=ctx.case_number) + (
        "   ·   " + _("Child {initials}").format(initials=ctx.child_initials)
        if ctx.child_initials
        else ""
    )  # a mileage log names no child
    canvas.drawRightString(width - MARGIN, top - 0.1 * inch, about)
    banner = _("Profile: {banner}").format(banner=_(ctx.profile.banner))
    # the document's title shares its line with the profile: a long title in a long language (the
    # Spanish court packet) ran under the banner; it shrinks, then is cut (the page says it whole)
    room = width - 2 * MARGIN - canvas.stringWidth(banner, fonts.BOLD, 8) - 0.2 * inch
    size = _fitting_size(canvas, doc_title, fonts.REGULAR, 8, room)
    title = doc_title
    while len(title) > 1 and canvas.stringWidth(title, fonts.REGULAR, size) > room:
        title = title[:-2].rstrip() + "…"
    canvas.setFont(fonts.REGULAR, size)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, top - 0.27 * inch, title)
    canvas.setFont(fonts.BOLD, 8)
    canvas.setFillColor(INK)
    canvas.drawRightString(width - MARGIN, top - 0.27 * inch, banner)
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - 0.36 * inch, width - MARGIN, top - 0.36 * inch)
    # Footer: the confidentiality line on the left, "page X of Y" added by the canvas at the end.
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, FOOTER_SPACE - 0.18 * inch, width - MARGIN, FOOTER_SPACE - 0.18 * inch)
    canvas.setFont(fonts.REGULAR, 7.5)
    printed = f"{day(ctx.printed_at)} {ctx.printed_at:%H:%M}"
    line = _("CONFIDENTIAL — printed by {who} on {when} — {document}").format(
        who=ctx.printed_by, when=printed, document=ctx.document_id
    )
    room = width - 2 * MARGIN - 0.9 * inch
    canvas.setFont(fonts.REGULAR, _fitting_size(canvas, line, fonts.REGULAR, 7.5, room, smallest=5))
    canvas.drawString(MARGIN, FOOTER_SPACE - 0.32 * inch, line)
    canvas.restoreState()


def _fitting_size(
    canvas: Any, text: str, font: str, size: float, room: float, *, smallest: float = 6
) -> float:
    """`size`, or the largest smaller size down to `smallest` at which `text` fits in `room`."""
    while size > smallest and canvas.stringWidth(text, font, size) > room:
        size -= 0.25
    return size


def frame_width(ctx: PrintContext) -> float:
    return _PAGE_SIZES[ctx.page_size][0] - 2 * MARGIN


def build(
    story: list[Flowable], ctx: PrintContext, *, doc_title: str, watermark: str | None
) -> RenderedDocument:
    """Lay out `story` on the shared page and return the finished PDF, all in memory."""
    styles()  # registers the fonts
    pagesize = _PAGE_SIZES[ctx.page_size]
    out = io.BytesIO()
    page_count: list[int] = []
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_SPACE - 0.2 * inch,
        bottomMargin=FOOTER_SPACE + 0.1 * inch,
        # Metadata names no person: a file manager or a print queue may show it.
        title=doc_title,
        author=ctx.agency_name,
        creator="fieldcase",
        subject="",
        # Same input, same bytes: the audit hash can be re-derived from the record.
        invariant=1,
        # Without these the canvas starts every page in Helvetica, a font that is not embedded.
        initialFontName=fonts.REGULAR,
        initialFontSize=9.5,
        initialLeading=12.5,
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    on_page = functools.partial(_decorate, ctx=ctx, doc_title=doc_title, watermark=watermark)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(
        story + [Spacer(1, 1)],
        canvasmaker=functools.partial(_NumberedCanvas, page_count=page_count),
    )
    pdf = out.getvalue()
    return RenderedDocument(
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        pages=page_count[-1],
        profile=ctx.profile.value,
        document_id=ctx.document_id,
    )
