"""The case plan as the court and the family read it: every content item of 13 CSR 40-30.010 in the
regulation's order, the 6-month review's progress, who took part and signed, the review trail.

The court copy and the family copy withhold the resource family's address (from the people of the
case and the child's placement, scrubbed from every narrative as on every other document); the
family copy prints in the family's language (the print dialog's default for the family profile).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from fieldcase.domain.case_plans import CasePlan, PlanParticipant, PlanService, participant_role
from fieldcase.domain.placements import Placement

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .home_visit_summary import Signature, signatures
from .language import _, in_document_language
from .layout import build, fields, frame_width, narrative, section, table, title, watermark_for
from .redaction import Redaction

DOC_TITLE = "Case plan"


@dataclass(frozen=True, slots=True, kw_only=True)
class CasePlanDocument:
    plan: CasePlan
    #: the version this one reviews or follows (its number prints; its services are not repeated)
    previous: CasePlan | None = None
    #: the children's placements on the plan's date (the provider prints; the address is restricted)
    placements: tuple[Placement, ...] = ()
    signatures: tuple[Signature, ...] = ()


def redaction_for(doc: CasePlanDocument, ctx: PrintContext) -> Redaction:
    typed = [
        p.name
        for p in doc.plan.participants
        if p.person_id is None and p.role and "child" in p.role.lower()
    ]
    return Redaction(
        ctx,
        subject_child_ids=doc.plan.child_ids,
        restricted_values=[p.address for p in doc.placements],
        other_children_names=typed,
    )


def _kind_of_plan(plan: CasePlan) -> str:
    if plan.is_review:
        return _("6-month review")
    return _("Initial plan") if plan.version == 1 else _("Plan change")


@in_document_language
def render_case_plan(doc: CasePlanDocument, ctx: PrintContext) -> RenderedDocument:
    plan = doc.plan
    r = redaction_for(doc, ctx)
    width = frame_width(ctx)
    subtitle = " · ".join(
        (
            _("Version {number}").format(number=plan.version),
            _kind_of_plan(plan),
            fmt.day(plan.plan_date),
            review.status_text(plan, r),
        )
    )
    story: list[Flowable] = title(_(DOC_TITLE), subtitle)
    story += case_plan_story(doc, r, width)
    story += signatures(doc.signatures, r, width)
    return build(story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([plan.status]))


def case_plan_story(doc: CasePlanDocument, r: Redaction, width: float) -> list[Flowable]:
    plan = doc.plan
    period = _("{start} to {end}").format(
        start=fmt.day(plan.period_starts), end=fmt.day(plan.period_ends)
    )
    rows: list[tuple[str, object]] = [
        (_("Date written with the family"), fmt.day(plan.plan_date)),
        (_("Plan period"), period),
        (_("Version"), str(plan.version)),
        (_("Follows version"), str(doc.previous.version) if doc.previous else "—"),
        (_("Written by"), r.worker(plan.written_by) if plan.written_by else fmt.NOT_RECORDED),
    ]
    out: list[Flowable] = [*section(_("Plan")), fields(rows, width)]

    out += section(_("Child and family"))
    people = [[r.person(i), r.role_of(i)] for i in (*plan.child_ids, *plan.family_ids)]
    out.append(table([_("Name"), _("Role")], people, [0.6 * width, 0.4 * width]))
    out += narrative(_("Other family (names, relationship, contact)"), r.text(plan.family_notes))

    out += section(_("Why services or care are needed"))
    out += narrative(_("Conditions that made services or care necessary"), r.text(plan.conditions))
    out += narrative(_("Court's finding"), r.text(plan.judicial_determination))
    out += narrative(_("The child's psychological needs"), r.text(plan.psychological_needs))

    out += section(_("Efforts made"))
    out += narrative(_("To prevent removal"), r.text(plan.efforts_prevent_removal))
    out += narrative(_("To reunify the family"), r.text(plan.efforts_reunify))
    out += narrative(_("To reach a permanent home"), r.text(plan.efforts_permanency))

    out += section(_("Permanency"))
    out.append(
        fields(
            [
                (_("Permanency plan"), fmt.label(plan.permanency_goal)),
                (_("Concurrent plan"), fmt.label(plan.concurrent_goal)),
            ],
            width,
        )
    )
    out += narrative(_("Why these goals"), r.text(plan.goal_rationale))

    out += section(_("Services"))
    out.append(
        table(
            [
                _("Service"),
                _("Provided by"),
                _("Responsible"),
                _("For"),
                _("Timeframe"),
                _("Ordered by the court"),
            ],
            [_service_row(s, r) for s in plan.services],
            [0.24 * width, 0.16 * width, 0.15 * width, 0.14 * width, 0.17 * width, 0.14 * width],
        )
    )
    out += narrative(_("What the court order requires"), r.text(plan.court_order_requirements))
    out += narrative(_("The parents' responsibilities"), r.text(plan.parent_responsibilities))
    out += narrative(
        _("Behaviours that will show services are no longer needed"),
        r.text(plan.behaviours_ending_services),
    )

    out += section(_("Placement"))
    providers = (
        "; ".join(p.provider_name for p in doc.placements if p.provider_name) or fmt.NOT_RECORDED
    )
    out.append(
        fields(
            [
                (_("Placement"), fmt.text(r.text(providers))),
                (
                    _("Least restrictive, most family-like setting"),
                    fmt.yes_no(plan.least_restrictive),
                ),
            ],
            width,
        )
    )
    out += narrative(_("Why the placement is appropriate"), r.text(plan.placement_appropriateness))
    out += narrative(_("Distance from the parents' home"), r.text(plan.proximity_to_parents))
    out += narrative(_("How the child's needs are met"), r.text(plan.needs_met))

    out += section(_("Parental visiting schedule"))
    visits = [
        [
            fmt.text(r.text(v.who)),
            fmt.label(v.frequency) if v.frequency else fmt.NOT_RECORDED,
            _("{minutes} min").format(minutes=v.duration_minutes) if v.duration_minutes else "—",
            fmt.text(r.text(v.location)),
            fmt.label(v.supervision) if v.supervision else fmt.NOT_RECORDED,
            fmt.text(r.text(v.arrangements)),
            fmt.text(r.text(v.documented_by)),
        ]
        for v in plan.visiting
    ]
    out.append(
        table(
            [
                _("Who visits"),
                _("How often"),
                _("Length"),
                _("Where"),
                _("Supervision"),
                _("Transport and supervisor"),
                _("Visits documented by"),
            ],
            visits,
            [
                0.19 * width,
                0.12 * width,
                0.1 * width,
                0.17 * width,
                0.12 * width,
                0.15 * width,
                0.15 * width,
            ],
        )
    )

    if plan.is_review or plan.progress or plan.plan_changes:
        out += section(_("Six-month review"))
        progress = [
            [
                fmt.text(r.text(n.item)),
                _("Goal") if n.is_goal else _("Service"),
                fmt.label(n.progress) if n.progress else fmt.NOT_RECORDED,
                fmt.text(r.text(n.notes)),
            ]
            for n in plan.progress
        ]
        out.append(
            table(
                [_("Service or goal"), _("Kind"), _("Progress"), _("Notes")],
                progress,
                [0.3 * width, 0.12 * width, 0.18 * width, 0.4 * width],
            )
        )
        out += narrative(_("Changes to the plan and why"), r.text(plan.plan_changes))

    out += section(_("Evaluation of achievement"))
    out.append(
        fields(
            [
                (
                    _("Evaluation period"),
                    _("{start} to {end}").format(
                        start=fmt.day(plan.evaluation_from), end=fmt.day(plan.evaluation_to)
                    ),
                )
            ],
            width,
            columns=1,
        )
    )
    out += narrative(_("Evaluation by all parties"), r.text(plan.evaluation))

    out += section(_("Participants"))
    out.append(
        table(
            [_("Name"), _("Role"), _("Signed"), _("Signed on")],
            [_participant_row(p, r) for p in plan.participants],
            [0.4 * width, 0.3 * width, 0.12 * width, 0.18 * width],
        )
    )

    out += review.approval(plan, r, width)
    out += review.addenda(plan, r, width)
    return out


def _service_row(service: PlanService, r: Redaction) -> Sequence[object]:
    timeframe = _("{start} to {end}").format(
        start=fmt.day(service.starts_on), end=fmt.day(service.ends_by)
    )
    who = fmt.label(service.service_for) if service.service_for else "—"
    if service.person_id:
        who = f"{who}: {r.person(service.person_id)}"
    return [
        fmt.text(r.text(service.description)),
        fmt.text(r.text(service.provider)),
        r.who(service.responsible),
        who,
        timeframe,
        fmt.yes_no(service.court_ordered),
    ]


def role_words(role: str | None, r: Redaction) -> str:
    """A plan participant's role: chosen from the list, in the document's language; typed before the
    list existed, as typed."""
    chosen = participant_role(role)
    return fmt.label(chosen) if chosen is not None else fmt.text(r.text(role))


def _participant_row(p: PlanParticipant, r: Redaction) -> Sequence[object]:
    name = r.person(p.person_id) if p.person_id else fmt.text(r.text(p.name))
    return [
        name,
        role_words(p.role, r),
        fmt.yes_no(p.signed),
        fmt.day(p.signed_on) if p.signed_on else "—",
    ]
