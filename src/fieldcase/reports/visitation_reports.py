"""Family time on paper: the report of one visitation entry, and the monthly roll-up of a plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reportlab.platypus import Flowable

from fieldcase.domain.transport_trips import TransportTrip
from fieldcase.domain.visitation_entries import VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import VisitationPlan
from fieldcase.domain.workflow import Status

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .language import _, in_document_language
from .layout import (
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
class VisitationReport:
    entry: VisitationEntry
    plan: VisitationPlan | None = None
    #: the trips that served this visit (linked to it, or in its `trip_ids`)
    trips: tuple[TransportTrip, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitationRollup:
    """One plan's family time in one calendar month. Entries outside the month, of another plan, or
    voided are left out (a voided entry is not part of the record)."""

    plan: VisitationPlan
    year: int
    month: int
    entries: tuple[VisitationEntry, ...]


REPORT_TITLE = "Family visitation report"
ROLLUP_TITLE = "Monthly visitation summary"


@in_document_language
def render_visitation_report(doc: VisitationReport, ctx: PrintContext) -> RenderedDocument:
    entry = doc.entry
    r = Redaction(ctx, subject_child_ids=entry.child_ids)
    width = frame_width(ctx)
    subtitle = f"{fmt.day(entry.scheduled_start)} · {fmt.label(entry.outcome)} · {review.status_text(entry, r)}"
    story: list[Flowable] = title(_(REPORT_TITLE), subtitle)
    if doc.plan is not None:
        story += plan_section(doc.plan, r, width)
    story += entry_story(entry, r, width, trips=doc.trips)
    return build(story, ctx, doc_title=_(REPORT_TITLE), watermark=watermark_for([entry.status]))


def plan_section(plan: VisitationPlan, r: Redaction, width: float) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        (_("Participants"), ", ".join(r.person(p) for p in plan.participants) or fmt.NOT_RECORDED),
        (
            _("No contact (court order)"),
            ", ".join(r.person(p) for p in plan.excluded_persons) or _("None"),
        ),
        (_("Frequency"), fmt.label(plan.frequency)),
        (
            _("Duration"),
            f"{plan.duration_minutes} min" if plan.duration_minutes else fmt.NOT_RECORDED,
        ),
        (_("Supervision (plan)"), fmt.label(plan.supervision_level)),
        (_("Supervisor"), r.who(plan.supervisor)),
        (_("Transport"), r.who(plan.transporter)),
        (_("Location preference"), fmt.text(r.text(plan.location_preference))),
        (
            _("Effective"),
            f"{fmt.day(plan.effective_from)} – {fmt.day(plan.effective_until) if plan.effective_until else _('until changed')}",
        ),
        (_("Court order"), fmt.text(plan.court_order_reference)),
    ]
    return [*section(_("Visitation plan")), fields(rows, width)]


def trip_line(trip: TransportTrip, r: Redaction) -> str:
    distance = trip.odometer_distance
    return _("{day}, driven by {who}").format(
        day=fmt.day(trip.trip_date), who=r.worker(trip.driver_id)
    ) + (f", {fmt.miles(distance)} mi" if distance is not None else "")


def entry_story(
    entry: VisitationEntry,
    r: Redaction,
    width: float,
    *,
    heading: str = "Visit",
    trips: tuple[TransportTrip, ...] = (),
) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        (_("Scheduled"), fmt.span(entry.scheduled_start, entry.scheduled_end)),
        (_("Time together"), fmt.duration(actual_duration(entry))),
        (_("Location"), fmt.text(r.text(entry.actual_location))),
        (_("Children"), ", ".join(r.person(c) for c in entry.child_ids) or fmt.NOT_RECORDED),
        (_("Supervision (actual)"), fmt.label(entry.supervision_level)),
        (_("Supervised by"), r.who(entry.supervised_by)),
        (_("Outcome"), fmt.label(entry.outcome)),
        (_("Recommendation"), fmt.label(entry.recommendation)),
    ]
    if entry.outcome not in (None, VisitationOutcome.OCCURRED):
        rows += [
            (_("Reason"), fmt.label(entry.reason)),
            (_("Reason detail"), fmt.text(r.text(entry.reason_detail))),
        ]
    if entry.cancelled_by or entry.cancelled_at:
        notice = entry.notice_hours
        rows += [
            (_("Cancelled by"), r.who(entry.cancelled_by)),
            (_("Cancelled at"), fmt.moment(entry.cancelled_at)),
            (
                _("Notice given"),
                _("{hours} hours").format(hours=f"{notice:.1f}")
                if notice is not None
                else fmt.NOT_RECORDED,
            ),
        ]
    shown = [t for t in trips if t.status is not Status.VOIDED]
    if shown:
        rows.append(
            (
                _("Transport trips"),
                "\n".join(
                    trip_line(t, r)
                    for t in sorted(shown, key=lambda t: (t.trip_date or date.min, t.id))
                ),
            )
        )
    elif entry.trip_ids:
        rows.append((_("Linked transport trips"), str(len(entry.trip_ids))))
    happened = entry.outcome in (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY, None)
    out: list[Flowable] = [*section(_(heading)), fields(rows, width)]
    out += section(_("Attendance"), 2)
    att = [
        [
            r.person(a.person_id),
            fmt.text(r.role_of(a.person_id)),
            _("Yes") if a.expected else _("No"),
            fmt.clock(a.arrived_at),
            fmt.clock(a.departed_at),
        ]
        for a in entry.attendance
    ]
    out.append(
        table(
            [_("Person"), _("Role"), _("Expected"), _("Arrived"), _("Departed")],
            att,
            [0.34 * width, 0.2 * width, 0.14 * width, 0.16 * width, 0.16 * width],
        )
    )
    for label, value in (
        (_("Greeting and departure"), entry.greeting_and_departure),
        (_("Activities"), entry.activities),
        (_("Parent meets the child's needs"), entry.meets_childs_needs),
        (_("Interventions and the parent's response"), entry.interventions_and_response),
        (_("Safety concerns"), entry.safety_concerns),
        (_("Quotes"), entry.quotes),
        (_("Strengths"), entry.strengths),
        (_("Concerns"), entry.concerns),
        (_("Tasks for the parent before the next visit"), entry.tasks_for_parent),
        (_("Caregiver hand-off report"), entry.caregiver_handoff_report),
    ):
        if not happened and not (value and value.strip()):
            continue  # a visit that did not take place has no observations to leave blank
        out += narrative(label, r.text(value))
    out += review.approval(entry, r, width)
    out += review.addenda(entry, r, width)
    return out


def actual_duration(entry: VisitationEntry) -> timedelta | None:
    """Family time actually spent: earliest arrival to latest departure of those who came."""
    arrived = [a.arrived_at for a in entry.attendance if a.arrived_at]
    departed = [a.departed_at for a in entry.attendance if a.departed_at]
    if not arrived or not departed:
        return None
    return max(departed) - min(arrived)


def _scheduled(entry: VisitationEntry) -> datetime:
    assert entry.scheduled_start is not None  # in_month() kept only scheduled entries
    return entry.scheduled_start


def in_month(entry: VisitationEntry, year: int, month: int) -> bool:
    return entry.scheduled_start is not None and (
        entry.scheduled_start.year,
        entry.scheduled_start.month,
    ) == (year, month)


_CANCELLED_BY = {
    VisitationOutcome.CANCELLED_BY_FAMILY: "Cancelled by family",
    VisitationOutcome.CANCELLED_BY_AGENCY: "Cancelled by agency",
    VisitationOutcome.CANCELLED_BY_PROVIDER: "Cancelled by provider",
}


def tally(entries: Sequence[VisitationEntry]) -> list[tuple[str, object]]:
    """Planned vs occurred, cancellations by party, no-shows (domain.md "Visitation plan adherence")."""
    outcomes = Counter(e.outcome for e in entries)
    together = sum((actual_duration(e) or timedelta(0) for e in entries), timedelta(0))
    return [
        (_("Visits planned"), str(len(entries))),
        (_("Occurred"), str(outcomes[VisitationOutcome.OCCURRED])),
        (_("Ended early"), str(outcomes[VisitationOutcome.ENDED_EARLY])),
        (_("Time together"), fmt.duration(together)),
        *((_(party), str(outcomes[o])) for o, party in _CANCELLED_BY.items()),
        (_("Rescheduled"), str(outcomes[VisitationOutcome.RESCHEDULED])),
        (_("Parent no-shows"), str(outcomes[VisitationOutcome.PARENT_NO_SHOW])),
        (
            _("Child unable / refused"),
            f"{outcomes[VisitationOutcome.CHILD_UNABLE]} / {outcomes[VisitationOutcome.CHILD_REFUSED]}",
        ),
        (_("Outcome not recorded"), str(outcomes[None])),
    ]


def visits_table(entries: Sequence[VisitationEntry], r: Redaction, width: float) -> Flowable:
    rows = []
    for e in entries:
        present = [r.person(a.person_id) for a in e.attendance if a.arrived_at is not None]
        outcome = fmt.label(e.outcome)
        if e.outcome is not None and e.outcome.is_cancellation and e.cancelled_by:
            outcome += f" ({r.who(e.cancelled_by)})"
        rows.append(
            [
                fmt.day(e.scheduled_start),
                f"{fmt.clock(e.scheduled_start)} – {fmt.clock(e.scheduled_end)}",
                fmt.duration(actual_duration(e)),
                fmt.text(r.text(e.actual_location)),
                ", ".join(present) or _("Nobody"),
                outcome,
                _(e.status.value.capitalize()),
            ]
        )
    w = [0.11, 0.15, 0.1, 0.17, 0.22, 0.15, 0.1]
    return table(
        [
            _("Date"),
            _("Scheduled"),
            _("Together"),
            _("Location"),
            _("People present"),
            _("Outcome"),
            _("Status"),
        ],
        rows,
        [x * width for x in w],
    )


@in_document_language
def render_visitation_rollup(doc: VisitationRollup, ctx: PrintContext) -> RenderedDocument:
    entries = sorted(
        (
            e
            for e in doc.entries
            if e.plan_id == doc.plan.id
            and in_month(e, doc.year, doc.month)
            and e.status is not Status.VOIDED
        ),
        key=_scheduled,
    )
    children = dict.fromkeys(c for e in entries for c in e.child_ids)
    r = Redaction(ctx, subject_child_ids=children)
    width = frame_width(ctx)
    month = date(doc.year, doc.month, 1)
    story: list[Flowable] = title(
        _(ROLLUP_TITLE),
        f"{fmt.month_name(month)} {doc.year} · {', '.join(r.person(p) for p in doc.plan.participants)}",
    )
    story += plan_section(doc.plan, r, width)
    story += [*section(_("This month")), fields(tally(entries), width)]
    story += [*section(_("Visits")), visits_table(entries, r, width)]
    story += section(_("Strengths, concerns and recommendations"))
    if not entries:
        story.append(para(_("No visits were planned under this plan this month."), "note"))
    for e in entries:
        happened = e.outcome in (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY)
        if not happened:
            why = fmt.label(e.reason) + (f": {r.text(e.reason_detail)}" if e.reason_detail else "")
            story += narrative(
                f"{fmt.day(e.scheduled_start)} — {fmt.label(e.outcome)}",
                _("Reason: {why}").format(why=why),
            )
            continue
        text = "\n\n".join(
            f"{label}: {r.text(value)}"
            for label, value in (
                (_("Strengths"), e.strengths),
                (_("Concerns"), e.concerns),
                (_("Recommendation"), fmt.label(e.recommendation)),
            )
            if value
        )
        story += narrative(f"{fmt.day(e.scheduled_start)} — {fmt.label(e.outcome)}", text)
    latest = next(
        (e.recommendation for e in reversed(entries) if e.recommendation is not None), None
    )
    story += [
        *section(_("Recommendation for next month")),
        para(fmt.label(latest) if latest else _("No recommendation recorded this month.")),
    ]
    return build(
        story, ctx, doc_title=_(ROLLUP_TITLE), watermark=watermark_for([e.status for e in entries])
    )
