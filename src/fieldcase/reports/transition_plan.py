"""The transition (independent-living) plan, printed for the youth, the family support team and the
file: the goals by area with their steps, who helps and by when, the youth's own words, who took
part and the lines to sign. The family copy prints in the youth's (or family's) language."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from fieldcase.domain.transition_plans import TransitionArea, TransitionPlan

from . import formatting as fmt
from . import review
from .case_plan import role_words
from .context import PrintContext, RenderedDocument
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

DOC_TITLE = "Transition plan"


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitionPlanDocument:
    plan: TransitionPlan


@in_document_language
def render_transition_plan(doc: TransitionPlanDocument, ctx: PrintContext) -> RenderedDocument:
    plan = doc.plan
    r = Redaction(ctx, subject_child_ids=[plan.child_id] if plan.child_id else [])
    width = frame_width(ctx)
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{r.person(plan.child_id)} · {fmt.day(plan.written_on)} · {review.status_text(plan, r)}",
    )
    story += [
        *section(_("Plan")),
        fields(
            [
                (_("Youth"), r.person(plan.child_id)),
                (_("Written on"), fmt.day(plan.written_on)),
                (_("Next review (with the case plan)"), fmt.day(plan.review_on)),
                (_("Written by"), r.worker(plan.written_by)),
            ],
            width,
        ),
    ]
    for area in TransitionArea:
        goals = [g for g in plan.goals if g.area is area]
        if not goals:
            continue
        out_rows = [
            [
                fmt.text(r.text(g.goal)),
                fmt.text(r.text(g.steps)),
                fmt.text(r.text(g.who_helps)),
                fmt.day(g.by_when),
                fmt.label(g.status),
            ]
            for g in goals
        ]
        story += section(fmt.label(area), 2)
        story.append(
            table(
                [_("Goal"), _("Steps"), _("Who helps"), _("By when"), _("Goal status")],
                out_rows,
                [0.24 * width, 0.32 * width, 0.18 * width, 0.13 * width, 0.13 * width],
            )
        )
    unplaced = [g for g in plan.goals if g.area is None]
    if unplaced:
        story += section(_("Other goals"), 2)
        story.append(
            table(
                [_("Goal"), _("Steps"), _("Who helps"), _("By when")],
                [
                    [
                        fmt.text(r.text(g.goal)),
                        fmt.text(r.text(g.steps)),
                        fmt.text(r.text(g.who_helps)),
                        fmt.day(g.by_when),
                    ]
                    for g in unplaced
                ],
                [0.3 * width, 0.36 * width, 0.2 * width, 0.14 * width],
            )
        )
    if not plan.goals:
        story.append(para(_("No goals written yet."), "note"))
    words = r.text(plan.youth_words)
    story += narrative(
        _("In the youth's words"), f"“{words.strip()}”" if words and words.strip() else None
    )
    story += section(_("Who took part"))
    rows = [
        [r.person(p.person_id) if p.person_id else fmt.text(r.text(p.name)), role_words(p.role, r)]
        for p in plan.participants
    ]
    story.append(table([_("Name"), _("Role")], rows, [0.6 * width, 0.4 * width]))
    story += review.approval(plan, r, width)
    story += review.addenda(plan, r, width)
    story += [
        *section(_("Signatures")),
        signature_lines([_("Youth"), _("Caseworker"), _("Supervisor")], width),
    ]
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([plan.status]))
