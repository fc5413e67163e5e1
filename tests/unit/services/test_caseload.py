from __future__ import annotations

from datetime import UTC, date, datetime

from fieldcase.services.caseload import filter_rows, load_caseload, load_summary, search_notes
from fieldcase.services.visit_status import MonthStatus
from helpers.services import seed_caseload, seen_visit


def test_caseload_lists_children_with_this_months_status(store):
    families = seed_caseload(store, families=3)
    first = families[0]
    store.save(
        seen_visit(first.case_id, first.child_ids[:1], on=datetime(2026, 5, 4, 15, tzinfo=UTC))
    )
    store.save(
        seen_visit(
            first.case_id,
            first.child_ids[1:],
            on=datetime(2026, 5, 5, 15, tzinfo=UTC),
            residence=False,
            privately=False,
        )
    )
    caseload = load_caseload(store, today=date(2026, 5, 25))
    assert len(caseload.rows) == 6
    by_child = {r.child_id: r for r in caseload.rows}
    assert by_child[first.child_ids[0]].status is MonthStatus.SEEN_IN_RESIDENCE_PRIVATELY
    assert by_child[first.child_ids[1]].status is MonthStatus.SEEN
    others = [r for r in caseload.rows if r.case_id != first.case_id]
    assert all(r.status is MonthStatus.AT_RISK for r in others)  # 6 days left in May
    assert caseload.at_risk_count == 4
    summary = load_summary(
        store, today=date(2026, 5, 25)
    )  # the compliance engine's summary in words
    assert summary.headline.startswith("4 children not yet seen this month")
    assert summary.lines[1].startswith("4 children at risk")
    assert all(r.placement.endswith("family") and r.case_plan_due for r in caseload.rows)
    early = load_caseload(store, today=date(2026, 5, 2))
    assert {r.status for r in early.rows} == {MonthStatus.NOT_YET}


def test_instant_filter_matches_every_word(store):
    seed_caseload(store, families=3)
    rows = load_caseload(store, today=date(2026, 5, 12)).rows
    assert filter_rows(rows, "") == list(rows)
    one = rows[0]
    word = one.child_name.split()[0][:4]
    found = filter_rows(rows, f"{word.upper()} {one.case_number}")
    assert one in found and all(one.case_number in r.case_number for r in found)
    assert filter_rows(rows, "nothing-like-this") == []


def test_notes_search_finds_cases(store):
    family = seed_caseload(store, families=2, visits_per_child=2)[1]
    assert family.case_id in search_notes(store, text="homework")
    assert search_notes(store, text='" OR 1=1 --') == frozenset()
