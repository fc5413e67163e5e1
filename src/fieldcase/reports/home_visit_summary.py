"""Home visit summary: one contact, every child seen, all fields, review trail and signatures."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Table, TableStyle

from fieldcase.domain.home_visits import ChildSeen, HomeVisit, LocationType
from fieldcase.domain.placements import Placement

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .language import _, in_document_language
from .layout import (
    BASE_TABLE,
    INK,
    build,
    fields,
    frame_width,
    narrative,
    para,
    section,
    table,
    title,
    watermark_for,
)
from .redaction import Redaction


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    role: str  # "Caseworker", "Resource parent", "Supervisor"
    signer: str | None = None  # display name, as signed
    signed_at: datetime | None = None
    image: bytes | None = None  # PNG or JPEG bytes of the captured signature, if any
    image_note: str | None = (
        None  # why there is no image although one was captured (not downloaded, damaged)
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class HomeVisitSummary:
    visit: HomeVisit
    placement: Placement | None = None  # the child's placement at the time (visit.placement_id)
    signatures: tuple[Signature, ...] = ()


DOC_TITLE = "Home visit summary"
SIGNATURE_WITHHELD = (
    "Signed. The signature itself is kept in the case file and not printed on this copy."
)


def redaction_for(
    visit: HomeVisit,
    placement: Placement | None,
    ctx: PrintContext,
    *,
    subjects: Sequence[str] | None = None,
) -> Redaction:
    typed_children = [
        p.name
        for p in visit.participants
        if p.person_id is None and p.role and "child" in p.role.lower()
    ]
    return Redaction(
        ctx,
        subject_child_ids=subjects
        if subjects is not None
        else [c.child_id for c in visit.children],
        restricted_values=[visit.address, placement.address if placement else None],
        other_children_names=typed_children,
    )


@in_document_language
def render_home_visit_summary(doc: HomeVisitSummary, ctx: PrintContext) -> RenderedDocument:
    visit = doc.visit
    r = redaction_for(visit, doc.placement, ctx)
    width = frame_width(ctx)
    when = fmt.day(visit.contact_start)
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{fmt.label(visit.purpose)} · {when} · {fmt.label(visit.method)} · {review.status_text(visit, r)}",
    )
    story += home_visit_story(visit, doc.placement, r, width)
    story += signatures(doc.signatures, r, width)
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([visit.status]))


def home_visit_story(
    visit: HomeVisit,
    placement: Placement | None,
    r: Redaction,
    width: float,
    *,
    only_child: str | None = None,
) -> list[Flowable]:
    """Everything a home visit records. `only_child` keeps one child's row (the court packet)."""
    duration = (
        visit.contact_end - visit.contact_start
        if visit.contact_start and visit.contact_end
        else None
    )
    contact: list[tuple[str, object]] = [
        (_("Date and time"), fmt.span(visit.contact_start, visit.contact_end)),
        (_("Duration"), fmt.duration(duration)),
        (_("Method"), fmt.label(visit.method)),
        (_("Purpose"), fmt.label(visit.purpose)),
        (_("Outcome"), fmt.label(visit.outcome)),
        (_("Location"), fmt.label(visit.location_type)),
        (_("Address"), r.value(visit, "address") or fmt.NOT_RECORDED),
        (_("Placement"), _placement(placement, r)),
        (_("Conducted by"), r.worker(visit.conducted_by)),
        (_("Recorded by"), r.worker(visit.recorded_by)),
        (_("Recorded at"), fmt.moment(visit.recorded_at)),
        (_("Next visit planned"), fmt.day(visit.next_visit_planned)),
    ]
    out: list[Flowable] = [*section(_("Contact")), fields(contact, width)]
    if visit.location_type is not None and visit.location_type is not LocationType.CHILD_RESIDENCE:
        out += narrative(
            _("Why the visit was not in the child's residence"),
            r.text(visit.reason_not_in_residence),
        )
        out += narrative(
            _("What the child gained from the visit being elsewhere"),
            r.text(visit.benefit_not_in_residence),
        )

    out += section(_("Participants"))
    rows: list[list[object]] = [
        [
            _participant_name(p, r),
            fmt.text(r.text(p.role)),
            _("Present") if p.present else _("Not present"),
        ]
        for p in visit.participants
    ]
    out.append(
        table(
            [_("Name"), _("Role"), _("Attendance")], rows, [0.45 * width, 0.35 * width, 0.2 * width]
        )
    )

    children = [c for c in visit.children if only_child is None or c.child_id == only_child]
    for child in children:
        out += _child(child, r, width)

    out += narrative(_("Observations"), r.text(visit.observations))
    out += narrative(_("Home conditions"), r.text(visit.home_conditions))
    out += narrative(_("Services status"), r.text(visit.services_status))
    out += narrative(_("Caregiver needs"), r.text(visit.caregiver_needs))

    out += section(_("Follow-up tasks"))
    rows = [[r.text(t.action), r.who(t.owner), fmt.day(t.due)] for t in visit.follow_up_tasks]
    out.append(
        table([_("Action"), _("Owner"), _("Due")], rows, [0.6 * width, 0.25 * width, 0.15 * width])
    )

    if visit.attachments:
        out += section(_("Attachments"))
        labels = r.attachment_labels(visit.attachments)
        rows = [
            [fmt.text(label), _(a.kind.value.capitalize()), a.sha256[:16] + "…"]
            for label, a in zip(labels, visit.attachments, strict=True)
        ]
        out.append(
            table(
                [_("Name"), _("Kind"), _("Content hash")],
                rows,
                [0.55 * width, 0.15 * width, 0.3 * width],
            )
        )

    out += review.approval(visit, r, width)
    out += review.addenda(visit, r, width)
    return out


def _placement(placement: Placement | None, r: Redaction) -> str:
    if placement is None:
        return fmt.NOT_RECORDED
    kind = fmt.label(placement.placement_type)
    address = r.value(placement, "address")
    name = r.text(placement.provider_name) or ""
    parts = [p for p in (name, kind, address) if p]
    return ", ".join(parts)


def _participant_name(p, r: Redaction) -> str:
    if p.person_id is not None:
        return r.person(p.person_id)
    return fmt.text(r.text(p.name))


def _child(child: ChildSeen, r: Redaction, width: float) -> list[Flowable]:
    topics = ", ".join(sorted(fmt.label(t) for t in child.topics)) or fmt.NOT_RECORDED
    rows: list[tuple[str, object]] = [
        (_("Seen"), fmt.yes_no(child.seen)),
        (_("Seen privately"), fmt.yes_no(child.seen_privately)),
        (_("Present danger"), fmt.yes_no(child.present_danger)),
        (_("Safety plan triggered"), fmt.yes_no(child.safety_plan_triggered)),
        (_("Topics covered"), topics),
    ]
    if child.seen is False:
        rows.insert(1, (_("Reason not seen"), fmt.text(r.text(child.reason_not_seen))))
    if child.seen_privately is False:
        rows.append((_("Reason not seen privately"), fmt.text(r.text(child.reason_not_private))))
    out: list[Flowable] = [
        *section(_("Child: {name}").format(name=r.person(child.child_id))),
        fields(rows, width),
    ]
    out += narrative(_("Safety observations"), r.text(child.safety_narrative))
    out += narrative(_("Well-being"), r.text(child.well_being_notes))
    out += narrative(_("In the child's own words"), _quoted(r.text(child.child_statements)))
    return out


def _quoted(text: str | None) -> str | None:
    return f"“{text.strip()}”" if text and text.strip() else None


def signatures(given: Sequence[Signature], r: Redaction, width: float) -> list[Flowable]:
    """Each captured signature drawn on its line, the role and name under it, the date beside it;
    blank lines for the caseworker and the supervisor when they have not signed."""
    out: list[Flowable] = [*section(_("Signatures"))]
    signed_roles = {sig.role for sig in given}
    blanks = [role for role in ("Caseworker", "Supervisor") if role not in signed_roles]
    rows: list[list[object]] = []
    heights: list[float | None] = []
    for sig in given:
        picture = _picture(sig, r)
        rows.append([picture, "", para(fmt.moment(sig.signed_at), "note")])
        rows.append(
            [
                para(f"{_(sig.role)}: {fmt.text(r.text(sig.signer))}", "note"),
                "",
                para(_("Date"), "note"),
            ]
        )
        # a note where the image would be gets the height of a blank line, so the lines stay evenly spaced
        heights += [None if isinstance(picture, Image) else 0.42 * inch, None]
    for role in blanks:
        rows.append(["", "", ""])
        rows.append([para(_(role), "note"), "", para(_("Date"), "note")])
        heights += [0.42 * inch, None]
    t = Table(
        rows,
        colWidths=[0.62 * width, 0.06 * width, 0.32 * width],
        rowHeights=heights,
        hAlign="LEFT",
    )
    lines = [
        ("LINEBELOW", (col, i), (col, i), 0.8, INK)
        for i in range(0, len(rows), 2)
        for col in (0, 2)
    ]
    t.setStyle(
        TableStyle(
            BASE_TABLE
            + lines
            + [("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
        )
    )
    out.append(KeepTogether([t]))
    return out


def _picture(sig: Signature, r: Redaction) -> Flowable:
    if not r.shows_signature(sig.role):
        return para(_(SIGNATURE_WITHHELD), "note")
    if sig.image is None:
        return para(_(sig.image_note or "(signed on paper)"), "note")
    try:
        reader = ImageReader(io.BytesIO(sig.image))
        w, h = reader.getSize()
        scale = min(2.4 * inch / w, 0.75 * inch / h)
        return Image(io.BytesIO(sig.image), width=w * scale, height=h * scale, hAlign="LEFT")
    except Exception:  # noqa: BLE001 - an unreadable image must not stop the print; say so on the page
        return para(_("(signature image could not be read)"), "note")
