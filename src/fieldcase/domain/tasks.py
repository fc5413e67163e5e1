"""A task: something the caseworker (or someone in the case) has to do by a day — call the school,
send the respite request, bring the dental form (domain.md "Tasks and the week ahead").

Tasks come from two places, and both are shown as one list:
- the **follow-up tasks** written into a home visit (`HomeVisit.follow_up_tasks`, rows of the visit);
- **tasks the worker adds** on the laptop: a `task` record, case data like a hearing (no approval),
  synced through the outbox with the same merge and conflicts as people and placements.

A visit's follow-up row cannot be marked done inside the visit: once approved the visit is
read-only for good (corrections are addenda). So "done" for a follow-up is a `task` record that
refers to the visit and the row (`source_record_id`, `source_row`) and carries the action as it was
(`action`), `done` and `done_on`. It is the same record kind whichever way the task started, so a
follow-up's due day or owner changed later lives there too. `open_tasks` joins both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from .problems import Problem, blank
from .safe_repr import record_repr


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Task:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    case_id: str
    rev: int = 0
    #: what is to be done, in the caseworker's words
    action: str = ""
    #: who does it: a user id (the caseworker, a colleague) or a person of the case (a parent)
    owner: str | None = None
    due: date | None = None
    #: a time of day to be reminded at (the reminder otherwise comes on the due day)
    remind_at: datetime | None = None
    #: the children it concerns (person ids); empty = the case
    child_ids: tuple[str, ...] = ()
    done: bool = False
    done_on: date | None = None
    #: the record it came from (a home visit's follow-up row), or None for a task the worker added
    source_record_id: str | None = None
    source_kind: str | None = None
    #: which of the source's follow-up rows (0-based, as written); with `action` it names the row
    source_row: int | None = None
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class OpenTask:
    """A task as the week ahead and the supervisor see it, wherever it came from. `record_id` and
    `record_kind` are what opens it: the visit for a follow-up row, else the task record."""

    case_id: str
    record_id: str
    record_kind: str
    action: str
    owner: str | None
    due: date | None
    remind_at: datetime | None = None
    #: the `task` record that carries done/due for it (None: a visit's row nobody touched yet)
    task_id: str | None = None
    source_row: int | None = None
    child_ids: tuple[str, ...] = ()

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today


def task_problems(task: Task, *, for_submit: bool = True) -> list[Problem]:
    found = []
    if blank(task.action):
        found.append(Problem("action", "Say what is to be done."))
    if task.done and task.done_on is None and for_submit:
        found.append(Problem("done_on", "Enter the day the task was done."))
    return found


def _row_key(record_id: str | None, row: int | None, action: str) -> tuple[str | None, int | None, str]:
    return record_id, row, " ".join(action.split()).casefold()


def open_tasks(visits: Iterable, tasks: Iterable[Task], *, since: date | None = None) -> list[OpenTask]:
    """Every task not done: the follow-up rows of `visits` (not voided, on or after `since`) that no
    done `task` record answers, and the worker's own `task` records not done (due on or after
    `since`, or on no day).

    A `task` record answers a visit's row when it names the visit, the row's place *and* the same
    action: a draft whose rows were reordered or rewritten does not hand one row's "done" to another.
    An undated follow-up is due on the visit's next planned visit, when one is written."""
    from .workflow import Status

    tasks = list(tasks)
    about_rows = {_row_key(t.source_record_id, t.source_row, t.action): t for t in tasks if t.source_record_id is not None}
    found: list[OpenTask] = []
    for visit in visits:
        if visit.status is Status.VOIDED:
            continue
        day = visit.contact_start.date() if visit.contact_start is not None else None
        if since is not None and (day is None or day < since):
            continue
        for i, row in enumerate(visit.follow_up_tasks):
            if blank(row.action):
                continue
            linked = about_rows.get(_row_key(visit.id, i, row.action))
            if linked is not None and linked.done:
                continue
            due = linked.due if linked is not None and linked.due is not None else (row.due or visit.next_visit_planned)
            owner = linked.owner if linked is not None and linked.owner else row.owner
            found.append(OpenTask(visit.case_id, visit.id, "home_visit", row.action, owner, due,
                                  linked.remind_at if linked else None, linked.id if linked else None, i,
                                  tuple(dict.fromkeys(c.child_id for c in visit.children))))
    for task in tasks:
        if since is not None and task.due is not None and task.due < since:
            continue  # overdue longer than the look-back: taken as dealt with, as a visit's follow-up is
        if task.source_record_id is None and not task.done and not blank(task.action):
            found.append(OpenTask(task.case_id, task.id, "task", task.action, task.owner, task.due, task.remind_at, task.id,
                                  None, task.child_ids))
    return found


def overdue_tasks(visits: Iterable, tasks: Iterable[Task], *, today: date, since: date | None = None) -> list[OpenTask]:
    """The open tasks whose due day has passed, oldest first."""
    late = [t for t in open_tasks(visits, tasks, since=since) if t.overdue(today)]
    return sorted(late, key=lambda t: (t.due, t.case_id, t.action))
