"""Court packet: the caseworker visits and family visits of one child between two dates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from fieldcase.domain.home_visits import ContactMethod, HomeVisit, LocationType
from fieldcase.domain.metadata import occurred_on
from fieldcase.domain.placements import Placement
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.domain.visitation_plans import VisitationPlan
from fieldcase.domain.workflow import Status

from . import formatting as fmt
from .context import PrintContext, RenderedDocument
from .home_visit_summary import home_visit_story
from .language import _, in_document_language
from .layout import build, fields, frame_width, para, section, table, title, watermark_for
from .redaction import Redaction
from .visitation_reports import entry_story, plan_section, tally


@dataclass(frozen=True, slots=True, kw_only=True)
class CourtPacket:
    """Records outside the dates, not about the child, or voided are left out."""

    child_id: str
    date_from: date
    date_to: date
    home_visits: tuple[HomeVisit, ...] = ()
    visitation_entries: tuple[VisitationEntry, ...] = ()
    plans: Mapping[str, VisitationPlan] = field(default_factory=lambda: MappingProxyType({}))
    placements: Mapping[str, Placement] = field(
        default_factory=lambda: MappingProxyType({})
    )  # by id


DOC_TITLE = "Court packet: caseworker visits and family time"


def _day(record: object) -> date:
    """The record's day, for records `_within` kept (they all have one)."""
    on = occurred_on(record)
    assert on is not None
    return on


def _within(record: Any, packet: CourtPacket) -> bool:  # a visit or a family-visit entry
    on = occurred_on(record)
    return (
        on is not None
        and packet.date_from <= on <= packet.date_to
        and record.status is not Status.VOIDED
    )


@in_document_language
def render_court_packet(doc: CourtPacket, ctx: PrintContext) -> RenderedDocument:
    visits = sorted(
        (
            v
            for v in doc.home_visits
            if _within(v, doc) and any(c.child_id == doc.child_id for c in v.children)
        ),
        key=_day,
    )
    entries = sorted(
        (e for e in doc.visitation_entries if _within(e, doc) and doc.child_id in e.child_ids),
        key=_day,
    )
    placements = [doc.placements.get(v.placement_id) for v in visits if v.placement_id]
    r = Redaction(
        ctx,
        subject_child_ids=[doc.child_id],
        restricted_values=[v.address for v in visits] + [p.address for p in placements if p],
        other_children_names=[
            p.name
            for v in visits
            for p in v.participants
            if p.person_id is None and p.role and "child" in p.role.lower()
        ],
    )
    width = frame_width(ctx)
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{r.person(doc.child_id)} · {fmt.day(doc.date_from)} – {fmt.day(doc.date_to)}",
    )

    rows_seen = [c for v in visits for c in v.children if c.child_id == doc.child_id]
    face = [v for v in visits if v.method is ContactMethod.FACE_TO_FACE]
    summary: list[tuple[str, object]] = [
        (_("Caseworker contacts"), str(len(visits))),
        (_("Face-to-face"), str(len(face))),
        (
            _("In the child's residence"),
            str(sum(1 for v in face if v.location_type is LocationType.CHILD_RESIDENCE)),
        ),
        (_("Child seen privately"), str(sum(1 for c in rows_seen if c.seen_privately))),
        (
            _("Months with a face-to-face visit"),
            str(
                len(
                    {(v.contact_start.year, v.contact_start.month) for v in face if v.contact_start}
                )
            ),
        ),
        (
            _("Records not yet approved"),
            str(sum(1 for x in [*visits, *entries] if x.status is not Status.APPROVED)),
        ),
    ]
    story += [*section(_("Caseworker visits")), fields(summary, width)]
    story += [*section(_("Family time")), fields(tally(entries), width)]

    dated = [
        (_day(v), _("Caseworker visit"), f"{fmt.label(v.purpose)}, {fmt.label(v.method)}", v.status)
        for v in visits
    ]
    dated += [(_day(e), _("Family visit"), fmt.label(e.outcome), e.status) for e in entries]
    dated.sort(key=lambda row: row[0])
    index = [
        [fmt.day(on), kind, what, _(status.value.capitalize())] for on, kind, what, status in dated
    ]
    story += [
        *section(_("Chronology")),
        table(
            [_("Date"), _("Record"), _("Summary"), _("Status")],
            index,
            [0.18 * width, 0.2 * width, 0.47 * width, 0.15 * width],
        ),
    ]

    for i, visit in enumerate(visits, start=1):
        story.append(PageBreak())  # each visit starts a page, so a page can be cited or pulled out
        story += title(
            _("Caseworker visit {n} of {total}").format(n=i, total=len(visits)),
            fmt.span(visit.contact_start, visit.contact_end),
        )
        story += home_visit_story(
            visit, doc.placements.get(visit.placement_id or ""), r, width, only_child=doc.child_id
        )
    shown_plans: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        story.append(PageBreak())
        story += title(
            _("Family visit {n} of {total}").format(n=i, total=len(entries)),
            f"{fmt.span(entry.scheduled_start, entry.scheduled_end)} · {fmt.label(entry.outcome)}",
        )
        plan = doc.plans.get(entry.plan_id or "")
        if plan is not None and plan.id not in shown_plans:
            shown_plans.add(plan.id)
            story += plan_section(plan, r, width)
        story += entry_story(entry, r, width)
    if not visits and not entries:
        story.append(
            para(
                _(
                    "No caseworker visits or family visits were recorded for this child in these dates."
                ),
                "note",
            )
        )
    return build(
        story,
        ctx,
        doc_title=_(DOC_TITLE),
        watermark=watermark_for([x.status for x in [*visits, *entries]]),
    )
