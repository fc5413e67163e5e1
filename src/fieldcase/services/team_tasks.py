"""The team's overdue tasks, for the supervisor's dashboard (domain.md "Tasks and the week ahead":
supervisors see their team's overdue items): every open task of the team's open cases whose due
day has passed — the follow-ups of visits and contacts (every kind that writes them, domain/kinds.py)
within the rule pack's look-back and the tasks workers added
— with the caseworker whose case it is, oldest first; and the referrals a provider has not
answered in the rule pack's days (a task: call the provider). Read from the records synced to the
supervisor's laptop, so a task marked done on a caseworker's laptop leaves the list at the next sync."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from fieldcase.domain.cases import CaseStatus
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack

if TYPE_CHECKING:
    from fieldcase.store.store import Store


@dataclass(frozen=True)
class TeamTask:
    worker_id: str
    worker_label: str
    case_id: str
    case_number: str
    action: str
    due: date
    days_overdue: int
    #: what opens it: the visit it was written in, or the task record
    record_id: str
    record_kind: str


def team_overdue_tasks(
    store: Store,
    *,
    today: date,
    labels: Mapping[str, str],
    rules: RulePack = DEFAULT_RULES,
    open_cases: Iterable[Any] | None = None,
) -> tuple[TeamTask, ...]:
    """`open_cases`: the team's open cases when the caller has read them already (the dashboard's
    windowed read holds them as `CaseFacts`: id, case number and primary worker are all this reads
    of a case); else they are read here, whole."""
    from fieldcase.domain.kinds import kinds_with_follow_ups
    from fieldcase.domain.tasks import overdue_tasks

    if open_cases is None:
        open_cases = (c for c in store.repository("case").list() if c.status is CaseStatus.OPEN)
    cases = {c.id: c for c in open_cases}
    since = today - timedelta(days=rules.follow_up_lookback_days)
    sources = {kind: _recent(store, kind, since, cases) for kind in kinds_with_follow_ups()}
    tasks = [
        t
        for t in store.repository("task").list(since=since.isoformat(), undated=True)
        if t.case_id in cases
    ]
    found = []
    for task in overdue_tasks(sources, tasks, today=today, since=since):
        task_due = task.due
        assert task_due is not None  # an overdue task has a due day
        case = cases[task.case_id]
        worker = case.primary_worker_id or ""
        found.append(
            TeamTask(
                worker,
                labels.get(worker, ""),
                case.id,
                case.case_number,
                task.action,
                task_due,
                (today - task_due).days,
                task.record_id,
                task.record_kind,
            )
        )
    # a provider's answer to a referral overdue (domain/referrals.py): `action` is the provider,
    # the window words the task ("Ask the provider about the referral: …")
    from fieldcase.domain.referrals import referral_follow_ups

    referrals = [r for r in store.repository("referral").list() if r.case_id in cases]
    for due in referral_follow_ups(referrals, today, rules=rules):
        if due.due_on < today:
            case = cases[due.case_id]
            worker = case.primary_worker_id or ""
            found.append(
                TeamTask(
                    worker,
                    labels.get(worker, ""),
                    case.id,
                    case.case_number,
                    due.provider_name or "",
                    due.due_on,
                    (today - due.due_on).days,
                    due.referral_id,
                    "referral",
                )
            )
    return tuple(sorted(found, key=lambda t: (t.due, t.case_number, t.action)))


def _recent(store: Store, kind: str, since: date, cases: Mapping[str, object]) -> list:
    """The records of `kind` on the open cases from `since` that have follow-up rows: only those can
    hold an open task. SQLite finds them by kind and day and looks into the bodies itself, so the
    visits that wrote none (most) are never decoded here."""
    from fieldcase.domain.kinds import of
    from fieldcase.domain.serialization import from_dict

    rows = of(kind).follow_ups.field  # type: ignore[union-attr]  # every kind asked writes them
    stored = store.repository(kind).stored_with_rows_in(rows, since=since.isoformat())
    return [from_dict(kind, r.body) for r in stored if r.case_id in cases]
