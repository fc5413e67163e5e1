"""Family time on paper: the report of one visitation entry, and the monthly roll-up of a plan."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.platypus import Flowable

from fieldcase.domain.transport_trips import TransportTrip
from fieldcase.domain.visitation_entries import VisitationEntry, VisitationOutcome
from fieldcase.domain.visitation_plans import VisitationPlan
from fieldcase.domain.workflow import Status

from . import formatting as fmt
from . import review
from .context import PrintContext, RenderedDocument
from .layout import build, fields, frame_width, narrative, para, section, table, title, watermark_for
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


def render_visitation_report(doc: VisitationReport, ctx: PrintContext) -> RenderedDocument:
    entry = doc.entry
    r = Redaction(ctx, subject_child_ids=entry.child_ids)
    width = frame_width(ctx)
    subtitle = f"{fmt.day(entry.scheduled_start)} · {fmt.label(entry.outcome)} · {review.status_text(entry, r)}"
    story: list[Flowable] = title(REPORT_TITLE, subtitle)
    if doc.plan is not None:
        story += plan_section(doc.plan, r, width)
    story += entry_story(entry, r, width, trips=doc.trips)
    return build(story, ctx, doc_title=REPORT_TITLE, watermark=watermark_for([entry.status]))


def plan_section(plan: VisitationPlan, r: Redaction, width: float) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        ("Participants", ", ".join(r.person(p) for p in plan.participants) or fmt.NOT_RECORDED),
        ("No contact (court order)", ", ".join(r.person(p) for p in plan.excluded_persons) or "None"),
        ("Frequency", fmt.label(plan.frequency)),
        ("Duration", f"{plan.duration_minutes} min" if plan.duration_minutes else fmt.NOT_RECORDED),
        ("Supervision (plan)", fmt.label(plan.supervision_level)),
        ("Supervisor", r.who(plan.supervisor)),
        ("Transport", r.who(plan.transporter)),
        ("Location preference", fmt.text(r.text(plan.location_preference))),
        ("Effective", f"{fmt.day(plan.effective_from)} – {fmt.day(plan.effective_until) if plan.effective_until else 'until changed'}"),
        ("Court order", fmt.text(plan.court_order_reference)),
    ]
    return [*section("Visitation plan"), fields(rows, width)]


def trip_line(trip: TransportTrip, r: Redaction) -> str:
    distance = trip.odometer_distance
    return f"{fmt.day(trip.trip_date)}, driven by {r.worker(trip.driver_id)}" + (f", {fmt.miles(distance)} mi" if distance is not None else "")


def entry_story(entry: VisitationEntry, r: Redaction, width: float, *, heading: str = "Visit", trips: tuple[TransportTrip, ...] = ()) -> list[Flowable]:
    rows: list[tuple[str, object]] = [
        ("Scheduled", fmt.span(entry.scheduled_start, entry.scheduled_end)),
        ("Time together", fmt.duration(actual_duration(entry))),
        ("Location", fmt.text(r.text(entry.actual_location))),
        ("Children", ", ".join(r.person(c) for c in entry.child_ids) or fmt.NOT_RECORDED),
        ("Supervision (actual)", fmt.label(entry.supervision_level)),
        ("Supervised by", r.who(entry.supervised_by)),
        ("Outcome", fmt.label(entry.outcome)),
        ("Recommendation", fmt.label(entry.recommendation)),
    ]
    if entry.outcome not in (None, VisitationOutcome.OCCURRED):
        rows += [("Reason", fmt.label(entry.reason)), ("Reason detail", fmt.text(r.text(entry.reason_detail)))]
    if entry.cancelled_by or entry.cancelled_at:
        notice = entry.notice_hours
        rows += [
            ("Cancelled by", r.who(entry.cancelled_by)),
            ("Cancelled at", fmt.moment(entry.cancelled_at)),
            ("Notice given", f"{notice:.1f} hours" if notice is not None else fmt.NOT_RECORDED),
        ]
    shown = [t for t in trips if t.status is not Status.VOIDED]
    if shown:
        rows.append(("Transport trips", "\n".join(trip_line(t, r) for t in sorted(shown, key=lambda t: (t.trip_date or date.min, t.id)))))
    elif entry.trip_ids:
        rows.append(("Linked transport trips", str(len(entry.trip_ids))))
    happened = entry.outcome in (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY, None)
    out: list[Flowable] = [*section(heading), fields(rows, width)]
    out += section("Attendance", 2)
    att = [
        [r.person(a.person_id), fmt.text(r.role_of(a.person_id)), "Yes" if a.expected else "No", fmt.clock(a.arrived_at), fmt.clock(a.departed_at)]
        for a in entry.attendance
    ]
    out.append(table(["Person", "Role", "Expected", "Arrived", "Departed"], att, [0.34 * width, 0.2 * width, 0.14 * width, 0.16 * width, 0.16 * width]))
    for label, value in (
        ("Greeting and departure", entry.greeting_and_departure),
        ("Activities", entry.activities),
        ("Parent meets the child's needs", entry.meets_childs_needs),
        ("Interventions and the parent's response", entry.interventions_and_response),
        ("Safety concerns", entry.safety_concerns),
        ("Quotes", entry.quotes),
        ("Strengths", entry.strengths),
        ("Concerns", entry.concerns),
        ("Tasks for the parent before the next visit", entry.tasks_for_parent),
        ("Caregiver hand-off report", entry.caregiver_handoff_report),
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


def in_month(entry: VisitationEntry, year: int, month: int) -> bool:
    return entry.scheduled_start is not None and (entry.scheduled_start.year, entry.scheduled_start.month) == (year, month)


_CANCELLED_BY = {
    VisitationOutcome.CANCELLED_BY_FAMILY: "family",
    VisitationOutcome.CANCELLED_BY_AGENCY: "agency",
    VisitationOutcome.CANCELLED_BY_PROVIDER: "provider",
}


def tally(entries: Sequence[VisitationEntry]) -> list[tuple[str, object]]:
    """Planned vs occurred, cancellations by party, no-shows (domain.md "Visitation plan adherence")."""
    outcomes = Counter(e.outcome for e in entries)
    together = sum((actual_duration(e) or timedelta(0) for e in entries), timedelta(0))
    return [
        ("Visits planned", str(len(entries))),
        ("Occurred", str(outcomes[VisitationOutcome.OCCURRED])),
        ("Ended early", str(outcomes[VisitationOutcome.ENDED_EARLY])),
        ("Time together", fmt.duration(together)),
        *((f"Cancelled by {party}", str(outcomes[o])) for o, party in _CANCELLED_BY.items()),
        ("Rescheduled", str(outcomes[VisitationOutcome.RESCHEDULED])),
        ("Parent no-shows", str(outcomes[VisitationOutcome.PARENT_NO_SHOW])),
        ("Child unable / refused", f"{outcomes[VisitationOutcome.CHILD_UNABLE]} / {outcomes[VisitationOutcome.CHILD_REFUSED]}"),
        ("Outcome not recorded", str(outcomes[None])),
    ]


def visits_table(entries: Sequence[VisitationEntry], r: Redaction, width: float) -> Flowable:
    rows = []
    for e in entries:
        present = [r.person(a.person_id) for a in e.attendance if a.arrived_at is not None]
        outcome = fmt.label(e.outcome)
        if e.outcome is not None and e.outcome.is_cancellation and e.cancelled_by:
            outcome += f" ({r.who(e.cancelled_by)})"
        rows.append([
            fmt.day(e.scheduled_start),
            f"{fmt.clock(e.scheduled_start)} – {fmt.clock(e.scheduled_end)}",
            fmt.duration(actual_duration(e)),
            fmt.text(r.text(e.actual_location)),
            ", ".join(present) or "Nobody",
            outcome,
            e.status.value.capitalize(),
        ])
    w = [0.11, 0.15, 0.1, 0.17, 0.22, 0.15, 0.1]
    return table(["Date", "Scheduled", "Together", "Location", "People present", "Outcome", "Status"], rows, [x * width for x in w])


def render_visitation_rollup(doc: VisitationRollup, ctx: PrintContext) -> RenderedDocument:
    entries = sorted(
        (e for e in doc.entries if e.plan_id == doc.plan.id and in_month(e, doc.year, doc.month) and e.status is not Status.VOIDED),
        key=lambda e: e.scheduled_start,
    )
    children = dict.fromkeys(c for e in entries for c in e.child_ids)
    r = Redaction(ctx, subject_child_ids=children)
    width = frame_width(ctx)
    month = date(doc.year, doc.month, 1)
    story: list[Flowable] = title(ROLLUP_TITLE, f"{month:%B} {doc.year} · {', '.join(r.person(p) for p in doc.plan.participants)}")
    story += plan_section(doc.plan, r, width)
    story += [*section("This month"), fields(tally(entries), width)]
    story += [*section("Visits"), visits_table(entries, r, width)]
    story += section("Strengths, concerns and recommendations")
    if not entries:
        story.append(para("No visits were planned under this plan this month.", "note"))
    for e in entries:
        happened = e.outcome in (VisitationOutcome.OCCURRED, VisitationOutcome.ENDED_EARLY)
        if not happened:
            why = fmt.label(e.reason) + (f": {r.text(e.reason_detail)}" if e.reason_detail else "")
            story += narrative(f"{fmt.day(e.scheduled_start)} — {fmt.label(e.outcome)}", f"Reason: {why}")
            continue
        text = "\n\n".join(
            f"{label}: {r.text(value)}" for label, value in (("Strengths", e.strengths), ("Concerns", e.concerns), ("Recommendation", fmt.label(e.recommendation))) if value
        )
        story += narrative(f"{fmt.day(e.scheduled_start)} — {fmt.label(e.outcome)}", text)
    latest = next((e.recommendation for e in reversed(entries) if e.recommendation is not None), None)
    story += [*section("Recommendation for next month"), para(fmt.label(latest) if latest else "No recommendation recorded this month.")]
    return build(story, ctx, doc_title=ROLLUP_TITLE, watermark=watermark_for([e.status for e in entries]))
