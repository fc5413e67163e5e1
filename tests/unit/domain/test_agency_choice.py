"""The agency's own choice over the built-in pack (domain/approval.with_agency_choice)."""

from __future__ import annotations

from fieldcase.domain import approval
from fieldcase.domain.rule_pack import MISSOURI


def test_no_word_from_the_server_keeps_the_pack():
    assert approval.with_agency_choice(MISSOURI, None) is MISSOURI


def test_the_agencys_choice_replaces_the_packs():
    rules = approval.with_agency_choice(MISSOURI, ["home_visit", "goal_change"])
    assert approval.needs_approval("home_visit", rules)
    assert not approval.needs_approval("collateral_contact", rules)


def test_a_kind_this_laptop_does_not_know_is_ignored_and_a_proposal_stays_approved():
    rules = approval.with_agency_choice(MISSOURI, ["home_visit", "a_kind_of_a_newer_release"])
    assert rules.approval_required == {"home_visit", "goal_change"}
