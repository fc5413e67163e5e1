"""The week ahead (domain/agenda.py) from the laptop's store, offline: the open cases' records the
collectors read, the children the caseload shows at risk this month, and the names to show — a
pure list of lines for the window (ui/week_ahead.py), the start-up reminder and the bench.

It is asked for right after unlock's caseload and reuses it (its rows already say who is at risk
and name every child), so it reads only what the caseload did not: this week's family visits, the
follow-ups of the rule pack's look-back, tasks, plans, hearings. A kind a new collector reads is
loaded by the generic reader (every record of the kind on the open cases) with no change here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from fieldcase.domain.agenda import (
    AgendaItem,
    AgendaKind,
    AgendaSources,
    ChildAtRisk,
    kinds_read,
    week_ahead,
)
from fieldcase.domain.cases import CaseStatus
from fieldcase.domain.kinds import kinds_with_follow_ups
from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack

if TYPE_CHECKING:
    from fieldcase.services.caseload import Caseload
    from fieldcase.store.store import Store


@dataclass(frozen=True)
class WeekAheadLine:
    item: AgendaItem
    case_number: str
    #: the children it concerns, by name ("" when it is about the whole case)
    children: str
    #: who does it, when it is a person of the case (a user id is named by the window's directory)
    owner_name: str | None = None

    @property
    def overdue(self) -> bool:
        return self.item.overdue


@dataclass(frozen=True)
class WeekAhead:
    lines: tuple[WeekAheadLine, ...]
    as_of: date

    def count(self, kind: AgendaKind, *, overdue: bool | None = None) -> int:
        return sum(
            1
            for line in self.lines
            if line.item.kind is kind and (overdue is None or line.item.overdue is overdue)
        )

    def tasks_due_on(self, day: date) -> list[WeekAheadLine]:
        return [
            line
            for line in self.lines
            if line.item.kind is AgendaKind.TASK and line.item.due == day
        ]


def _open_records(
    store: Store, kind: str, cases: set[str], today: date, rules: RulePack
) -> list[Any]:
    from fieldcase.domain.serialization import from_dict

    horizon = today + timedelta(days=rules.week_ahead_days)
    lookback = today - timedelta(days=rules.follow_up_lookback_days)
    if (
        kind == "home_visit"
    ):  # follow-ups of the look-back, and the newest visit's next planned visit
        stored = store.repository(kind).stored_about_children(
            since=lookback.isoformat(), until="9999-12-31"
        )
    elif (
        kind in kinds_with_follow_ups()
    ):  # a contact's follow-ups: those of the look-back, as a visit's
        stored = store.list(kind=kind, since=lookback.isoformat())
    elif kind == "visitation_entry":  # this week's and this month's, up to the horizon
        since = min(today - timedelta(days=today.weekday()), today.replace(day=1))
        stored = store.repository(kind).stored_about_children(
            since=since.isoformat(), until=horizon.isoformat()
        )
    elif (
        kind == "task"
    ):  # due within the look-back (as the follow-ups), or on no day; five years of done tasks stay unread
        stored = store.list(kind=kind, since=lookback.isoformat(), undated=True)
    elif kind == "hearing":  # from today: a hearing held is no longer ahead
        stored = store.list(kind=kind, since=today.isoformat())
    elif kind == "case_plan":  # only an approved plan meets the plan's clock
        stored = store.list(kind=kind, status="approved")
    else:
        stored = store.list(kind=kind)
    read = {"home_visit": _visit_for_agenda, "task": _task_for_agenda}.get(kind) or (
        lambda body: from_dict(kind, body)
    )
    found = (read(r.body) for r in stored if (r.id if kind == "case" else r.case_id) in cases)
    return [record for record in found if record is not None]


def _task_for_agenda(body: dict[str, Any]) -> Any:
    """A task as the agenda reads it; None for a task the worker added and has done (nothing left
    to show). A done mark of a visit's follow-up is kept: it is what hides the row."""
    from fieldcase.domain.tasks import Task

    if body.get("done") and not body.get("source_record_id"):
        return None
    due, remind = body.get("due"), body.get("remind_at")
    return Task(
        id=body["id"],
        case_id=body["case_id"],
        action=body.get("action") or "",
        owner=body.get("owner"),
        due=date.fromisoformat(due) if due else None,
        remind_at=datetime.fromisoformat(remind) if remind else None,
        child_ids=tuple(body.get("child_ids") or ()),
        done=bool(body.get("done")),
        source_record_id=body.get("source_record_id"),
        source_kind=body.get("source_kind"),
        source_row=body.get("source_row"),
    )


class _Child(NamedTuple):
    child_id: str


class _FollowUp(NamedTuple):
    action: str
    owner: str | None
    due: date | None


class _Visit(NamedTuple):
    """What the agenda's collectors and `domain.tasks.open_tasks` read of a home visit (they read
    these attributes only): building half a year of `HomeVisit`s — frozen dataclasses of forty
    fields — was most of the time the view took to paint (bench/week_ahead.py). Never saved or shown."""

    id: str
    case_id: str
    status: Any
    contact_start: datetime | None
    children: tuple[_Child, ...]
    follow_up_tasks: tuple[_FollowUp, ...]
    next_visit_planned: date | None


def _visit_for_agenda(body: dict[str, Any]) -> _Visit:
    from fieldcase.domain.workflow import Status

    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if value else None

    start = body.get("contact_start")
    return _Visit(
        body["id"],
        body["case_id"],
        Status(body.get("status") or "draft"),
        datetime.fromisoformat(start) if start else None,
        tuple(_Child(row["child_id"]) for row in body.get("children") or ()),
        tuple(
            _FollowUp(row.get("action") or "", row.get("owner"), day(row.get("due")))
            for row in body.get("follow_up_tasks") or ()
        ),
        day(body.get("next_visit_planned")),
    )


def load_week_ahead(
    store: Store,
    *,
    today: date,
    caseload: Caseload | None = None,
    rules: RulePack = DEFAULT_RULES,
    collectors: list | None = None,
) -> WeekAhead:
    """The week ahead on the laptop's open cases. `caseload`: the one unlock just painted (read
    again when not given)."""
    from fieldcase.domain.agenda import COLLECTORS
    from fieldcase.services.caseload import load_caseload
    from fieldcase.services.visit_status import MonthStatus

    if caseload is None:
        caseload = load_caseload(store, today=today)
    collectors = COLLECTORS if collectors is None else collectors
    cases = {
        r.id
        for r in store.list(kind="case")
        if r.body.get("status", CaseStatus.OPEN.value) == CaseStatus.OPEN.value
    }
    records = {
        kind: _open_records(store, kind, cases, today, rules) for kind in kinds_read(collectors)
    }
    at_risk = tuple(
        ChildAtRisk(r.child_id, r.case_id, r.child_name, r.month.last_seen)
        for r in caseload.rows
        if r.status is MonthStatus.AT_RISK
    )
    items = week_ahead(AgendaSources(today, records, at_risk, rules), collectors=collectors)
    return WeekAhead(tuple(_lines(store, items, caseload)), today)


def _lines(store: Store, items: list[AgendaItem], caseload: Caseload) -> list[WeekAheadLine]:
    children = {r.child_id: r.child_name for r in caseload.rows}
    numbers = {r.case_id: r.case_number for r in caseload.rows}
    people: dict[str, str] = {}
    # an owner is a user (named by the window's directory) or a person of the case: the few
    # distinct ones are looked up, not every person on the laptop
    for person_id in {i.owner for i in items if i.owner} | {
        c for i in items for c in i.child_ids if c not in children
    }:
        found = _body(store, person_id, "person")
        if found is not None:
            people[person_id] = (
                f"{found.get('given_name') or ''} {found.get('family_name') or ''}".strip()
            )
    for case_id in {i.case_id for i in items if i.case_id not in numbers}:
        found = _body(store, case_id, "case")
        numbers[case_id] = (found or {}).get("case_number") or ""
    name: Callable[[str], str] = lambda i: children.get(i) or people.get(i, "")  # noqa: E731
    return [
        WeekAheadLine(
            i,
            numbers.get(i.case_id, ""),
            ", ".join(n for n in map(name, i.child_ids) if n),
            people.get(i.owner) if i.owner else None,
        )
        for i in items
    ]


def _body(store: Store, record_id: str, kind: str) -> dict[str, Any] | None:
    from fieldcase.store.errors import RecordNotFound

    try:
        return store.get(record_id, kind=kind).body
    except RecordNotFound:  # a user id, or a record no longer on the laptop
        return None
