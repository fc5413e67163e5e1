"""A task: something the caseworker (or someone in the case) has to do by a day — call the school,
send the respite request, bring the dental form (domain.md "Tasks and the week ahead").

Tasks come from two places, and both are shown as one list:
- the **follow-up tasks** written into a record: a home visit's, a collateral contact's — every kind
  the registry says writes them (domain/kinds.py `follow_ups`), rows of the record;
- **tasks the worker adds** on the laptop: a `task` record, case data like a hearing (no approval),
  synced through the outbox with the same merge and conflicts as people and placements.

A follow-up row cannot be marked done inside its record: once approved a visit (or a contact) is
read-only for good (corrections are addenda). So "done" for a follow-up is a `task` record that
refers to the record and the row (`source_record_id`, `source_row`) and carries the action as it was
(`action`), `done` and `done_on`. It is the same record kind whichever way the task started, so a
follow-up's due day or owner changed later lives there too. `open_tasks` joins both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from . import kinds
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
    #: the record it came from (a visit's or a contact's follow-up row), or None for a task the worker added
    source_record_id: str | None = None
    source_kind: str | None = None
    #: which of the source's follow-up rows (0-based, as written); with `action` it names the row
    source_row: int | None = None
    created_by: str | None = None


@dataclass(frozen=True, slots=True)
class OpenTask:
    """A task as the week ahead and the supervisor see it, wherever it came from. `record_id` and
    `record_kind` are what opens it: the visit (or contact) for a follow-up row, else the task record."""

    case_id: str
    record_id: str
    record_kind: str
    action: str
    owner: str | None
    due: date | None
    remind_at: datetime | None = None
    #: the `task` record that carries done/due for it (None: a follow-up row nobody touched yet)
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


def _row_key(
    record_id: str | None, row: int | None, action: str
) -> tuple[str | None, int | None, str]:
    return record_id, row, " ".join(action.split()).casefold()


def open_tasks(
    sources: Mapping[str, Iterable], tasks: Iterable[Task], *, since: date | None = None
) -> list[OpenTask]:
    """Every task not done: the follow-up rows of the records in `sources` (kind -> records, each a
    kind that writes follow-ups; not voided, on or after `since`) that no done `task` record
    answers, and the worker's own `task` records not done (due on or after `since`, or on no day).

    A `task` record answers a row when it names the record, the row's place *and* the same action:
    a draft whose rows were reordered or rewritten does not hand one row's "done" to another. An
    undated follow-up is due on the record's `undated_due` day (a visit's next planned visit), when
    one is written."""
    from .workflow import Status

    tasks = list(tasks)
    about_rows = {
        _row_key(t.source_record_id, t.source_row, t.action): t
        for t in tasks
        if t.source_record_id is not None
    }
    found: list[OpenTask] = []
    for kind, records in sources.items():
        where = kinds.of(kind).follow_ups
        if where is None:
            raise ValueError(f"{kind} records write no follow-up tasks (domain/kinds.py)")
        for record in records:
            if record.status is Status.VOIDED:
                continue
            day = kinds.day_in(kind, record)
            if since is not None and (day is None or day < since):
                continue
            undated_due = getattr(record, where.undated_due) if where.undated_due else None
            children = kinds.children_in(kind, record)
            for i, row in enumerate(getattr(record, where.field)):
                if blank(row.action):
                    continue
                linked = about_rows.get(_row_key(record.id, i, row.action))
                if linked is not None and linked.done:
                    continue
                due = (
                    linked.due
                    if linked is not None and linked.due is not None
                    else (row.due or undated_due)
                )
                owner = linked.owner if linked is not None and linked.owner else row.owner
                found.append(
                    OpenTask(
                        record.case_id,
                        record.id,
                        kind,
                        row.action,
                        owner,
                        due,
                        linked.remind_at if linked else None,
                        linked.id if linked else None,
                        i,
                        children,
                    )
                )
    for task in tasks:
        if since is not None and task.due is not None and task.due < since:
            continue  # overdue longer than the look-back: taken as dealt with, as a follow-up row is
        if task.source_record_id is None and not task.done and not blank(task.action):
            found.append(
                OpenTask(
                    task.case_id,
                    task.id,
                    "task",
                    task.action,
                    task.owner,
                    task.due,
                    task.remind_at,
                    task.id,
                    None,
                    task.child_ids,
                )
            )
    return found


def overdue_tasks(
    sources: Mapping[str, Iterable],
    tasks: Iterable[Task],
    *,
    today: date,
    since: date | None = None,
) -> list[OpenTask]:
    """The open tasks whose due day has passed, oldest first."""
    late = [t for t in open_tasks(sources, tasks, since=since) if t.overdue(today)]
    return sorted(late, key=lambda t: (t.due, t.case_id, t.action))
