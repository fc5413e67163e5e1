"""Referral summary: who was referred to which service and provider, the service's status over
time (each step with its day), the progress notes and the review trail."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from fieldcase.domain.referrals import Referral

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .language import _, in_document_language
from .layout import build, fields, frame_width, narrative, section, table, title, watermark_for
from .redaction import Redaction


@dataclass(frozen=True, slots=True, kw_only=True)
class ReferralSummary:
    referral: Referral
    #: the provider's public details from the office's directory, when it is still there
    provider_details: str | None = None


DOC_TITLE = "Referral summary"


@in_document_language
def render_referral_summary(doc: ReferralSummary, ctx: PrintContext) -> RenderedDocument:
    referral = doc.referral
    r = Redaction(ctx, subject_child_ids=[referral.person_id] if referral.person_id else [])
    width = frame_width(ctx)
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{fmt.label(referral.service_type)} · {fmt.day(referral.referred_on)} · "
        f"{fmt.label(referral.service_status)} · {review.status_text(referral, r)}",
    )
    rows: list[tuple[str, object]] = [
        (
            _("Who is referred"),
            r.person(referral.person_id) if referral.person_id else fmt.NOT_RECORDED,
        ),
        (_("Service"), fmt.label(referral.service_type)),
        (_("Service in detail"), fmt.text(r.text(referral.service_detail))),
        (_("Provider"), fmt.text(r.text(referral.provider_name))),
        (_("Provider's details"), fmt.text(doc.provider_details)),
        (_("Referred on"), fmt.day(referral.referred_on)),
        (_("Referred by"), r.worker(referral.referred_by)),
        (_("Case-plan service it serves"), fmt.text(r.text(referral.plan_service))),
        (
            _("Status now"),
            f"{fmt.label(referral.service_status)} ({fmt.day(referral.status_since)})",
        ),
    ]
    story += [*section(_("Referral")), fields(rows, width)]
    story += narrative(_("Why the service is needed"), r.text(referral.reason))
    story += section(_("Status updates"))
    steps = [[fmt.day(referral.referred_on), _("Referred"), ""]]
    steps += [
        [fmt.day(c.on), fmt.label(c.status), fmt.text(r.text(c.note))]
        for c in referral.status_changes
    ]
    story.append(
        table(
            [_("Since"), _("Status"), _("Note")], steps, [0.2 * width, 0.25 * width, 0.55 * width]
        )
    )
    story += section(_("Progress notes"))
    notes = [[fmt.day(n.on), fmt.text(r.text(n.text))] for n in referral.progress_notes]
    story.append(table([_("Day"), _("Progress")], notes, [0.2 * width, 0.8 * width]))
    story += review.approval(referral, r, width)
    story += review.addenda(referral, r, width)
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([referral.status]))
