"""The caseworker's caseload: every child on this laptop's open cases, with this month's visit
status, the next court date and the case-plan due date; and the instant filter over it.

The status comes from the domain's compliance engine (`fieldcase.domain.compliance`: per child per
month seen / in residence / privately / at risk, and the caseload's summary lines). The server syncs exactly the caseload (primary and covering cases) to the laptop, so the caseload is
every open case in the store. Rows are built once per refresh and filtered in memory, so typing in
the filter box never touches the store; notes are searched through the store's full-text index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fieldcase.domain.cases import Case, CaseStatus
from fieldcase.domain.compliance import FiscalYear, MonthlyVisitStatus, caseload_compliance
from fieldcase.domain.compliance.monthly_visits import MonthState
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.domain.people import Person, PersonRole, age_in_years
from fieldcase.domain.placements import Placement
from fieldcase.services.visit_status import ChildMonth, MonthStatus
from fieldcase.store.store import Store


_URGENCY = {
    MonthStatus.AT_RISK: 0, MonthStatus.NOT_YET: 1, MonthStatus.SEEN: 2, MonthStatus.SEEN_PRIVATELY: 3,
    MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY: 4,
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
    #: the compliance engine's one-line summary and its sentences, e.g. "3 children not yet seen this month"
    headline: str = ""
    lines: tuple[str, ...] = ()

    @property
    def at_risk_count(self) -> int:
        return sum(1 for r in self.rows if r.status is MonthStatus.AT_RISK)


def _child_month(status: MonthlyVisitStatus | None, last_seen: date | None) -> ChildMonth:
    if status is None:  # not in care this fiscal year (e.g. an in-home case): nothing is due
        return ChildMonth(last_seen=last_seen)
    return ChildMonth(
        seen=status.seen, in_residence=status.seen_in_residence, privately=status.seen_privately,
        at_risk=status.state in (MonthState.AT_RISK, MonthState.MISSED), last_seen=last_seen,
    )


def load_caseload(store: Store, *, today: date) -> Caseload:
    cases = {c.id: c for c in store.repository("case").list() if c.status is CaseStatus.OPEN}
    people = [p for p in store.repository("person").list() if p.case_id in cases]
    children = [p for p in people if p.role is PersonRole.CHILD]
    all_placements = [p for p in store.repository("placement").list() if p.case_id in cases]
    placements: dict[str, Placement] = {}
    for placement in all_placements:
        if placement.current_on(today):
            placements[placement.child_id] = placement
    # the fiscal year's visits: the in-residence majority rule counts over the whole year
    year_start = FiscalYear.containing(today, DEFAULT_RULES).starts_on
    visits = store.repository("home_visit").list(since=year_start.isoformat(), until=today.isoformat())
    compliance = caseload_compliance(cases=cases.values(), as_of=today, placements=all_placements, people=people, home_visits=visits)
    by_child = {c.child_id: c.this_month for c in compliance.children}
    last_seen: dict[str, date] = {}
    for visit in visits:
        if visit.contact_start is None:
            continue
        for row in visit.children:
            if row.seen:
                day = visit.contact_start.date()
                last_seen[row.child_id] = max(day, last_seen.get(row.child_id, day))
    rows = [_row(child, cases[child.case_id], placements.get(child.id), _child_month(by_child.get(child.id), last_seen.get(child.id)), today)
            for child in children]
    # the children who still need a visit this month come first, then by name
    rows.sort(key=lambda r: (_URGENCY[r.status], r.child_name.casefold(), r.child_id))
    return Caseload(tuple(rows), today, compliance.headline, compliance.lines)


def _row(child: Person, case: Case, placement: Placement | None, month: ChildMonth, today: date) -> CaseloadRow:
    age = age_in_years(child.date_of_birth, today) if child.date_of_birth else None
    provider = placement.provider_name if placement else ""
    haystack = " ".join([child.display_name, case.case_number, case.county, case.office, provider]).casefold()
    return CaseloadRow(
        child_id=child.id, case_id=case.id, child_name=child.display_name, case_number=case.case_number, age=age,
        placement=provider, month=month, next_court=case.next_court_hearing, case_plan_due=case.case_plan_due,
        haystack=haystack,
    )


def filter_rows(rows: Sequence[CaseloadRow], text: str, *, also_cases: Iterable[str] = ()) -> list[CaseloadRow]:
    """Rows whose words contain every word typed (any order), plus rows of `also_cases` (notes hits)."""
    words = text.casefold().split()
    extra = set(also_cases)
    if not words:
        return list(rows)
    return [r for r in rows if all(w in r.haystack for w in words) or r.case_id in extra]


def search_notes(store: Store, *, text: str, limit: int = 200) -> frozenset[str]:
    """Case ids whose visits, entries or trips mention `text` (full-text, typed words are literals)."""
    hits = store.search(text, kinds=("home_visit", "visitation_entry", "transport_trip"), limit=limit)
    return frozenset(h.case_id for h in hits if h.case_id)
