"""The week ahead from a real SQLCipher store (services/week_ahead.py, services/tasks.py): a visit's
follow-ups and a task the worker adds appear, overdue ones flagged; marking each done makes it go,
through a task record (the visit is not edited) queued in the outbox like any case data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from fieldcase.domain.agenda import AgendaKind
from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.services import tasks as task_service
from fieldcase.services.caseload import load_caseload
from fieldcase.services.week_ahead import load_week_ahead
from helpers.services import TODAY, seed_caseload, seen_visit  # TODAY: Tuesday 12 May 2026


def test_follow_ups_and_added_tasks_on_the_week_ahead_and_done_ones_gone(store):
    family = seed_caseload(store, families=1)[0]
    visit = seen_visit(family.case_id, family.child_ids, on=datetime(2026, 5, 4, 10, tzinfo=UTC))
    visit = replace(
        visit,
        follow_up_tasks=(
            FollowUpTask(action="Call the school nurse", due=date(2026, 5, 8)),
            FollowUpTask(action="Send the respite request", due=date(2026, 5, 14)),
        ),
        next_visit_planned=date(2026, 5, 18),
    )
    store.save(visit)
    added = task_service.new_task(family.case_id, user_id="u-worker", due=date(2026, 5, 13))
    task_service.save_task(store, task=replace(added, action="Ask CASA for the report"))

    caseload = load_caseload(store, today=TODAY)
    week = load_week_ahead(store, today=TODAY, caseload=caseload)
    tasks = [
        (line.item.values["action"], line.item.due, line.item.overdue, line.item.record_kind)
        for line in week.lines
        if line.item.kind is AgendaKind.TASK
    ]
    assert tasks == [
        ("Call the school nurse", date(2026, 5, 8), True, "home_visit"),
        ("Ask CASA for the report", date(2026, 5, 13), False, "task"),
        ("Send the respite request", date(2026, 5, 14), False, "home_visit"),
    ]
    kinds = [line.item.kind for line in week.lines]
    assert (
        AgendaKind.VISIT in kinds and AgendaKind.HEARING not in kinds
    )  # the court date is 3 June: beyond the week
    assert all(line.case_number == "DEMO-1000" for line in week.lines)
    # a visit's follow-up names the visit's children; the case's dates (no meeting recorded since
    # the removal in January 2025: both family support team meetings overdue) name none
    assert all(
        line.children
        for line in week.lines
        if line.item.kind is AgendaKind.TASK and line.item.record_kind == "home_visit"
    )
    assert [(line.item.kind, line.item.overdue) for line in week.lines[:2]] == [
        (AgendaKind.MEETING, True)
    ] * 2

    # done: the follow-up by a task record beside the visit, the added task by its own record
    open_now = task_service.open_tasks_of_case(store, case_id=family.case_id, today=TODAY)
    nurse = next(t for t in open_now if t.action == "Call the school nurse")
    before = len(store.outbox_entries())
    task_service.mark_done(store, task=nurse, on=TODAY, user_id="u-worker")
    task_service.mark_done(store, task=next(t for t in open_now if t.task_id == added.id), on=TODAY)
    assert len(store.outbox_entries()) > before
    assert (
        store.get(visit.id).body["follow_up_tasks"][0]["action"] == "Call the school nurse"
    )  # the visit is unchanged
    week = load_week_ahead(store, today=TODAY, caseload=caseload)
    assert [
        line.item.values["action"] for line in week.lines if line.item.kind is AgendaKind.TASK
    ] == ["Send the respite request"]


def test_a_collateral_contacts_follow_ups_on_the_week_ahead_and_the_case_and_done_ones_gone(store):
    from fieldcase.domain.collateral_contacts import CollateralContact, CollateralRole
    from fieldcase.domain.ids import new_id

    family = seed_caseload(store, families=1)[0]
    contact = CollateralContact(
        id=new_id(),
        case_id=family.case_id,
        party_role=CollateralRole.SCHOOL,
        child_ids=family.child_ids[:1],
        contact_start=datetime(2026, 5, 4, 9, tzinfo=UTC),
        contact_end=datetime(2026, 5, 4, 9, 20, tzinfo=UTC),
        follow_up_tasks=(
            FollowUpTask(action="Send the school the release form", due=date(2026, 5, 8)),
            FollowUpTask(action="Ask the teacher for the report", due=date(2026, 5, 15)),
        ),
    )
    store.save(contact)

    week = load_week_ahead(store, today=TODAY)
    tasks = [
        (
            line.item.values["action"],
            line.item.due,
            line.item.overdue,
            line.item.record_kind,
            line.item.record_id,
            bool(line.children),
        )
        for line in week.lines
        if line.item.kind is AgendaKind.TASK
    ]
    assert tasks == [
        (
            "Send the school the release form",
            date(2026, 5, 8),
            True,
            "collateral_contact",
            contact.id,
            True,
        ),
        (
            "Ask the teacher for the report",
            date(2026, 5, 15),
            False,
            "collateral_contact",
            contact.id,
            True,
        ),
    ]
    # the case's tasks list them too, and marking one done works as for a visit's row
    open_now = task_service.open_tasks_of_case(store, case_id=family.case_id, today=TODAY)
    form = next(t for t in open_now if t.action == "Send the school the release form")
    assert (form.record_kind, form.record_id, form.source_row) == (
        "collateral_contact",
        contact.id,
        0,
    )
    task_service.mark_done(store, task=form, on=TODAY, user_id="u-worker")
    assert (
        store.get(contact.id).body["follow_up_tasks"][0]["action"]
        == "Send the school the release form"
    )  # unchanged
    week = load_week_ahead(store, today=TODAY)
    assert [
        line.item.values["action"] for line in week.lines if line.item.kind is AgendaKind.TASK
    ] == ["Ask the teacher for the report"]
