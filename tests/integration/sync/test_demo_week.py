"""The demo as a newcomer opens it (`fieldcase demo`'s own launcher: init-db, seed-demo, a real
uvicorn server on SQLite, the demo caseworker's laptop enrolled into a real SQLCipher store, the
first sync): the rest of the caseworker's week is on the laptop — case plans, a family support
team meeting, referrals, collateral contacts, assessments, a transition plan, tasks and the
office's resource directory — and the week ahead and the compliance line show it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from fieldcase.commands.demo import prepare
from fieldcase.domain.agenda import AgendaKind
from fieldcase.services import assessments, case_plans, compliance, resource_directory
from fieldcase.services.week_ahead import load_week_ahead

pytestmark = pytest.mark.slow


def test_the_demo_caseworkers_first_sync_brings_the_rest_of_the_week(tmp_path):
    pytest.importorskip("uvicorn")
    server, enrolled = prepare(tmp_path, supervisor=False, children=12, say=lambda _text: None)
    store = enrolled.store
    try:
        today = datetime.now(UTC).date()  # the server dates the demo from its UTC day
        kinds = Counter(r.kind for r in store.list())
        for kind, least in {
            "case_plan": 2,
            "team_meeting": 1,
            "referral": 2,
            "collateral_contact": 2,
            "assessment": 2,
            "transition_plan": 1,
            "task": 2,
        }.items():
            assert kinds[kind] >= least, (kind, kinds)

        # the office's resource directory, whole, with its service types and counties
        directory = resource_directory.find_providers(store)
        assert len(directory) == 12
        assert len(resource_directory.counties(store)) == 2
        assert len(resource_directory.find_providers(store, service_type="housing")) >= 2
        named = resource_directory.providers_named(store)
        referrals = [r.to_domain() for r in store.list(kind="referral")]
        assert all(
            r.provider_id in named and named[r.provider_id] == r.provider_name for r in referrals
        )

        # the approved plans are version 1, with services and a visiting schedule
        plan_cases = {r.case_id for r in store.list(kind="case_plan")}
        approved = [case_plans.approved_plan(store, case_id) for case_id in plan_cases]
        assert all(p is not None and p.version == 1 and p.services and p.visiting for p in approved)

        week = load_week_ahead(store, today=today)
        kinds_due = {line.item.kind for line in week.lines}
        assert {AgendaKind.TASK, AgendaKind.MEETING, AgendaKind.PLAN} <= kinds_due, kinds_due
        assert (
            week.count(AgendaKind.TASK, overdue=True) >= 1
            and week.count(AgendaKind.TASK, overdue=False) >= 1
        )
        titles = {line.item.title for line in week.lines}
        assert {"Case plan review due", "Family support team meeting due"} <= titles
        # the provider's overdue answer is one of the tasks (a call to make), opening the referral
        [referral] = [line for line in week.lines if line.item.record_kind == "referral"]
        assert referral.item.kind is AgendaKind.TASK
        assert (
            referral.item.overdue
            and referral.item.values["provider"].startswith("Synthetic ")
            and referral.children
        )  # who was referred, by name

        summary = compliance.caseload_summary(store, today=today)
        assert any("without an approved transition plan" in line for line in summary.lines), (
            summary.lines
        )

        youth = next(a for a in store.list(kind="assessment")).body["child_id"]
        needs = assessments.actionable_needs(store, youth)
        assert {n.item_id for n in needs} == {"money_budget", "money_bills"}
    finally:
        store.lock()
        server.stop()
