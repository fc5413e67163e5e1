"""Documentation timeliness: the note of a contact is recorded within the rule pack's hours of the
contact ending (48 hours in Missouri). A contact is a home visit or a collateral contact (the school,
the therapist …): both carry `contact_end` and `recorded_at`, and the rule reads only those."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ..collateral_contacts import CollateralContact
from ..home_visits import HomeVisit
from ..rule_pack import DEFAULT_RULES, RulePack
from ..workflow import Status
from .facts import CollateralContactFacts

#: the records whose note the rule times (a collateral contact's facts, as the store reads them, too)
Contact = HomeVisit | CollateralContact | CollateralContactFacts


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentationTimeliness:
    record_id: str
    case_id: str
    contact_end: datetime
    due_at: datetime
    recorded_at: datetime | None
    #: Hours from the end of the contact to the note; None while not recorded.
    hours_taken: float | None
    on_time: bool
    #: Not recorded and the deadline has passed by `as_of`.
    overdue: bool

    @property
    def late(self) -> bool:
        return self.overdue or (self.recorded_at is not None and not self.on_time)


def _same_clock(a: datetime, b: datetime) -> tuple[datetime, datetime]:
    # Aware and naive values cannot be compared; a naive one is taken to be on the other's clock.
    if (a.tzinfo is None) != (b.tzinfo is None):
        if a.tzinfo is None:
            a = a.replace(tzinfo=b.tzinfo)
        else:
            b = b.replace(tzinfo=a.tzinfo)
    return a, b


def documentation_timeliness(
    visit: Contact, *, as_of: date, rules: RulePack = DEFAULT_RULES
) -> DocumentationTimeliness | None:
    """None for a visit without an end time (nothing to count from) or a voided one."""
    if visit.contact_end is None or visit.status is Status.VOIDED:
        return None
    due_at = visit.contact_end + timedelta(hours=rules.documentation_due_hours)
    hours = None
    on_time = False
    if visit.recorded_at is not None:
        end, recorded = _same_clock(visit.contact_end, visit.recorded_at)
        hours = (recorded - end).total_seconds() / 3600
        on_time = hours <= rules.documentation_due_hours
    return DocumentationTimeliness(
        record_id=visit.id,
        case_id=visit.case_id,
        contact_end=visit.contact_end,
        due_at=due_at,
        recorded_at=visit.recorded_at,
        hours_taken=hours,
        on_time=on_time,
        # `as_of` is a day: a note becomes overdue the day after its deadline day.
        overdue=visit.recorded_at is None and as_of > due_at.date(),
    )


def late_documentation(
    visits: Iterable[Contact], *, as_of: date, rules: RulePack = DEFAULT_RULES
) -> tuple[DocumentationTimeliness, ...]:
    """Every contact (visit or collateral contact) recorded late or overdue, oldest contact first."""
    found = (
        documentation_timeliness(v, as_of=as_of, rules=rules)
        for v in visits
        if not _on_time(v, rules)
    )
    return tuple(
        sorted(
            (t for t in found if t is not None and t.late),
            key=lambda t: (_instant(t.contact_end), t.record_id),
        )
    )


def _on_time(visit: Contact, rules: RulePack) -> bool:
    """Recorded within the hours allowed (most notes are): not late, whatever the day. The common case
    answered without building its `DocumentationTimeliness`."""
    if visit.contact_end is None or visit.recorded_at is None:
        return False
    end, recorded = _same_clock(visit.contact_end, visit.recorded_at)
    return (recorded - end).total_seconds() / 3600 <= rules.documentation_due_hours


def _instant(moment: datetime) -> float:
    # Only for ordering: a naive time is read as UTC so that mixed records still sort.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
