"""The rule pack this server decides with: the built-in pack, with the agency's own choice of the
kinds a supervisor approves from the settings (`approval_required`, docs/server.md "Settings"). The
server checks every submitted or filed record against it (server/record_commands.py) and tells the
laptops at every hello, so they file or submit offline as the agency decided (domain/approval.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from fieldcase.domain.rule_pack import DEFAULT_RULES, RulePack, RulePackError


def agency_rules(
    approval_required: Iterable[str] | None, base: RulePack = DEFAULT_RULES
) -> RulePack:
    if approval_required is None:
        return base
    return dataclasses.replace(base, approval_required=frozenset(approval_required))


def check_approval_required(named: Iterable[str]) -> None:
    """Raise ValueError (a settings error naming the setting) for a kind that is no kind a
    supervisor can approve, or a choice that leaves out one that must always be approved."""
    try:
        agency_rules(named)
    except RulePackError as err:
        raise ValueError(str(err)) from None
