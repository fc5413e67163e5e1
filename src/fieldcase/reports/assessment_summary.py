"""Assessment summary: one child's ratings with an instrument, domain by domain — each item's rating,
its anchor in words and the rater's note, the rating before it when there was an earlier assessment
— then the actionable items (the needs for the next case plan), the notes and the review trail.

The instrument's texts print in the document's language (the instrument file carries English and,
for the shipped checklist, Spanish)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from fieldcase.domain.assessments import Assessment
from fieldcase.domain.instruments import Instrument

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .language import _, in_document_language, language
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

DOC_TITLE = "Assessment summary"


@dataclass(frozen=True, slots=True, kw_only=True)
class AssessmentSummary:
    assessment: Assessment
    #: the instrument of the assessment's id and version; None when the laptop lacks it (item ids print)
    instrument: Instrument | None = None
    #: the child's assessment with the same instrument before this one, if any (its ratings print beside)
    previous: Assessment | None = None


@in_document_language
def render_assessment_summary(doc: AssessmentSummary, ctx: PrintContext) -> RenderedDocument:
    a, instrument, lang = doc.assessment, doc.instrument, language()
    r = Redaction(ctx, subject_child_ids=[a.child_id] if a.child_id else [])
    width = frame_width(ctx)
    name = instrument.name.in_language(lang) if instrument else a.instrument_id
    story: list[Flowable] = title(
        _(DOC_TITLE), f"{name} · {fmt.day(a.assessed_on)} · {review.status_text(a, r)}"
    )
    story += [
        *section(_("Assessment")),
        fields(
            [
                (_("Child"), r.person(a.child_id)),
                (
                    _("Instrument"),
                    _("{name}, version {version}").format(name=name, version=a.instrument_version),
                ),
                (_("Assessed on"), fmt.day(a.assessed_on)),
                (_("Rated by"), r.worker(a.rated_by)),
                (
                    _("Previous assessment"),
                    fmt.day(doc.previous.assessed_on) if doc.previous else _("None"),
                ),
            ],
            width,
        ),
    ]
    if instrument is None:
        story.append(
            para(
                _(
                    "The instrument of this assessment is not on this laptop: its items print by their ids."
                ),
                "note",
            )
        )
        rows = [
            [
                fmt.text(x.item_id),
                fmt.text(str(x.rating) if x.rating is not None else None),
                fmt.text(r.text(x.note)),
            ]
            for x in a.ratings
        ]
        story.append(
            table(
                [_("Item"), _("Rating"), _("Note")], rows, [0.4 * width, 0.15 * width, 0.45 * width]
            )
        )
    else:
        story += _domains(a, instrument, doc.previous, r, width, lang)
        story += _needs(a, instrument, width, lang)
        story += [
            *section(_("The scale")),
            table(
                [_("Rating"), _("Meaning")],
                [
                    [
                        str(x.rating),
                        x.label.in_language(lang)
                        + (f" — {x.description.in_language(lang)}" if x.description else ""),
                    ]
                    for x in instrument.scale
                ],
                [0.15 * width, 0.85 * width],
            ),
        ]
    story += narrative(_("Notes"), r.text(a.notes))
    story += review.approval(a, r, width)
    story += review.addenda(a, r, width)
    story += [
        *section(_("Signatures")),
        signature_lines([_("Rater"), _("Youth"), _("Supervisor")], width),
    ]
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([a.status]))


def _domains(
    a: Assessment,
    instrument: Instrument,
    previous: Assessment | None,
    r: Redaction,
    width: float,
    lang: str,
) -> list[Flowable]:
    out: list[Flowable] = []
    number = 0
    for domain in instrument.domains:
        rows = []
        for item in domain.items:
            number += 1
            rating = a.rating_of(item.id)
            anchor = instrument.anchor(rating)
            before = previous.rating_of(item.id) if previous else None
            note = next((x.note for x in a.ratings if x.item_id == item.id), None)
            rows.append(
                [
                    f"{number}. {item.text.in_language(lang)}",
                    fmt.text(str(rating) if rating is not None else None),
                    anchor.label.in_language(lang) if anchor else fmt.NOT_RECORDED,
                    "—" if before is None else str(before),
                    _("Yes") if instrument.is_actionable(rating) else "",
                    fmt.text(r.text(note)) if note else "",
                ]
            )
        out += section(domain.name.in_language(lang), 2)
        out.append(
            table(
                [_("Item"), _("Rating"), _("Meaning"), _("Before"), _("Actionable"), _("Note")],
                rows,
                [0.34 * width, 0.08 * width, 0.2 * width, 0.08 * width, 0.11 * width, 0.19 * width],
            )
        )
    return out


def _needs(a: Assessment, instrument: Instrument, width: float, lang: str) -> list[Flowable]:
    found = [
        (d, i, a.rating_of(i.id))
        for d, i in instrument.items()
        if instrument.is_actionable(a.rating_of(i.id))
    ]
    out: list[Flowable] = [
        *section(
            _("Actionable items: needs for the next case plan ({count})").format(count=len(found))
        )
    ]
    if not found:
        return out + [para(_("No item is rated at or above the actionable rating."), "note")]
    rows = [
        [d.name.in_language(lang), i.text.in_language(lang), str(rating)] for d, i, rating in found
    ]
    out.append(
        table(
            [_("Domain"), _("Item"), _("Rating")], rows, [0.3 * width, 0.58 * width, 0.12 * width]
        )
    )
    return out
