"""The compliance counts in the reader's language: the caseload's header line and its sentences,
the team dashboard's too.

The compliance engine words its summary in English (`domain.compliance.caseload.summary_lines`:
the command line and the print-outs use it); the window words the same counts here through the
catalogue, each sentence whole in its singular and plural, so that Spanish agrees ("1 niño no
visto", "3 niños no vistos"). A test keeps the English here equal to the engine's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldcase.ui.i18n import _

if TYPE_CHECKING:  # the compliance engine and its rules load with the first unlock, not with the window
    from fieldcase.domain.compliance.caseload import CaseloadCounts
    from fieldcase.domain.rule_pack import RulePack


def _count(n: int, one: str, many: str, **more: object) -> str:
    return _(one if n == 1 else many).format(n=n, **more)


def headline(counts: CaseloadCounts) -> str:
    """E.g. "3 children not yet seen this month, 1 at risk of missing in-residence majority"."""
    c = counts
    if c.children_in_care == 0:
        head = [_("No children in care")]
    elif c.not_yet_seen_this_month:
        head = [_count(c.not_yet_seen_this_month, "{n} child not yet seen this month", "{n} children not yet seen this month")]
    else:
        head = [_("All children seen this month")]
    if c.at_risk_of_missing_majority:
        head.append(_("{n} at risk of missing in-residence majority").format(n=c.at_risk_of_missing_majority))
    return ", ".join(head)


def lines(counts: CaseloadCounts, rules: RulePack | None = None) -> tuple[str, ...]:
    """One sentence per count that needs attention, in the engine's order (`rules`: the engine's
    default rule pack unless said)."""
    if rules is None:
        from fieldcase.domain.rule_pack import DEFAULT_RULES

        rules = DEFAULT_RULES
    c = counts
    sentences = (
        (c.not_yet_seen_this_month, "{n} child not yet seen this month", "{n} children not yet seen this month", {}),
        (c.at_risk_this_month, "{n} child at risk: {days} days or fewer left to visit",
         "{n} children at risk: {days} days or fewer left to visit", {"days": rules.monthly_visit_at_risk_days_left}),
        (c.missed_this_month, "{n} child missed this month's visit", "{n} children missed this month's visit", {}),
        (c.seen_not_privately_this_month, "{n} child seen but not privately this month",
         "{n} children seen but not privately this month", {}),
        (c.at_risk_of_missing_majority, "{n} child at risk of missing in-residence majority",
         "{n} children at risk of missing in-residence majority", {}),
        (c.case_plans_overdue, "{n} case plan or review overdue", "{n} case plans or reviews overdue", {}),
        (c.case_plans_due_soon, "{n} case plan or review due within {days} days", "{n} case plans or reviews due within {days} days",
         {"days": rules.due_soon_days}),
        (c.family_support_team_overdue, "{n} family support team meeting overdue", "{n} family support team meetings overdue", {}),
        (c.initial_placement_visits_overdue, "{n} initial placement visit overdue", "{n} initial placement visits overdue", {}),
        (c.provider_contacts_outstanding, "{n} placement provider not yet contacted this month",
         "{n} placement providers not yet contacted this month", {}),
        (c.visitation_plans_behind, "{n} visitation plan behind", "{n} visitation plans behind", {}),
        (c.documentation_late, "{n} visit note recorded late or overdue (due within {hours} hours)",
         "{n} visit notes recorded late or overdue (due within {hours} hours)", {"hours": rules.documentation_due_hours}),
        (c.odometer_flags, "{n} odometer reading to check", "{n} odometer readings to check", {}),
    )
    return tuple(_count(n, one, many, **more) for n, one, many, more in sentences if n)
