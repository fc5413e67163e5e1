"""Collateral contact summary: one contact with the school, a therapist, the court … — who, how,
about which children, what was said, the follow-up and the review trail. The party's own details
are restricted (withheld from family and court copies). `collateral_contact_rows` is the list a
court report prints for its period (services/collateral_contacts.py `contacts_for_court`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from fieldcase.domain.collateral_contacts import CollateralContact

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .language import _, in_document_language
from .layout import build, fields, frame_width, narrative, section, table, title, watermark_for
from .redaction import Redaction


@dataclass(frozen=True, slots=True, kw_only=True)
class CollateralContactSummary:
    contact: CollateralContact


DOC_TITLE = "Collateral contact summary"


@in_document_language
def render_collateral_contact_summary(
    doc: CollateralContactSummary, ctx: PrintContext
) -> RenderedDocument:
    contact = doc.contact
    r = Redaction(
        ctx, subject_child_ids=contact.child_ids, restricted_values=[contact.party_contact]
    )
    width = frame_width(ctx)
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{fmt.label(contact.party_role)} · {fmt.day(contact.contact_start)} · "
        f"{fmt.label(contact.method)} · {review.status_text(contact, r)}",
    )
    rows: list[tuple[str, object]] = [
        (_("Date and time"), fmt.span(contact.contact_start, contact.contact_end)),
        (_("Method"), fmt.label(contact.method)),
        (_("Who they are to the child"), fmt.label(contact.party_role)),
        (_("Name"), fmt.text(r.text(contact.party_name))),
        (_("Organisation"), fmt.text(r.text(contact.party_organisation))),
        (_("Phone, e-mail or address"), r.value(contact, "party_contact") or fmt.NOT_RECORDED),
        (
            _("Children concerned"),
            ", ".join(r.person(c) for c in contact.child_ids) or fmt.NOT_RECORDED,
        ),
        (_("Recorded by"), r.worker(contact.recorded_by)),
        (_("Recorded at"), fmt.moment(contact.recorded_at)),
    ]
    story += [*section(_("Contact")), fields(rows, width)]
    story += narrative(_("Purpose"), r.text(contact.purpose))
    story += narrative(_("What was said or learned"), r.text(contact.summary))
    story += section(_("Follow-up tasks"))
    tasks = [[r.text(t.action), r.who(t.owner), fmt.day(t.due)] for t in contact.follow_up_tasks]
    story.append(
        table([_("Action"), _("Owner"), _("Due")], tasks, [0.6 * width, 0.25 * width, 0.15 * width])
    )
    story += review.approval(contact, r, width)
    story += review.addenda(contact, r, width)
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([contact.status]))


def collateral_contact_rows(
    contacts: Sequence[CollateralContact], r: Redaction
) -> tuple[list[str], list[list[str]]]:
    """The court report's contact list: header and one row per contact (day, who, how, what) —
    the party's own details never appear in it."""
    header = [_("Date"), _("Party"), _("Method"), _("What was said or learned")]
    rows = [
        [
            fmt.day(c.contact_start),
            ", ".join(
                x
                for x in (
                    fmt.label(c.party_role),
                    r.text(c.party_name) or "",
                    r.text(c.party_organisation) or "",
                )
                if x
            ),
            fmt.label(c.method),
            fmt.text(r.text(c.summary)),
        ]
        for c in contacts
    ]
    return header, rows
