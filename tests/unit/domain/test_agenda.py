"""The week ahead and tasks (domain/agenda.py, domain/tasks.py), worked examples on Tuesday 12 May
2026: what is overdue, what falls due this week, and what is done (gone)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from fieldcase.domain.agenda import (
    COLLECTORS,
    AgendaKind,
    AgendaSources,
    ChildAtRisk,
    Collector,
    kinds_read,
    week_ahead,
)
from fieldcase.domain.cases import Case
from fieldcase.domain.hearings import Hearing
from fieldcase.domain.home_visits import ChildSeen, FollowUpTask, HomeVisit
from fieldcase.domain.tasks import Task, open_tasks, overdue_tasks, task_problems
from fieldcase.domain.visitation_entries import VisitationEntry
from fieldcase.domain.visitation_plans import VisitationPlan, VisitFrequency
from fieldcase.domain.workflow import Status

TODAY = date(2026, 5, 12)  # a Tuesday; the week ahead runs to 19 May


def visit(
    day: date,
    *tasks: FollowUpTask,
    case_id: str = "c1",
    status: Status = Status.APPROVED,
    next_visit: date | None = None,
) -> HomeVisit:
    return HomeVisit(
        id=f"v-{day.isoformat()}-{case_id}",
        case_id=case_id,
        status=status,
        contact_start=datetime(day.year, day.month, day.day, 10, tzinfo=UTC),
        children=(ChildSeen(child_id="k1"),),
        follow_up_tasks=tasks,
        next_visit_planned=next_visit,
    )


def test_a_visits_follow_ups_are_open_tasks_until_a_task_record_says_done():
    v = visit(
        date(2026, 5, 4),
        FollowUpTask(action="Call the school", due=date(2026, 5, 8)),
        FollowUpTask(action="Send the respite request", due=date(2026, 5, 14)),
    )
    found = open_tasks({"home_visit": [v]}, [])
    assert [(t.action, t.due, t.record_kind, t.source_row) for t in found] == [
        ("Call the school", date(2026, 5, 8), "home_visit", 0),
        ("Send the respite request", date(2026, 5, 14), "home_visit", 1),
    ]
    assert [t.action for t in overdue_tasks({"home_visit": [v]}, [], today=TODAY)] == [
        "Call the school"
    ]
    # done beside the approved visit: the first row is gone, the visit is untouched
    done = Task(
        id="t1",
        case_id="c1",
        action="Call the school",
        done=True,
        done_on=TODAY,
        source_record_id=v.id,
        source_row=0,
    )
    assert [t.action for t in open_tasks({"home_visit": [v]}, [done])] == [
        "Send the respite request"
    ]
    assert overdue_tasks({"home_visit": [v]}, [done], today=TODAY) == []


def test_a_done_mark_does_not_move_to_a_rewritten_row():
    # a draft's first row was rewritten after it was marked done: the new row is still open
    v = visit(date(2026, 5, 4), FollowUpTask(action="Book the dentist"), status=Status.DRAFT)
    done = Task(
        id="t1",
        case_id="c1",
        action="Call the school",
        done=True,
        source_record_id=v.id,
        source_row=0,
    )
    assert [t.action for t in open_tasks({"home_visit": [v]}, [done])] == ["Book the dentist"]


def test_a_voided_visits_and_old_follow_ups_are_not_tasks_and_undated_ones_wait_for_the_next_visit():
    voided = visit(date(2026, 5, 4), FollowUpTask(action="X"), status=Status.VOIDED)
    old = visit(date(2025, 1, 4), FollowUpTask(action="Long done"))
    undated = visit(
        date(2026, 5, 5), FollowUpTask(action="Bring the form"), next_visit=date(2026, 5, 19)
    )
    found = open_tasks({"home_visit": [voided, old, undated]}, [], since=date(2025, 11, 13))
    assert [(t.action, t.due) for t in found] == [("Bring the form", date(2026, 5, 19))]


def test_a_worker_added_task_needs_an_action_and_a_done_day():
    assert [p.field for p in task_problems(Task(id="t", case_id="c", done=True))] == [
        "action",
        "done_on",
    ]
    assert task_problems(Task(id="t", case_id="c", action="Call the CASA")) == []


def sources(**records) -> AgendaSources:
    return AgendaSources(TODAY, records, ())


def test_tasks_due_this_week_and_overdue_are_listed_later_ones_and_done_ones_are_not():
    tasks = [
        Task(id="late", case_id="c1", action="Late one", due=date(2026, 5, 1)),
        Task(id="soon", case_id="c1", action="This week", due=date(2026, 5, 15)),
        Task(id="later", case_id="c1", action="Next month", due=date(2026, 6, 15)),
        Task(
            id="done",
            case_id="c1",
            action="Done",
            due=date(2026, 5, 13),
            done=True,
            done_on=date(2026, 5, 11),
        ),
        Task(id="nodate", case_id="c1", action="Some day"),
    ]
    items = week_ahead(sources(task=tasks))
    assert [(i.values["action"], i.due, i.overdue) for i in items] == [
        ("Late one", date(2026, 5, 1), True),
        ("This week", date(2026, 5, 15), False),
        ("Some day", None, False),
    ]
    assert {(i.record_kind, i.record_id) for i in items} == {
        ("task", "late"),
        ("task", "soon"),
        ("task", "nodate"),
    }


def test_children_at_risk_come_first_then_by_day():
    case = Case(
        id="c1",
        case_number="N-1",
        case_plan_due=date(2026, 5, 14),
        next_court_hearing=datetime(2026, 5, 18, 14, tzinfo=UTC),
    )
    hearing = Hearing(
        id="h1", case_id="c1", scheduled_at=datetime(2026, 5, 13, 9, tzinfo=UTC), court="Division 3"
    )
    at_risk = (ChildAtRisk("k1", "c1", "Ana Example"),)
    items = week_ahead(AgendaSources(TODAY, {"case": [case], "hearing": [hearing]}, at_risk))
    assert [(i.kind, i.due, i.record_kind) for i in items] == [
        (AgendaKind.AT_RISK, date(2026, 5, 31), "case"),
        (AgendaKind.HEARING, date(2026, 5, 13), "hearing"),
        (AgendaKind.PLAN, date(2026, 5, 14), "case"),
        (
            AgendaKind.HEARING,
            date(2026, 5, 18),
            "case",
        ),  # the next court date with no hearing recorded for it
    ]
    assert items[2].action == "case_dates" and items[0].child_ids == ("k1",)


def test_a_held_hearing_and_a_met_deadline_are_gone():
    held = Hearing(
        id="h1",
        case_id="c1",
        scheduled_at=datetime(2026, 5, 13, 9, tzinfo=UTC),
        outcome="Continued.",
    )
    reviewed = Case(
        id="c1", case_number="N-1", last_case_plan_review=date(2026, 1, 20)
    )  # review due 20 July
    assert week_ahead(sources(case=[reviewed], hearing=[held])) == []
    overdue = Case(
        id="c2", case_number="N-2", last_case_plan_review=date(2025, 10, 1)
    )  # review was due 1 April
    [item] = week_ahead(sources(case=[overdue]))
    assert (item.title, item.due, item.overdue) == ("Case plan review due", date(2026, 4, 1), True)


def test_the_planned_visit_and_family_time():
    last = visit(date(2026, 5, 5), next_visit=date(2026, 5, 15))
    older = visit(date(2026, 4, 5), next_visit=date(2026, 5, 1))  # superseded by the newer visit
    weekly = VisitationPlan(
        id="p1", case_id="c1", frequency=VisitFrequency.WEEKLY, participants=("m1", "k1")
    )
    monthly = VisitationPlan(
        id="p2", case_id="c1", frequency=VisitFrequency.MONTHLY
    )  # due 31 May: beyond the week
    met = VisitationPlan(id="p3", case_id="c1", frequency=VisitFrequency.WEEKLY)
    entry = VisitationEntry(
        id="e1",
        case_id="c1",
        plan_id="p3",
        scheduled_start=datetime(2026, 5, 14, 16, tzinfo=UTC),
        child_ids=("k1",),
    )
    items = week_ahead(
        sources(
            home_visit=[last, older],
            visitation_plan=[weekly, monthly, met],
            visitation_entry=[entry],
        )
    )
    assert [(i.kind, i.due, i.record_id, i.title) for i in items] == [
        (AgendaKind.FAMILY_TIME, date(2026, 5, 14), "e1", "Family visit scheduled"),
        (AgendaKind.VISIT, date(2026, 5, 15), last.id, "Home visit planned"),
        (AgendaKind.FAMILY_TIME, date(2026, 5, 17), "p1", "Family visit to arrange this week"),
    ]


def test_a_new_source_is_one_collector_in_one_list():
    def meeting_decisions(s: AgendaSources):  # what a meeting's decisions would add
        from fieldcase.domain.agenda import AgendaItem

        return [
            AgendaItem(
                AgendaKind.TASK,
                TODAY,
                r["case_id"],
                r["id"],
                "meeting",
                "Task: {action}",
                (("action", "Book the room"),),
            )
            for r in s.of("meeting")
        ]

    collectors = [*COLLECTORS, Collector("meeting decisions", ("meeting",), meeting_decisions)]
    assert "meeting" in kinds_read(collectors)
    items = week_ahead(sources(meeting=[{"case_id": "c1", "id": "m1"}]), collectors=collectors)
    assert [(i.record_kind, i.record_id) for i in items] == [("meeting", "m1")]


def test_a_referral_the_provider_has_not_answered_is_a_task_from_its_due_day():
    from fieldcase.domain.referrals import Referral, ReferralStatus, StatusChange

    def referral(rid: str, on: date, status: ReferralStatus = ReferralStatus.REFERRED) -> Referral:
        return Referral(
            id=rid,
            case_id="c1",
            person_id="m1",
            provider_name="Harbor Counseling",
            referred_on=on,
            status_changes=(StatusChange(status=status, on=on),),
        )

    waiting = referral("r1", date(2026, 4, 28))  # 10 days: due 8 May, overdue
    fresh = referral("r2", date(2026, 5, 6))  # due 16 May: not yet a task
    answered = referral("r3", date(2026, 4, 1), ReferralStatus.ACCEPTED)
    items = week_ahead(sources(referral=[waiting, fresh, answered]))
    assert [(i.record_kind, i.record_id, i.due, i.overdue, i.values) for i in items] == [
        ("referral", "r1", date(2026, 5, 8), True, {"provider": "Harbor Counseling"})
    ]


def test_every_title_a_collector_gives_is_listed_for_translation():
    from fieldcase.domain.agenda import TITLES, AgendaSources, week_ahead

    case = Case(
        id="c1",
        case_number="N-1",
        case_plan_due=date(2026, 5, 14),
        removal_date=date(2026, 5, 10),
        next_court_hearing=datetime(2026, 5, 18, 14, tzinfo=UTC),
    )
    items = week_ahead(
        AgendaSources(
            TODAY,
            {"case": [case], "task": [Task(id="t", case_id="c1", action="A")]},
            (ChildAtRisk("k", "c1", "K"),),
        )
    )
    assert {i.title for i in items} <= set(TITLES) and len(items) >= 4


def test_an_approved_case_plan_meets_the_clock_a_draft_does_not():
    from fieldcase.domain.case_plans import CasePlan

    case = Case(
        id="c1", case_number="N-1", removal_date=date(2026, 4, 14)
    )  # plan due 14 May (30 days)
    draft = CasePlan(id="p1", case_id="c1", status=Status.DRAFT, plan_date=date(2026, 5, 8))
    [item] = [
        i for i in week_ahead(sources(case=[case], case_plan=[draft])) if i.kind is AgendaKind.PLAN
    ]
    assert (item.title, item.due, item.overdue) == ("Case plan due", date(2026, 5, 14), False)
    approved = replace(
        draft, status=Status.APPROVED
    )  # its review is due 8 November: beyond the week
    assert [
        i
        for i in week_ahead(sources(case=[case], case_plan=[approved]))
        if i.kind is AgendaKind.PLAN
    ] == []


def test_a_referral_the_provider_has_not_answered_is_a_call_to_make():
    from fieldcase.domain.referrals import Referral, ReferralStatus, StatusChange

    def referral(
        rid: str, on: date, *steps: StatusChange, status: Status = Status.DRAFT
    ) -> Referral:
        return Referral(
            id=rid,
            case_id="c1",
            status=status,
            person_id="k1",
            provider_name="Synthetic Hope House",
            referred_on=on,
            status_changes=steps,
        )

    silent = referral("r1", date(2026, 4, 28))  # the rule pack's 10 days ran out on 8 May
    due_today = referral("r2", date(2026, 5, 2))
    not_yet = referral("r3", date(2026, 5, 8))  # due 18 May: the provider still has days to answer
    answered = referral(
        "r5", date(2026, 4, 1), StatusChange(status=ReferralStatus.WAITLISTED, on=date(2026, 4, 9))
    )
    voided = referral("r6", date(2026, 4, 1), status=Status.VOIDED)
    items = [
        i
        for i in week_ahead(sources(referral=[silent, due_today, not_yet, answered, voided]))
        if i.record_kind == "referral"
    ]
    assert {i.kind for i in items} == {AgendaKind.TASK}
    assert [(i.record_id, i.due, i.overdue) for i in items] == [
        ("r1", date(2026, 5, 8), True),
        ("r2", date(2026, 5, 12), False),
    ]
    assert (
        items[0].record_kind == "referral"
        and items[0].values == {"provider": "Synthetic Hope House"}
        and items[0].child_ids == ("k1",)
    )
    assert "referral" in kinds_read()
