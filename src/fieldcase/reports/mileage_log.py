"""Transport / mileage log for a claim period: the IRS elements per trip (Pub. 463: date, miles,
destination, business purpose), odometer continuity, totals, reimbursement and signature lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether

from fieldcase.domain import kinds, metadata
from fieldcase.domain.serialization import kind_of
from fieldcase.domain.transport_trip_rules import odometer_gap
from fieldcase.domain.transport_trips import TransportTrip, TripPurpose
from fieldcase.domain.workflow import Status

from . import formatting as fmt
from .context import PrintContext, RenderedDocument
from .language import _, in_document_language
from .layout import (
    build,
    fields,
    frame_width,
    heading,
    para,
    section,
    signature_lines,
    table,
    title,
    watermark_for,
)
from .redaction import WITHHELD, Redaction


@dataclass(frozen=True, slots=True, kw_only=True)
class MileageLog:
    """One driver's trips between two dates (inclusive). Voided trips and other drivers' trips are
    left out. `previous_odometer_end` is the driver's last reading before the period, so the first
    trip's continuity is checked too."""

    driver_id: str
    period_start: date
    period_end: date
    trips: tuple[TransportTrip, ...]
    previous_odometer_end: Decimal | None = None
    #: The records the trips served (TransportTrip.linked_record_id), as far as they are known:
    #: a trip for a family visit prints "For: Family visit of May 12, 2026".
    linked: tuple[object, ...] = ()
    #: Gaps above this are flagged for review, never refused (personal driving in between is normal).
    gap_flag_miles: Decimal = Decimal("25")


DOC_TITLE = "Mileage log"
CERTIFICATION = (
    "I certify that the trips above were driven on agency business on the dates shown, that the miles claimed "
    "exclude my normal commute, and that no other reimbursement was claimed for them."
)


def continuity(previous_end: Decimal | None, trip: TransportTrip, threshold: Decimal) -> str | None:
    """A note when this trip's start does not follow the last trip's end."""
    gap = odometer_gap(previous_end, trip)
    if gap is None or gap == 0:
        return None
    if gap < 0:
        return "⚑ " + _("starts {miles} mi below the previous end — check readings").format(
            miles=fmt.miles(-gap)
        )
    if gap > threshold:
        return "⚑ " + _("{miles} mi since the previous trip — review").format(miles=fmt.miles(gap))
    return _("{miles} mi since the previous trip").format(miles=fmt.miles(gap))


#: how a linked record is named on paper


def linked_text(record_id: str | None, known: dict[str, object]) -> str | None:
    """ "For: Family visit of May 12, 2026": what the trip served (never a name or a narrative)."""
    if not record_id:
        return None
    record = known.get(record_id)
    if record is None:
        return _("For: a linked record not on this laptop")
    kind = kind_of(record)
    return _("For: {record} of {day}").format(
        record=_(kinds.title(kind)), day=fmt.day(metadata.occurred_on(record))
    )


@in_document_language
def render_mileage_log(doc: MileageLog, ctx: PrintContext) -> RenderedDocument:
    trips = sorted(
        (
            t
            for t in doc.trips
            if t.driver_id == doc.driver_id
            and t.status is not Status.VOIDED
            and t.trip_date is not None
            and doc.period_start <= t.trip_date <= doc.period_end
        ),
        key=lambda t: (
            t.trip_date,
            t.odometer_start if t.odometer_start is not None else Decimal(0),
        ),
    )
    r = Redaction(
        ctx,
        restricted_values=[
            leg_place
            for t in trips
            for leg in t.legs
            for leg_place in (leg.origin, leg.destination)
        ],
    )
    width = frame_width(ctx)

    known = {getattr(record, "id", ""): record for record in doc.linked}
    rows: list[list[object]] = []
    flags = 0
    previous = doc.previous_odometer_end
    total_distance = total_commute = total_claimed = total_amount = Decimal(0)
    missing_amount = 0
    for trip in trips:
        note = continuity(previous, trip, doc.gap_flag_miles)
        if note and note.startswith("⚑"):
            flags += 1
        previous = trip.odometer_end if trip.odometer_end is not None else previous
        if r.withholds(trip, "legs") and any(leg.destination for leg in trip.legs):
            destination = _(WITHHELD)
        else:
            destination = (
                "; ".join(leg.destination for leg in trip.legs if leg.destination)
                or fmt.NOT_RECORDED
            )
        purpose = fmt.label(trip.purpose)
        if trip.purpose_detail:
            purpose += f": {r.text(trip.purpose_detail)}"
        served = linked_text(trip.linked_record_id, known)
        if served:
            purpose += f"\n{served}"
        odometer = f"{fmt.miles(trip.odometer_start)} → {fmt.miles(trip.odometer_end)}" + (
            f"\n{note}" if note else ""
        )
        amount = trip.amount
        if amount is None:
            missing_amount += 1
        total_distance += trip.odometer_distance or 0
        total_commute += trip.commute_deduction_miles or 0
        total_claimed += trip.miles_claimed or 0
        total_amount += amount or 0
        rows.append(
            [
                fmt.day(trip.trip_date),
                purpose,
                destination,
                odometer,
                fmt.miles(trip.odometer_distance),
                fmt.miles(trip.commute_deduction_miles),
                fmt.miles(trip.miles_claimed),
                fmt.money(amount),
            ]
        )
    rows.append(
        [
            _("Total"),
            _("1 trip") if len(trips) == 1 else _("{count} trips").format(count=len(trips)),
            "",
            "",
            fmt.miles(total_distance),
            fmt.miles(total_commute),
            fmt.miles(total_claimed),
            fmt.money(total_amount),
        ]
    )

    rates = sorted({t.rate_per_mile for t in trips if t.rate_per_mile is not None})
    vehicles = sorted(
        {f"{fmt.label(t.vehicle_kind)} {t.plate or ''}".strip() for t in trips if t.vehicle_kind}
    )
    periods = sorted({t.claim_period for t in trips if t.claim_period})
    summary: list[tuple[str, object]] = [
        (_("Driver"), r.worker(doc.driver_id)),
        (_("Period"), f"{fmt.day(doc.period_start)} – {fmt.day(doc.period_end)}"),
        (_("Vehicle"), ", ".join(vehicles) or fmt.NOT_RECORDED),
        (_("Claim period"), ", ".join(periods) or fmt.NOT_RECORDED),
        (_("Rate per mile"), ", ".join(fmt.money(x) for x in rates) or fmt.NOT_RECORDED),
        (_("Reimbursement"), fmt.money(total_amount)),
        (_("Miles claimed"), fmt.miles(total_claimed)),
        (_("Odometer flags"), _("{count} to review").format(count=flags) if flags else _("None")),
    ]
    story: list[Flowable] = title(
        _(DOC_TITLE),
        f"{r.worker(doc.driver_id)} · {fmt.day(doc.period_start)} – {fmt.day(doc.period_end)}",
    )
    story += [*section(_("Summary")), fields(summary, width)]
    story += section(_("Trips"))
    w = [0.11, 0.16, 0.19, 0.17, 0.08, 0.1, 0.09, 0.1]
    story.append(
        table(
            [
                _("Date"),
                _("Business purpose"),
                _("Destination"),
                _("Odometer"),
                _("Miles"),
                _("Less commute"),
                _("Claimed"),
                _("Amount"),
            ],
            rows,
            [x * width for x in w],
            total_row=True,
        )
    )
    notes = [
        _(
            "Odometer continuity is checked against the previous trip's ending reading; gaps over {miles} mi are flagged ⚑ for review."
        ).format(miles=fmt.miles(doc.gap_flag_miles))
    ]
    if missing_amount:
        notes.append(
            _(
                "{count} trip(s) have no rate or miles claimed and add nothing to the reimbursement."
            ).format(count=missing_amount)
        )
    if any(t.purpose is TripPurpose.OTHER and not t.purpose_detail for t in trips):
        notes.append(_("Some trips give “Other” as the purpose without a description."))
    story += [para(n, "note") for n in notes]
    # The certification is never separated from the lines it asks to be signed on.
    story.append(
        KeepTogether(
            [
                heading(_("Certification")),
                para(_(CERTIFICATION)),
                signature_lines([_("Employee signature"), _("Supervisor approval")], width),
            ]
        )
    )
    return build(
        story, ctx, doc_title=_(DOC_TITLE), watermark=watermark_for([t.status for t in trips])
    )
