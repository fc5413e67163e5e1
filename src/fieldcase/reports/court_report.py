"""The court report: the hearing, the period, the composed sections (the snapshot the report holds)
and the caseworker's assessment and recommendations, with the review trail.

Printed with the court profile by default: the resource family's address (a placement's, a resource
parent's) is withheld, and scrubbed from every free text the caseworker typed; other children of the
case are masked to initials. The snapshot itself never holds an address (domain/court_reports.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable

from fieldcase.domain.court_reports import CourtReport
from fieldcase.domain.hearings import Hearing

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .court_report_words import section_parts
from .language import _, in_document_language
from .layout import (
    build,
    fields,
    frame_width,
    narrative,
    para,
    section,
    signature_lines,
    table,
    title,
    watermark_for,
)
from .redaction import Redaction


@dataclass(frozen=True, slots=True, kw_only=True)
class CourtReportDocument:
    report: CourtReport
    hearing: Hearing | None = None
    #: the case's placement addresses: withheld outside the internal copy, also inside typed text
    restricted_addresses: tuple[str, ...] = ()


DOC_TITLE = "Court report"


@in_document_language
def render_court_report(doc: CourtReportDocument, ctx: PrintContext) -> RenderedDocument:
    report, hearing = doc.report, doc.hearing
    r = Redaction(
        ctx, subject_child_ids=report.child_ids, restricted_values=doc.restricted_addresses
    )
    width = frame_width(ctx)
    children = ", ".join(r.person(c) for c in report.child_ids) or fmt.NOT_RECORDED
    story: list[Flowable] = title(_(DOC_TITLE), f"{children} · {review.status_text(report, r)}")
    story += [
        *section(_("The hearing")),
        fields(
            [
                (_("Hearing on"), fmt.day(hearing.scheduled_at if hearing else report.hearing_on)),
                (
                    _("Kind of hearing"),
                    fmt.label(hearing.hearing_type) if hearing else fmt.NOT_RECORDED,
                ),
                (_("Court"), (hearing.court if hearing else "") or fmt.NOT_RECORDED),
                (_("Children"), children),
                (
                    _("Period reported"),
                    f"{fmt.day(report.period_start)} – {fmt.day(report.period_end)}",
                ),
                (
                    _("Written by"),
                    r.worker(report.written_by) if report.written_by else fmt.NOT_RECORDED,
                ),
                (_("Sections composed"), fmt.moment(report.composed_at)),
                (
                    _("Approved records read"),
                    str(report.sections.records_read) if report.sections else fmt.NOT_RECORDED,
                ),
            ],
            width,
        ),
    ]
    story.append(
        para(
            _(
                "The sections below were composed from the approved records of the case in the period, and are kept with "
                "the report as they were when it was submitted."
            ),
            "note",
        )
    )
    if report.sections is None:
        story.append(para(_("The sections have not been composed yet."), "note"))
    else:
        for part in section_parts(report.sections, person=r.person, scrub=r.text):
            story += section(part.title, part.level)
            if part.facts:
                story.append(fields(part.facts, width))
            for t in part.tables:
                story.append(
                    table(
                        list(t.header), [list(row) for row in t.rows], [w * width for w in t.widths]
                    )
                )
            story += [para(note, "body") for note in part.notes]
    # the heading never stays alone at a page's foot: the assessment's first lines come with it
    story += [CondPageBreak(2 * inch), *section(_("Assessment and recommendations"))]
    story += narrative(_("The caseworker's assessment"), r.text(report.assessment))
    story += narrative(_("Recommendations to the court"), r.text(report.recommendations))
    story += review.approval(report, r, width)
    story += review.addenda(report, r, width)
    story += [*section(_("Signatures")), signature_lines([_("Caseworker"), _("Supervisor")], width)]
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([report.status]))
