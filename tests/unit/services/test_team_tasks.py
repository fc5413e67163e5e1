"""The supervisor's dashboard lists the team's overdue tasks (services/team_tasks.py): a visit's
follow-up and a worker's task past their due day, oldest first, with the caseworker whose case it
is; done ones and those not yet due are not listed. Tuesday 12 May 2026."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from fieldcase.domain.home_visits import FollowUpTask
from fieldcase.domain.ids import new_id
from fieldcase.domain.tasks import Task
from fieldcase.services import compliance
from helpers.services import TODAY, seed_caseload, seen_visit

NOW = datetime(2026, 5, 12, 12, tzinfo=UTC)


def test_the_teams_overdue_tasks_oldest_first(store):
    family = seed_caseload(store, families=1)[0]
    visit = replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 4, 20, 10, tzinfo=UTC)),
        follow_up_tasks=(
            FollowUpTask(action="Call the school nurse", due=date(2026, 4, 30)),
            FollowUpTask(action="Book the dentist", due=date(2026, 5, 20)),
        ),
    )
    store.save(visit)
    store.save(
        Task(
            id="t-late",
            case_id=family.case_id,
            action="Ask CASA for the report",
            due=date(2026, 5, 10),
        )
    )
    store.save(
        Task(
            id="t-done",
            case_id=family.case_id,
            action="Send the form",
            due=date(2026, 5, 1),
            done=True,
            done_on=date(2026, 5, 2),
        )
    )

    board = compliance.team_dashboard(store, today=TODAY, now=NOW, names={"worker-1": "Robin Vale"})

    assert [
        (t.action, t.days_overdue, t.worker_label, t.case_number, t.record_kind)
        for t in board.overdue_tasks
    ] == [
        ("Call the school nurse", 12, "Robin Vale", "DEMO-1000", "home_visit"),
        ("Ask CASA for the report", 2, "Robin Vale", "DEMO-1000", "task"),
    ]


def test_a_referral_the_provider_has_not_answered_is_on_the_teams_overdue_list_and_the_week(store):
    from fieldcase.domain.agenda import AgendaKind
    from fieldcase.domain.referrals import Referral
    from fieldcase.services.week_ahead import load_week_ahead

    family = seed_caseload(store, families=1)[0]
    store.save(
        Referral(
            id="r-late",
            case_id=family.case_id,
            person_id=family.parent_id,
            provider_name="Harbor Counseling",
            referred_on=date(2026, 4, 20),
        )
    )  # 10 days to answer: due 30 April
    store.save(
        Referral(
            id="r-new",
            case_id=family.case_id,
            person_id=family.parent_id,
            provider_name="Bayside Housing",
            referred_on=date(2026, 5, 8),
        )
    )  # due 18 May

    board = compliance.team_dashboard(store, today=TODAY, now=NOW, names={"worker-1": "Robin Vale"})
    assert [
        (t.record_kind, t.record_id, t.action, t.days_overdue) for t in board.overdue_tasks
    ] == [("referral", "r-late", "Harbor Counseling", 12)]
    week = load_week_ahead(store, today=TODAY)
    [line] = [line for line in week.lines if line.item.record_kind == "referral"]
    assert (line.item.kind, line.item.record_id, line.item.due, line.item.overdue) == (
        AgendaKind.TASK,
        "r-late",
        date(2026, 4, 30),
        True,
    )
    assert line.children  # the parent referred, by name


def test_a_collateral_contacts_overdue_follow_up_is_on_the_teams_list(store):
    from fieldcase.domain.collateral_contacts import CollateralContact
    from fieldcase.domain.ids import new_id

    family = seed_caseload(store, families=1)[0]
    # a contact about the case as a whole (no child named) still has its tasks listed
    contact = CollateralContact(
        id=new_id(),
        case_id=family.case_id,
        contact_start=datetime(2026, 4, 27, 14, tzinfo=UTC),
        follow_up_tasks=(
            FollowUpTask(action="Send the attorney the plan", due=date(2026, 5, 5)),
            FollowUpTask(action="Call the GAL back", due=date(2026, 5, 20)),
        ),
    )
    store.save(contact)

    board = compliance.team_dashboard(store, today=TODAY, now=NOW, names={"worker-1": "Robin Vale"})
    assert [
        (t.action, t.days_overdue, t.worker_label, t.record_kind, t.record_id)
        for t in board.overdue_tasks
    ] == [("Send the attorney the plan", 7, "Robin Vale", "collateral_contact", contact.id)]


def test_a_follow_up_is_listed_whatever_the_note_says_about_the_list(store):
    """The overdue list passes over a body that holds its empty follow-up list on a text search
    alone (record_rows.with_rows_in): a note quoting that text, or a follow-up among rows written
    before, must not hide a row that is due."""
    family = seed_caseload(store, families=1)[0]
    quoted = replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 4, 20, 10, tzinfo=UTC)),
        observations='The form showed "follow_up_tasks":[] until the nurse called back.',
        follow_up_tasks=(FollowUpTask(action="Call the school nurse", due=date(2026, 4, 30)),),
    )
    empty = replace(
        seen_visit(family.case_id, family.child_ids, on=datetime(2026, 4, 21, 10, tzinfo=UTC)),
        observations='Nothing to follow up: "follow_up_tasks":[]',
    )
    store.save(quoted)
    store.save(empty)

    board = compliance.team_dashboard(store, today=TODAY, now=NOW)

    assert [(t.action, t.record_id) for t in board.overdue_tasks] == [
        ("Call the school nurse", quoted.id)
    ]


def test_the_dashboard_lists_the_overdue_tasks_of_open_cases_as_a_read_of_its_own_does(store):
    """The dashboard hands its own read's open cases (`CaseFacts`) to the overdue list instead of
    reading every case again whole: the same list — a closed case's overdue task still left out,
    the case number and the caseworker still those of the case."""
    from fieldcase.domain.cases import CaseStatus
    from fieldcase.services.team_tasks import team_overdue_tasks

    family = seed_caseload(store, families=1)[0]
    case = store.repository("case").get(family.case_id)
    closed = replace(case, id=new_id(), case_number="DEMO-CLOSED", status=CaseStatus.CLOSED)
    store.save(closed)
    for case_id, action in ((case.id, "Ask CASA for the report"), (closed.id, "Closed")):
        store.save(Task(id=new_id(), case_id=case_id, action=action, due=date(2026, 5, 4)))
    labels = {"worker-1": "Robin Vale"}

    board = compliance.team_dashboard(store, today=TODAY, now=NOW, names=labels)
    own = team_overdue_tasks(store, today=TODAY, labels=labels)

    assert board.overdue_tasks == own
    assert [(t.action, t.case_number, t.worker_label) for t in own] == [
        ("Ask CASA for the report", "DEMO-1000", "Robin Vale")
    ]
