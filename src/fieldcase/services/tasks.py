"""Tasks on the laptop, offline (domain/tasks.py): a task the worker adds, and "done" for any task —
one the worker added, or a follow-up row of a home visit or a collateral contact, which is marked
done by a `task` record beside the record (an approved record is never edited). Saved like case data (row + outbox mutation +
audit event in one transaction), so it syncs, merges and conflicts as a hearing does."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from fieldcase.domain.ids import new_id
from fieldcase.domain.tasks import OpenTask, Task

if TYPE_CHECKING:
    from fieldcase.services.case_data import CaseDataSaved
    from fieldcase.store.store import Store


def new_task(case_id: str, *, user_id: str | None = None, due: date | None = None) -> Task:
    return Task(id=new_id(), case_id=case_id, owner=user_id, due=due, created_by=user_id)


def save_task(store: Store, *, task: Task, expected_version: int | None = None) -> CaseDataSaved:
    from fieldcase.services.case_data import CaseDataSaved, check

    saved = store.save(task, expected_version=expected_version)
    return CaseDataSaved(
        saved.record.id,
        "task",
        saved.record.version,
        saved.created,
        saved.changed_fields,
        check(task),
    )


def mark_done(
    store: Store, *, task: OpenTask, on: date, user_id: str | None = None
) -> CaseDataSaved:
    """Mark an open task done on `on`. A task record is changed (its current version, so a sync
    meanwhile is kept); a follow-up row gets a task record naming its record (visit, contact) and the row."""
    if task.task_id is not None:
        stored = store.get(task.task_id, kind="task")
        current: Task = stored.to_domain()
        return save_task(
            store,
            task=dataclasses.replace(current, done=True, done_on=on),
            expected_version=stored.version,
        )
    made = Task(
        id=new_id(),
        case_id=task.case_id,
        action=task.action,
        owner=task.owner,
        due=task.due,
        child_ids=task.child_ids,
        done=True,
        done_on=on,
        source_record_id=task.record_id,
        source_kind=task.record_kind,
        source_row=task.source_row,
        created_by=user_id,
    )
    return save_task(store, task=made)


def open_tasks_of_case(store: Store, *, case_id: str, today: date) -> list[OpenTask]:
    """The case's open tasks (the follow-ups of its visits, contacts — every kind that writes them —
    within the rule pack's look-back, and its own)."""
    from datetime import timedelta

    from fieldcase.domain.kinds import kinds_with_follow_ups
    from fieldcase.domain.rule_pack import DEFAULT_RULES
    from fieldcase.domain.tasks import open_tasks

    since = today - timedelta(days=DEFAULT_RULES.follow_up_lookback_days)
    sources = {
        kind: store.repository(kind).list(case_id=case_id, since=since.isoformat())
        for kind in kinds_with_follow_ups()
    }
    return open_tasks(
        sources,
        store.repository("task").list(case_id=case_id, since=since.isoformat(), undated=True),
        since=since,
    )
