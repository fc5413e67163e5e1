"""The week ahead: one list of what the caseworker has to do or attend from today, offline
(domain.md "Tasks and the week ahead"). Pure: records and a day in, `AgendaItem`s out.

Each source is one collector: a function from `AgendaSources` to items, registered once in
`COLLECTORS` with the record kinds it reads (the service loads exactly those). A new source (a
referral's follow-up, a meeting's decision, an assessment coming due) is one function and one line
in that list; the view, the reminder and the bench need nothing else.

Order: the children at risk of missing this month's visit first, then everything by the day it is
due (overdue first, as the oldest days), then what has no day.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .kinds import kinds_with_follow_ups
from .rule_pack import DEFAULT_RULES, RulePack


class AgendaKind(enum.Enum):
    AT_RISK = "at_risk"  # a child not yet seen this month, and the month is running out
    VISIT = "visit"  # the next home visit, as the last visit planned it
    FAMILY_TIME = "family_time"  # a family visit scheduled, or one the plan still needs
    TASK = "task"  # a follow-up from a visit or a contact, or a task the worker added
    HEARING = "hearing"
    MEETING = "meeting"  # a family support team meeting coming due
    PLAN = "plan"  # the case plan, or its six-monthly review, coming due


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One line of the week ahead. `title` is an English template (the window words it in the
    caseworker's language) filled with `words`; `record_kind`/`record_id` is what opens it (a
    visit, a plan, a hearing, a task, or the case itself for its dates), and `action` the form on
    the case to open when the record is the case's (`case_dates`)."""

    kind: AgendaKind
    due: date | None
    case_id: str
    record_id: str
    record_kind: str
    title: str
    words: tuple[tuple[str, str], ...] = ()
    overdue: bool = False
    child_ids: tuple[str, ...] = ()
    owner: str | None = None
    action: str | None = None
    #: a task's time of day to be reminded at (ui/week_ahead.py's reminder)
    remind_at: datetime | None = None

    @property
    def values(self) -> dict[str, str]:
        return dict(self.words)


@dataclass(frozen=True, slots=True)
class ChildAtRisk:
    """A child the caseload's compliance shows at risk this month (services/caseload.py decides)."""

    child_id: str
    case_id: str
    name: str
    last_seen: date | None = None


@dataclass(frozen=True)
class AgendaSources:
    today: date
    #: record kind -> the domain records of the open cases (only the kinds the collectors read)
    records: Mapping[str, Sequence[Any]] = field(default_factory=dict)
    at_risk: tuple[ChildAtRisk, ...] = ()
    rules: RulePack = DEFAULT_RULES

    def of(self, kind: str) -> Sequence[Any]:
        return self.records.get(kind, ())

    @property
    def horizon(self) -> date:
        """The last day the week ahead looks at."""
        return self.today + timedelta(days=self.rules.week_ahead_days)


# --- the collectors ---------------------------------------------------------------------------


def children_at_risk(s: AgendaSources) -> Iterable[AgendaItem]:
    month_end = (s.today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    for child in s.at_risk:
        yield AgendaItem(
            AgendaKind.AT_RISK,
            month_end,
            child.case_id,
            child.case_id,
            "case",
            "Monthly visit not yet made",
            child_ids=(child.child_id,),
        )


def planned_visits(s: AgendaSources) -> Iterable[AgendaItem]:
    """The next visit the newest visit of each case planned, when it falls in the week (or has
    passed with no visit since)."""
    from .workflow import Status

    newest: dict[str, Any] = {}
    for visit in s.of("home_visit"):
        if visit.status is Status.VOIDED or visit.contact_start is None:
            continue
        known = newest.get(visit.case_id)
        if known is None or visit.contact_start > known.contact_start:
            newest[visit.case_id] = visit
    for visit in newest.values():
        planned = visit.next_visit_planned
        if planned is None or planned <= visit.contact_start.date() or planned > s.horizon:
            continue
        yield AgendaItem(
            AgendaKind.VISIT,
            planned,
            visit.case_id,
            visit.id,
            "home_visit",
            "Home visit planned",
            overdue=planned < s.today,
            child_ids=tuple(dict.fromkeys(c.child_id for c in visit.children)),
        )


_WEEKLY = {"weekly", "twice_weekly"}


def family_time(s: AgendaSources) -> Iterable[AgendaItem]:
    """Family visits scheduled in the week and not yet written up; and each plan in effect that
    has none this week (weekly plans) or this month (the others, the monthly minimum)."""
    from .workflow import Status

    week_start = s.today - timedelta(days=s.today.weekday())
    week_end, month_start = week_start + timedelta(days=6), s.today.replace(day=1)
    month_end = (month_start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    entries_of: dict[str | None, list[date]] = defaultdict(list)
    for entry in s.of("visitation_entry"):
        if entry.status is Status.VOIDED or entry.scheduled_start is None:
            continue
        day = entry.scheduled_start.date()
        entries_of[entry.plan_id].append(day)
        if entry.outcome is None and s.today <= day <= s.horizon:
            yield AgendaItem(
                AgendaKind.FAMILY_TIME,
                day,
                entry.case_id,
                entry.id,
                "visitation_entry",
                "Family visit scheduled",
                child_ids=tuple(entry.child_ids),
            )
    for plan in s.of("visitation_plan"):
        if plan.frequency is None or plan.frequency.value == "other":
            continue
        if (plan.effective_from and plan.effective_from > s.today) or (
            plan.effective_until and plan.effective_until < s.today
        ):
            continue
        weekly = plan.frequency.value in _WEEKLY
        start, due = (week_start, week_end) if weekly else (month_start, month_end)
        if due > s.horizon or any(start <= d <= due for d in entries_of.get(plan.id, ())):
            continue
        yield AgendaItem(
            AgendaKind.FAMILY_TIME,
            due,
            plan.case_id,
            plan.id,
            "visitation_plan",
            "Family visit to arrange this week" if weekly else "Family visit to arrange this month",
            child_ids=tuple(plan.participants),
        )


def tasks_due(s: AgendaSources) -> Iterable[AgendaItem]:
    """Open tasks (domain/tasks.py) due by the end of the week or overdue; undated ones last: every
    kind's follow-up rows (domain/kinds.py `follow_ups`) and the worker's own."""
    from .tasks import open_tasks

    since = s.today - timedelta(days=s.rules.follow_up_lookback_days)
    for task in open_tasks(
        {kind: s.of(kind) for kind in kinds_with_follow_ups()}, s.of("task"), since=since
    ):
        if task.due is not None and task.due > s.horizon:
            continue
        yield AgendaItem(
            AgendaKind.TASK,
            task.due,
            task.case_id,
            task.record_id,
            task.record_kind,
            "Task: {action}",
            (("action", task.action),),
            overdue=task.overdue(s.today),
            child_ids=task.child_ids,
            owner=task.owner,
            remind_at=task.remind_at,
        )


def hearings(s: AgendaSources) -> Iterable[AgendaItem]:
    """Hearings not yet held in the week; a case's next court date with no hearing recorded for
    that day opens the case."""
    recorded: set[tuple[str, date]] = set()
    for hearing in s.of("hearing"):
        if hearing.scheduled_at is None:
            continue
        day = hearing.scheduled_at.date()
        recorded.add((hearing.case_id, day))
        if not hearing.held and s.today <= day <= s.horizon:
            yield AgendaItem(
                AgendaKind.HEARING,
                day,
                hearing.case_id,
                hearing.id,
                "hearing",
                "Court hearing: {court}" if hearing.court else "Court hearing",
                (("court", hearing.court),) if hearing.court else (),
                child_ids=tuple(hearing.child_ids),
            )
    for case in s.of("case"):
        nxt = case.next_court_hearing
        if (
            nxt is not None
            and s.today <= nxt.date() <= s.horizon
            and (case.id, nxt.date()) not in recorded
        ):
            yield AgendaItem(
                AgendaKind.HEARING, nxt.date(), case.id, case.id, "case", "Court hearing"
            )


def case_deadlines(s: AgendaSources) -> Iterable[AgendaItem]:
    """The case plan (or its review: an approved case plan meets the clock, as in the caseload's
    compliance) and family support team meetings, overdue or due within the week (the compliance
    rules' dates, domain/compliance/deadlines.py); they open the case's dates."""
    from .case_plan_rules import approved_plan_days
    from .compliance.deadlines import (
        DeadlineKind,
        case_plan_deadline,
        family_support_team_deadlines,
    )

    plans_of = _by_case(s.of("case_plan"))
    titles = {
        DeadlineKind.CASE_PLAN: "Case plan due",
        DeadlineKind.CASE_PLAN_REVIEW: "Case plan review due",
        DeadlineKind.FAMILY_SUPPORT_TEAM: "Family support team meeting due",
    }
    meetings, moves = _by_case(s.of("team_meeting")), _by_case(s.of("placement"))
    for case in s.of("case"):
        plan = case_plan_deadline(
            case,
            as_of=s.today,
            approved_plans=approved_plan_days(plans_of.get(case.id, ())),
            rules=s.rules,
        )
        # a held meeting record meets its deadline; a placement change calls a new one
        team = family_support_team_deadlines(
            case,
            as_of=s.today,
            team_meetings=meetings.get(case.id, ()),
            placements=moves.get(case.id, ()),
            rules=s.rules,
        )
        for deadline in (plan, *team):
            if deadline is None or deadline.met_on is not None or deadline.due > s.horizon:
                continue
            kind = (
                AgendaKind.MEETING
                if deadline.kind is DeadlineKind.FAMILY_SUPPORT_TEAM
                else AgendaKind.PLAN
            )
            yield AgendaItem(
                kind,
                deadline.due,
                case.id,
                case.id,
                "case",
                titles[deadline.kind],
                overdue=deadline.overdue,
                action="case_dates",
            )


def _by_case(records: Sequence[Any]) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for r in records:
        found.setdefault(r.case_id, []).append(r)
    return found


def referral_answers_due(s: AgendaSources) -> Iterable[AgendaItem]:
    """A referral the provider has not answered within the rule pack's days (domain/referrals.py):
    a task — call the provider — from the day it falls due, opening the referral."""
    from .referrals import referral_follow_ups

    for due in referral_follow_ups(s.of("referral"), s.today, rules=s.rules):
        yield AgendaItem(
            AgendaKind.TASK,
            due.due_on,
            due.case_id,
            due.referral_id,
            "referral",
            "Ask the provider about the referral: {provider}",
            (("provider", due.provider_name or ""),),
            overdue=due.due_on < s.today,
            child_ids=(due.person_id,) if due.person_id else (),
        )


def transition_plans(s: AgendaSources) -> Iterable[AgendaItem]:
    """A youth of 14+ in care without an approved transition plan, or its review, overdue or due
    within the week (compliance/transition.py); the review opens the plan, a missing plan the case."""
    from .compliance.care import care_periods
    from .compliance.deadlines import DeadlineKind
    from .compliance.transition import transition_plan_deadline
    from .people import PersonRole

    cases = {c.id: c for c in s.of("case")}
    placements = list(s.of("placement"))
    plans = list(s.of("transition_plan"))
    for person in s.of("person"):
        case = cases.get(person.case_id)
        if case is None or person.role is not PersonRole.CHILD or person.date_of_birth is None:
            continue
        periods = care_periods(
            person.id, placements=placements, case=case, exit_date=person.exit_date
        )
        found = transition_plan_deadline(
            child_id=person.id,
            case_id=case.id,
            periods=periods,
            born=person.date_of_birth,
            plans=plans,
            as_of=s.today,
            rules=s.rules,
        )
        if found is None or found.due > s.horizon:
            continue
        if found.kind is DeadlineKind.TRANSITION_PLAN_REVIEW:
            latest = max(
                (
                    p
                    for p in plans
                    if p.child_id == person.id and p.status.value == "approved" and p.written_on
                ),
                key=lambda p: (p.written_on, p.id),
            )
            yield AgendaItem(
                AgendaKind.PLAN,
                found.due,
                case.id,
                latest.id,
                "transition_plan",
                "Transition plan review due",
                overdue=found.overdue,
                child_ids=(person.id,),
            )
        else:
            yield AgendaItem(
                AgendaKind.PLAN,
                found.due,
                case.id,
                case.id,
                "case",
                "Transition plan due (14 and older)",
                overdue=found.overdue,
                child_ids=(person.id,),
            )


@dataclass(frozen=True)
class Collector:
    name: str
    #: the record kinds it reads from `AgendaSources.records`
    kinds: tuple[str, ...]
    collect: Callable[[AgendaSources], Iterable[AgendaItem]]


#: every source of the week ahead, once
COLLECTORS: list[Collector] = [
    Collector("children at risk", (), children_at_risk),
    Collector("planned visits", ("home_visit",), planned_visits),
    Collector("family time", ("visitation_entry", "visitation_plan"), family_time),
    Collector("tasks", (*kinds_with_follow_ups(), "task"), tasks_due),
    Collector("hearings", ("hearing", "case"), hearings),
    Collector("case deadlines", ("case", "case_plan", "team_meeting", "placement"), case_deadlines),
    Collector("referral answers", ("referral",), referral_answers_due),
    Collector(
        "transition plans", ("case", "person", "placement", "transition_plan"), transition_plans
    ),
]


#: every title a collector gives (English msgids: the window translates them, tests/gui/test_i18n.py checks)
TITLES = (
    "Monthly visit not yet made",
    "Home visit planned",
    "Family visit scheduled",
    "Family visit to arrange this week",
    "Family visit to arrange this month",
    "Task: {action}",
    "Court hearing: {court}",
    "Court hearing",
    "Case plan due",
    "Case plan review due",
    "Family support team meeting due",
    "Ask the provider about the referral: {provider}",
    "Transition plan due (14 and older)",
    "Transition plan review due",
)


def kinds_read(collectors: Iterable[Collector] | None = None) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(
            k for c in (COLLECTORS if collectors is None else collectors) for k in c.kinds
        )
    )


def _order(item: AgendaItem) -> tuple:
    return (
        item.kind is not AgendaKind.AT_RISK,
        item.due is None,
        item.due or date.max,
        list(AgendaKind).index(item.kind),
        item.title,
        item.values.get("action", ""),
        item.record_id,
    )


def week_ahead(
    sources: AgendaSources, *, collectors: Iterable[Collector] | None = None
) -> list[AgendaItem]:
    """Every collector's items, in the week ahead's order."""
    items = [
        item
        for c in (COLLECTORS if collectors is None else collectors)
        for item in c.collect(sources)
    ]
    return sorted(items, key=_order)
