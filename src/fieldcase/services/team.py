"""The supervisor's team as the laptop knows it: who carries which cases, and each caseworker's
review workload (entries waiting for approval and their age, entries returned to them).

The server syncs a supervisor the cases of the workers they supervise, each with its primary
worker's id; it does not sync people's names. `names` (user id → name) lets the app pass names it
knows; otherwise caseworkers are labelled "Caseworker 1", "Caseworker 2"… in a stable order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fieldcase.domain.cases import CaseStatus
from fieldcase.domain.compliance.periods import FiscalYear
from fieldcase.domain.compliance.visit_figures import Tally, visit_figures
from fieldcase.domain.rule_pack import RulePack
from fieldcase.domain.workflow import Status
from fieldcase.store.compliance_facts import ComplianceFacts, InReview
from fieldcase.store.store import Store

__all__ = [
    "TeamMember",
    "TeamVisitFigures",
    "Workload",
    "labels_for",
    "review_workload",
    "team_labels",
    "team_members",
    "team_visit_figures",
    "worker_labels",
]


@dataclass(frozen=True)
class TeamMember:
    worker_id: str
    label: str
    case_ids: tuple[str, ...]


@dataclass(frozen=True)
class Workload:
    """One caseworker's entries in review."""

    worker_id: str
    waiting: int = 0
    oldest_waiting_hours: int | None = None
    returned: int = 0
    #: record ids, for drill-down
    waiting_ids: tuple[str, ...] = ()
    returned_ids: tuple[str, ...] = ()


def team_members(store: Store, *, names: Mapping[str, str] | None = None) -> tuple[TeamMember, ...]:
    cases: dict[str, list[str]] = defaultdict(list)
    for case in store.repository("case").list():
        if case.status is CaseStatus.OPEN and case.primary_worker_id:
            cases[case.primary_worker_id].append(case.id)
    labels = worker_labels(cases, names=names)
    return tuple(
        TeamMember(w, labels[w], tuple(sorted(cases[w])))
        for w in sorted(cases, key=lambda w: (labels[w].casefold(), w))
    )


def worker_labels(
    worker_ids: Mapping[str, object] | list[str] | tuple[str, ...],
    *,
    names: Mapping[str, str] | None = None,
) -> dict[str, str]:
    known = dict(names or {})
    labels, n = {}, 0
    for worker in sorted(worker_ids):
        if known.get(worker):
            labels[worker] = known[worker]
        else:
            n += 1
            labels[worker] = f"Caseworker {n}"
    return labels


def team_labels(
    store: Store, *, names: Mapping[str, str] | None = None, others: tuple[str, ...] = ()
) -> dict[str, str]:
    """Labels for the team's caseworkers (primary workers of open cases), then for anyone else
    named in `others` (e.g. a covering worker who wrote an entry), numbered after them."""
    return labels_for(store.repository("case").list(), names=names, others=others)


def labels_for(
    cases: Iterable[Any], *, names: Mapping[str, str] | None = None, others: tuple[str, ...] = ()
) -> dict[str, str]:
    """`team_labels` from cases already loaded (records or their compliance facts)."""
    primaries = {
        c.primary_worker_id for c in cases if c.status is CaseStatus.OPEN and c.primary_worker_id
    }
    labels = worker_labels(sorted(primaries), names=names)
    known = dict(names or {})
    n = sum(1 for w in primaries if not known.get(w))
    for worker in sorted(set(others) - primaries):
        if known.get(worker):
            labels[worker] = known[worker]
        else:
            n += 1
            labels[worker] = f"Caseworker {n}"
    return labels


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def review_workload(in_review: Iterable[InReview], *, now: datetime) -> dict[str, Workload]:
    """Per author: entries waiting for approval (with the oldest's age) and entries returned.
    `in_review`: the entries submitted or returned, as `Store.compliance_facts()` reads them."""
    waiting: dict[str, list[tuple[int, str]]] = defaultdict(list)
    returned: dict[str, list[str]] = defaultdict(list)
    for entry in in_review:
        author = entry.author
        if not author:
            continue
        if entry.status == Status.RETURNED.value:
            returned[author].append(entry.id)
            continue
        since = _time(entry.submitted_at) or _time(entry.updated_at)
        hours = max(0, int((now - since).total_seconds() // 3600)) if since else 0
        waiting[author].append((hours, entry.id))
    found = {}
    for worker in set(waiting) | set(returned):
        ages = sorted(waiting.get(worker, []), reverse=True)
        found[worker] = Workload(
            worker_id=worker,
            waiting=len(ages),
            oldest_waiting_hours=ages[0][0] if ages else None,
            returned=len(returned.get(worker, [])),
            waiting_ids=tuple(i for _, i in ages),
            returned_ids=tuple(sorted(returned.get(worker, []))),
        )
    return found


@dataclass(frozen=True)
class TeamVisitFigures:
    """The federal caseworker-visit figures of the team's fiscal year so far (the months that have
    ended), counted as `fieldcase-server visit-figures` counts them (domain/compliance/visit_figures.py)."""

    fiscal_year: int
    counted_through: Any  # date: the last day counted
    month_reading: str
    team: Tally
    #: (caseworker label, their figures), in the caseworkers' order
    caseworkers: tuple[tuple[str, Tally], ...]


def team_visit_figures(
    data: ComplianceFacts, *, today: Any, labels: Mapping[str, str], rules: RulePack
) -> TeamVisitFigures:
    """From the synced records on the laptop: only approved visits count, as on the server."""
    year = FiscalYear.containing(today, rules)
    found = visit_figures(
        fiscal_year=year.year,
        children=data.people,
        cases=data.cases,
        placements=data.placements,
        home_visits=data.home_visits,
        rules=rules,
        through=today,
    )
    rows = sorted(
        ((labels.get(w, "") or "?", tally) for w, tally in found.caseworkers.items() if w),
        key=lambda row: row[0].casefold(),
    )
    return TeamVisitFigures(
        year.year, found.counted_through, found.month_reading, found.agency, tuple(rows)
    )
