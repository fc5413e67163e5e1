"""Every kind of record that writes follow-up tasks reaches the week ahead (domain/kinds.py
`follow_ups`, domain/tasks.py): a collateral contact's "ask the school for the report" is a task as
a home visit's is, opens the contact, and is gone once a task record says done. Worked example on
Tuesday 12 May 2026 (the week ahead runs to 19 May)."""

from __future__ import annotations

import dataclasses
import importlib
import typing
from datetime import UTC, date, datetime

from fieldcase.domain import kinds
from fieldcase.domain.agenda import COLLECTORS, AgendaKind, AgendaSources, kinds_read, week_ahead
from fieldcase.domain.collateral_contacts import CollateralContact, CollateralRole
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.tasks import Task, open_tasks, overdue_tasks
from fieldcase.domain.workflow import Status

TODAY = date(2026, 5, 12)


def contact(
    day: date,
    *tasks: FollowUpTask,
    status: Status = Status.APPROVED,
    child_ids: tuple[str, ...] = ("k1",),
) -> CollateralContact:
    return CollateralContact(
        id=f"cc-{day.isoformat()}",
        case_id="c1",
        status=status,
        party_role=CollateralRole.SCHOOL,
        contact_start=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
        child_ids=child_ids,
        follow_up_tasks=tasks,
    )


def test_a_collateral_contacts_follow_ups_are_open_tasks_that_open_the_contact_until_done():
    # the school called on 4 May: the worker promised two things
    cc = contact(
        date(2026, 5, 4),
        FollowUpTask(action="Send the school the release form", due=date(2026, 5, 8)),
        FollowUpTask(action="Ask the teacher for the term's report", due=date(2026, 5, 15)),
    )
    found = open_tasks({"collateral_contact": [cc]}, [])
    assert [
        (t.action, t.due, t.record_kind, t.record_id, t.source_row, t.child_ids) for t in found
    ] == [
        (
            "Send the school the release form",
            date(2026, 5, 8),
            "collateral_contact",
            cc.id,
            0,
            ("k1",),
        ),
        (
            "Ask the teacher for the term's report",
            date(2026, 5, 15),
            "collateral_contact",
            cc.id,
            1,
            ("k1",),
        ),
    ]
    # 8 May has passed: four days overdue
    assert [t.action for t in overdue_tasks({"collateral_contact": [cc]}, [], today=TODAY)] == [
        "Send the school the release form"
    ]
    # marked done beside the approved contact, as a visit's row is
    done = Task(
        id="t1",
        case_id="c1",
        action="Send the school the release form",
        done=True,
        done_on=TODAY,
        source_record_id=cc.id,
        source_kind="collateral_contact",
        source_row=0,
    )
    assert [t.action for t in open_tasks({"collateral_contact": [cc]}, [done])] == [
        "Ask the teacher for the term's report"
    ]
    # a voided contact has no tasks; an undated row of a contact has no day (no next visit to wait for)
    voided = contact(date(2026, 5, 5), FollowUpTask(action="X"), status=Status.VOIDED)
    undated = contact(date(2026, 5, 6), FollowUpTask(action="Call CASA back"), child_ids=())
    assert [
        (t.action, t.due, t.child_ids)
        for t in open_tasks({"collateral_contact": [voided, undated]}, [])
    ] == [("Call CASA back", None, ())]


def test_the_week_ahead_lists_a_contacts_follow_ups_beside_a_visits():
    cc = contact(
        date(2026, 5, 4),
        FollowUpTask(action="Send the school the release form", due=date(2026, 5, 8)),
        FollowUpTask(action="Ask the teacher for the term's report", due=date(2026, 5, 30)),
    )  # after the week
    assert "collateral_contact" in kinds_read(COLLECTORS)  # the service loads them
    items = week_ahead(AgendaSources(TODAY, {"collateral_contact": [cc]}, ()))
    assert [(i.kind, i.record_kind, i.record_id, i.values["action"], i.overdue) for i in items] == [
        (AgendaKind.TASK, "collateral_contact", cc.id, "Send the school the release form", True)
    ]


def _fields_of(kind: str) -> dict[str, typing.Any]:
    found = kinds.of(kind)
    cls = getattr(importlib.import_module(f"fieldcase.domain.{found.module}"), found.class_name)
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


def test_every_kind_with_follow_up_rows_says_so_in_the_registry():
    """The class of the bug: a kind whose records carry `FollowUpTask` rows but that the registry does
    not mark is never on the week ahead. Found from the classes, not a list."""
    writes_rows = {
        kind
        for kind in kinds.KIND_TABLE
        if any("FollowUpTask" in str(hint) for hint in _fields_of(kind).values())
    }
    assert writes_rows >= {"home_visit", "collateral_contact"}
    assert set(kinds.kinds_with_follow_ups()) == writes_rows
    for kind in writes_rows:
        where = kinds.of(kind).follow_ups
        assert where is not None and where.field in _fields_of(kind)
        assert where.undated_due is None or where.undated_due in _fields_of(kind)
