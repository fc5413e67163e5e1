"""The agency's choice of what a supervisor approves is the server's setting (`approval_required`,
server/agency_rules.py), told to every laptop at its hello and kept there (store/agency_choice.py):
a laptop built with the default pack files, offline, what the agency no longer reviews, and goes
back to submitting when the agency changes its mind — at its next sync, with no new release."""

from __future__ import annotations

from fieldcase.domain import approval
from fieldcase.domain.rule_pack import MISSOURI
from fieldcase.domain.workflow import Status
from fieldcase.server.agency_rules import agency_rules
from fieldcase.services import field_records
from integration.sync.test_filed_without_approval import _plan_ready_to_submit, _queue


def test_the_servers_choice_reaches_the_laptop_and_decides_offline(world):
    ana, sam = world.laptop("ana"), world.laptop("sam")
    world.harness.app.state.rules = agency_rules(sorted(MISSOURI.approval_required - {"case_plan"}))
    plan = _plan_ready_to_submit(world, ana)  # syncs: the hello tells the agency's choice

    told = ana.store.agency_choice.approval_required()
    assert told is not None and "case_plan" not in told and "home_visit" in told
    ana.store.agency_choice.forget()  # kept in the store, not only in memory
    assert ana.store.agency_choice.approval_required() == told

    # the laptop was built with the default pack (plans approved) — the agency's word decides
    done = field_records.submit(ana.store, record_id=plan.id)
    assert done.status is Status.APPROVED
    ana.sync()
    sam.sync()
    assert sam.store.get(plan.id).status == "approved" and _queue(sam) == []

    # the agency reviews plans again: the laptop follows at its next sync
    world.harness.app.state.rules = agency_rules(None)
    ana.sync()
    again = ana.store.agency_choice.approval_required()
    assert again is not None and "case_plan" in again
    assert approval.needs_approval("case_plan", approval.with_agency_choice(MISSOURI, again))
