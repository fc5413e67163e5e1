"""The caseworker's caseload: every child on this laptop's open cases, with this month's visit
status, the next court date and the case-plan due date; and the instant filter over it.

The status comes from the domain's compliance engine (`fieldcase.domain.compliance`: per child per
month seen / in residence / privately / at risk). The server syncs exactly the caseload (primary and
covering cases) to the laptop, so the caseload is every open case in the store. Rows are built once
per refresh and filtered in memory, so typing in the filter box never touches the store; notes are
searched through the store's full-text index.

The rows are what the caseworker waits for at unlock, so `load_caseload` reads narrowly: the month's
status needs only this month's visits; the last day each child was seen before this month is
asked of the store, which looks at about one visit per child (store/last_seen.py); and the engine is asked one
question per child (`monthly_visit_status`) instead of every rule for the caseload. The engine's
summary in words (`load_summary`: the residence majority over the fiscal year, deadlines, late notes)
comes separately, after the rows are on screen.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from fieldcase.domain.cases import Case, CaseStatus
from fieldcase.domain.people import Person, PersonRole, age_in_years
from fieldcase.services.visit_status import ChildMonth, MonthStatus

if TYPE_CHECKING:
    # the compliance engine and the record types are imported by the functions that use them: the
    # window (the caseload model filters with `filter_rows`) imports this module before the unlock
    # screen shows, and the app warms them up on the store worker while the passphrase is typed
    from fieldcase.domain.compliance import MonthlyVisitStatus
    from fieldcase.domain.compliance.caseload import CaseloadCounts
    from fieldcase.domain.home_visits import HomeVisit
    from fieldcase.domain.placements import Placement
    from fieldcase.store.store import Store


_URGENCY = {
    MonthStatus.AT_RISK: 0,
    MonthStatus.NOT_YET: 1,
    MonthStatus.SEEN: 2,
    MonthStatus.SEEN_PRIVATELY: 3,
    MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY: 4,
    MonthStatus.LEFT_CARE: 5,
}


@dataclass(frozen=True)
class CaseloadRow:
    child_id: str
    case_id: str
    child_name: str
    case_number: str
    age: int | None
    placement: str  # provider name only; the address is restricted
    month: ChildMonth
    next_court: datetime | None
    case_plan_due: date | None
    #: lower-case words the instant filter matches against
    haystack: str

    @property
    def status(self) -> MonthStatus:
        return self.month.status


@dataclass(frozen=True)
class Caseload:
    rows: tuple[CaseloadRow, ...]
    as_of: date

    @property
    def at_risk_count(self) -> int:
        return sum(1 for r in self.rows if r.status is MonthStatus.AT_RISK)


@dataclass(frozen=True)
class CaseloadSummary:
    """The compliance engine's one-line summary and its sentences, e.g. "3 children not yet seen this month"."""

    headline: str
    lines: tuple[str, ...]
    as_of: date
    #: what the sentences count (the window words them in the caseworker's language)
    counts: CaseloadCounts | None = None


def _child_month(status: MonthlyVisitStatus | None, last_seen: date | None) -> ChildMonth:
    from fieldcase.domain.compliance.monthly_visits import MonthState

    if status is None:  # not in care this fiscal year (e.g. an in-home case): nothing is due
        return ChildMonth(last_seen=last_seen)
    return ChildMonth(
        seen=status.seen,
        in_residence=status.seen_in_residence,
        privately=status.seen_privately,
        at_risk=status.state in (MonthState.AT_RISK, MonthState.MISSED),
        last_seen=last_seen,
    )


def load_caseload(store: Store, *, today: date) -> Caseload:
    """The rows, each child's status as the compliance engine gives it for this month."""
    from fieldcase.domain.compliance.monthly_visits import monthly_visit_status
    from fieldcase.domain.compliance.periods import Month
    from fieldcase.domain.rule_pack import DEFAULT_RULES
    from fieldcase.domain.serialization import from_dict

    rules = DEFAULT_RULES
    cases = {c.id: c for c in store.repository("case").list() if c.status is CaseStatus.OPEN}
    # only the children become domain objects (parents and resource parents are half the people)
    children = [
        r.to_domain()
        for r in store.list(kind="person")
        if r.case_id in cases and r.body.get("role") == PersonRole.CHILD.value
    ]
    placements_of: dict[str, list[Placement]] = defaultdict(list)
    for placement in store.repository("placement").list():
        if placement.case_id in cases:
            placements_of[placement.child_id].append(placement)
    month = Month.of(today)
    last_seen: dict[str, date] = {}
    this_month: dict[str, list] = defaultdict(
        list
    )  # child id -> this month's visits naming them, on open cases
    for stored in store.repository("home_visit").stored_about_children(
        since=month.first_day.isoformat(), until=today.isoformat()
    ):
        if stored.body.get("contact_start"):
            visit = from_dict("home_visit", stored.body)
            _note_seen(visit, last_seen)
            if stored.case_id in cases:
                for child_id in {row.child_id for row in visit.children}:
                    this_month[child_id].append(visit)
    # not seen this month: the last day before it, however long ago (most at risk of all; a blank
    # would hide it), found by the store newest first per child without reading older visits whole
    earlier = [child.id for child in children if child.id not in last_seen]
    last_seen.update(
        store.last_seen(earlier, until=(month.first_day - timedelta(days=1)).isoformat())
    )
    plan_days: dict[str, list[date]] = defaultdict(list)  # approved case plans' days, by case
    for stored in store.list(kind="case_plan", status="approved"):
        if stored.body.get("plan_date") and stored.case_id:  # a case plan always has its case
            plan_days[stored.case_id].append(date.fromisoformat(stored.body["plan_date"]))
    rows = []
    for child in children:
        case, placements = cases[child.case_id], placements_of[child.id]
        # not in care this month (or at all): nothing due, the same row as for a child the engine leaves out
        status = monthly_visit_status(
            child.id,
            home_visits=this_month.get(child.id, ()),
            placements=placements,
            case=case,
            as_of=today,
            rules=rules,
            exit_date=child.exit_date,
        )
        current = None
        for placement in placements:
            if placement.current_on(today):
                current = placement
        child_month = _child_month(status, last_seen.get(child.id))
        if child.exit_date is not None and child.exit_date < today and not status.in_care:
            child_month = dataclasses.replace(
                child_month, left_care=True
            )  # the exit stopped the monthly-visit rule
        rows.append(_row(child, case, current, child_month, today, plan_days.get(case.id, ())))
    # the children who still need a visit this month come first, then by name
    rows.sort(key=lambda r: (_URGENCY[r.status], r.child_name.casefold(), r.child_id))
    return Caseload(tuple(rows), today)


def load_summary(store: Store, *, today: date) -> CaseloadSummary:
    """The compliance engine's summary of the caseload: every rule for every child, from the narrow
    read the team dashboard uses — this fiscal year's contacts and the older ones a rule still reads
    (a late note, a placement's first visit in the residence; store/compliance_facts.py). Reading
    the fiscal year's visits alone showed an initial-placement visit made before the year as overdue
    and left out visitation plans, family-time entries and trips."""
    from fieldcase.services.compliance import caseload_summary

    found = caseload_summary(store, today=today)
    return CaseloadSummary(found.headline, found.lines, today, found.counts)


def _note_seen(visit: HomeVisit, last_seen: dict[str, date]) -> None:
    """The visit's day noted as the last day seen for each child it saw — by the same rule "This
    month" counts (domain/seen.py): a visit not completed face to face, or voided, saw no one."""
    from fieldcase.domain.seen import children_seen

    if visit.contact_start is None:
        return
    day = visit.contact_start.date()  # the local day, as the visit's `occurred_on`
    for child_id in children_seen(visit):
        last_seen[child_id] = max(day, last_seen.get(child_id, day))


def _row(
    child: Person,
    case: Case,
    placement: Placement | None,
    month: ChildMonth,
    today: date,
    plan_days: Sequence[date] = (),
) -> CaseloadRow:
    from fieldcase.domain.compliance.deadlines import case_plan_deadline

    # the plan or review due next: an approved case plan on `plan_days` met the one before it
    plan_due = case_plan_deadline(case, as_of=today, approved_plans=plan_days)
    age = age_in_years(child.date_of_birth, today) if child.date_of_birth else None
    provider = placement.provider_name if placement else ""
    haystack = " ".join(
        [child.display_name, case.case_number, case.county, case.office, provider]
    ).casefold()
    return CaseloadRow(
        child_id=child.id,
        case_id=case.id,
        child_name=child.display_name,
        case_number=case.case_number,
        age=age,
        placement=provider,
        month=month,
        next_court=case.next_court_hearing,
        case_plan_due=plan_due.due if plan_due else case.case_plan_due,
        haystack=haystack,
    )


def filter_rows(
    rows: Sequence[CaseloadRow], text: str, *, also_cases: Iterable[str] = ()
) -> list[CaseloadRow]:
    """Rows whose words contain every word typed (any order), plus rows of `also_cases` (notes hits)."""
    words = text.casefold().split()
    extra = set(also_cases)
    if not words:
        return list(rows)
    return [r for r in rows if all(w in r.haystack for w in words) or r.case_id in extra]


def search_notes(store: Store, *, text: str, limit: int = 200) -> frozenset[str]:
    """Case ids whose field records (visits, family visits, trips, collateral contacts, referrals)
    mention `text` (full-text, typed words are literals)."""
    from fieldcase.domain.kinds import Family, kinds_of

    hits = store.search(text, kinds=kinds_of(Family.FIELD_RECORD), limit=limit)
    return frozenset(h.case_id for h in hits if h.case_id)
