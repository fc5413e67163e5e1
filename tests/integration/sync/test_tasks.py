"""Tasks through a real server (SQLite, and PostgreSQL under the `postgres` marker): a visit's
follow-up marked done on one laptop and a task added there reach the covering worker's laptop;
the task marked done there comes back. Neither laptop's week ahead shows a done task, and the
visit the follow-up was written in is never edited."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from fieldcase.domain.agenda import AgendaKind
from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    FollowUpTask,
    HomeVisit,
    VisitOutcome,
)
from fieldcase.domain.ids import new_id
from fieldcase.services import tasks as task_service
from fieldcase.services.week_ahead import load_week_ahead

TODAY = date(2026, 5, 12)


def _tasks(laptop) -> list[str]:
    week = load_week_ahead(laptop.store, today=TODAY)
    return sorted(
        line.item.values["action"] for line in week.lines if line.item.kind is AgendaKind.TASK
    )


def test_a_task_marked_done_on_a_laptop_syncs_to_the_server_and_back(world):
    ana, ben = world.laptop("ana"), world.laptop("ben")
    ana.sync()
    visit = HomeVisit(
        id=new_id(),
        case_id=world.case_id,
        contact_start=datetime(2026, 5, 4, 10, tzinfo=UTC),
        method=ContactMethod.FACE_TO_FACE,
        outcome=VisitOutcome.COMPLETED,
        children=(ChildSeen(child_id=world.child_id, seen=True),),
        follow_up_tasks=(
            FollowUpTask(action="Call the school nurse", due=date(2026, 5, 8)),
            FollowUpTask(action="Send the respite request", due=date(2026, 5, 14)),
        ),
    )
    ana.store.save(visit)
    added = replace(
        task_service.new_task(world.case_id, user_id=ana.user_id, due=date(2026, 5, 13)),
        action="Ask CASA for the report",
    )
    task_service.save_task(ana.store, task=added)
    ana.sync()
    ben.sync()
    assert _tasks(ben) == [
        "Ask CASA for the report",
        "Call the school nurse",
        "Send the respite request",
    ]

    # Ana calls the nurse: done beside the visit, on her laptop, offline
    nurse = next(
        t
        for t in task_service.open_tasks_of_case(ana.store, case_id=world.case_id, today=TODAY)
        if t.action == "Call the school nurse"
    )
    task_service.mark_done(ana.store, task=nurse, on=TODAY, user_id=ana.user_id)
    assert _tasks(ana) == ["Ask CASA for the report", "Send the respite request"]
    ana.sync()
    assert [e.state for e in ana.store.outbox_entries() if e.state != "acked"] == []
    ben.sync()
    assert _tasks(ben) == ["Ask CASA for the report", "Send the respite request"]
    assert ben.store.get(visit.id).body["follow_up_tasks"][0]["action"] == "Call the school nurse"

    # Ben gets the CASA report: done on his laptop, and back on Ana's
    casa = next(
        t
        for t in task_service.open_tasks_of_case(ben.store, case_id=world.case_id, today=TODAY)
        if t.task_id == added.id
    )
    task_service.mark_done(ben.store, task=casa, on=TODAY, user_id=ben.user_id)
    ben.sync()
    ana.sync()
    assert _tasks(ana) == ["Send the respite request"]
    done = ana.store.get(added.id).to_domain()
    assert (done.done, done.done_on) == (True, TODAY)
