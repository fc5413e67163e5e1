"""Compliance from the laptop's store: the caseworker's header line, the team dashboard per
caseworker and per child, and one child's drill-down. The rules themselves are tested in
tests/unit/domain/test_compliance_*.py; these check the loading and the shaping."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from types import SimpleNamespace

from fieldcase.domain.cases import Case
from fieldcase.domain.compliance import MonthState
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.placements import Placement
from fieldcase.services import compliance, team
from helpers.services import seed_caseload, seen_visit

TODAY = date(2026, 5, 25)  # 6 days left in May: unseen children are at risk
NOW = datetime(2026, 5, 25, 12, 0, tzinfo=UTC)


def _second_worker_family(store):
    """A case of another caseworker, with two children placed (what a supervisor's laptop holds)."""
    case = Case(
        id=new_id(),
        case_number="DEMO-2000",
        opened_on=date(2025, 1, 10),
        primary_worker_id="worker-2",
        removal_date=date(2025, 1, 9),
        case_plan_due=date(2026, 6, 20),
    )
    store.save(case)
    kids = []
    for n in range(2):
        child = Person(
            id=new_id(),
            case_id=case.id,
            role=PersonRole.CHILD,
            given_name=f"Quil{n}",
            family_name="Moxby",
        )
        store.save(child)
        store.save(
            Placement(
                id=new_id(),
                case_id=case.id,
                child_id=child.id,
                provider_name="Brenta family",
                starts_on=date(2025, 1, 10),
            )
        )
        kids.append(child.id)
    return SimpleNamespace(case_id=case.id, child_ids=tuple(kids))


def test_caseload_summary_is_the_headline_for_the_caseload_header(store):
    families = seed_caseload(store, families=2)
    store.save(
        seen_visit(
            families[0].case_id, families[0].child_ids, on=datetime(2026, 5, 4, 15, tzinfo=UTC)
        )
    )

    summary = compliance.caseload_summary(store, today=TODAY)

    assert summary.counts.children_in_care == 4 and summary.counts.seen_this_month == 2
    assert summary.headline.startswith("2 children not yet seen this month")
    assert any("at risk" in line for line in summary.lines)


def test_team_dashboard_per_caseworker_and_per_child(store):
    families = seed_caseload(store, families=2)
    families.append(_second_worker_family(store))
    store.save(
        seen_visit(
            families[0].case_id, families[0].child_ids, on=datetime(2026, 5, 4, 15, tzinfo=UTC)
        )
    )
    waiting = seen_visit(
        families[1].case_id, families[1].child_ids[:1], on=datetime(2026, 5, 20, 15, tzinfo=UTC)
    )
    store.save(waiting)
    store.command(waiting.id, "submit")
    returned = seen_visit(
        families[2].case_id, families[2].child_ids[:1], on=datetime(2026, 5, 21, 15, tzinfo=UTC)
    )
    store.save(dataclasses.replace(returned, created_by="worker-2"))
    store.command(returned.id, "submit")
    store.command(returned.id, "return", reason="Say who else was present.")

    board = compliance.team_dashboard(store, today=TODAY, now=NOW)

    by_label = {w.label: w for w in board.workers}
    assert set(by_label) == {"Caseworker 1", "Caseworker 2"}
    one, two = by_label["Caseworker 1"], by_label["Caseworker 2"]
    assert (one.worker_id, one.children, one.seen, one.due) == ("worker-1", 4, 3, 1)
    assert (one.waiting, one.returned) == (1, 0) and one.oldest_waiting_hours is not None
    assert (two.worker_id, two.children, two.seen, two.due, two.returned) == (
        "worker-2",
        2,
        1,
        1,
        1,
    )
    assert board.waiting == 1 and board.returned == 1
    assert board.totals.children_in_care == 6
    # children who still need a visit come first, in words as well as state
    assert [r.month_state for r in board.children[:2]] == [MonthState.AT_RISK, MonthState.AT_RISK]
    assert board.children[0].month_words == "At risk" and board.children[-1].month_words == "Seen"
    waiting_child = next(r for r in board.children if r.child_id == families[1].child_ids[0])
    assert waiting_child.waiting_for_approval == 1 and waiting_child.seen_in_residence
    assert (
        waiting_child.case_plan.startswith("Due")
        or waiting_child.case_plan.startswith("Overdue")
        or waiting_child.case_plan == ""
    )


def test_names_replace_the_labels_when_known(store):
    seed_caseload(store, families=1)
    board = compliance.team_dashboard(store, today=TODAY, now=NOW, names={"worker-1": "Robin Vale"})
    assert [w.label for w in board.workers] == ["Robin Vale"]
    assert [m.label for m in team.team_members(store, names={"worker-1": "Robin Vale"})] == [
        "Robin Vale"
    ]


def test_child_drill_down_shows_the_fiscal_year_month_by_month(store):
    family = seed_caseload(store, families=1)[0]
    child = family.child_ids[0]
    store.save(seen_visit(family.case_id, (child,), on=datetime(2026, 3, 4, 15, tzinfo=UTC)))
    store.save(
        seen_visit(
            family.case_id, (child,), on=datetime(2026, 4, 4, 15, tzinfo=UTC), residence=False
        )
    )

    found = compliance.child_drill_down(store, child_id=child, today=TODAY)

    assert found.fiscal_year == 2026 and found.case_number == "DEMO-1000" and found.child_name
    assert [m.month for m in found.months][:1] == ["2025-10"] and found.months[
        -1
    ].month == "2026-05"
    by_month = {m.month: m for m in found.months}
    assert by_month["2026-03"].state is MonthState.SEEN and by_month["2026-03"].seen_in_residence
    assert (
        by_month["2026-04"].state is MonthState.SEEN and not by_month["2026-04"].seen_in_residence
    )
    assert by_month["2026-05"].words == "At risk"
    assert by_month["2026-01"].words == "Missed"
    assert found.months_in_care == 12 and found.residence_months == 1 and found.majority_at_risk
    assert {d.what for d in found.deadlines} >= {"Contact with the placement provider"}
