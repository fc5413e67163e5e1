"""Which records a supervisor approves: the agency's choice, in its rule pack
(`RulePack.approval_required`; domain.md "Workflow of every field record").

A kind the pack names is *submitted*: it waits in the supervisor's queue until approved or returned.
A kind the pack leaves out is *filed*: the caseworker's submit makes it final at once — approved,
read-only, corrected by addenda only, counted wherever an approved record counts — and it never
enters the queue. Its trail says so honestly: the one who filed it is its approver, at the moment
it was submitted, and no supervisor reviewed it (`filed_without_review`).

The laptop picks the command with its pack; the server checks it against its own pack (a laptop on
an older pack cannot file what the agency wants approved, and a submit of a kind the server's pack
files is filed there).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from . import kinds
from .rule_pack import DEFAULT_RULES, RulePack
from .workflow import Command, WorkflowError


def with_agency_choice(rules: RulePack, named: Iterable[str] | None) -> RulePack:
    """The pack with the agency's own choice of the kinds a supervisor approves, as its server says
    it (a server setting, told to laptops in every hello), or the pack unchanged when none is said.
    A kind this laptop does not know (a newer server) is left out, and a kind that must always be
    approved stays in: the server checks every finished record against its own choice anyway."""
    if named is None:
        return rules
    known = frozenset(named) & frozenset(kinds.WORKFLOW_KINDS)
    return dataclasses.replace(rules, approval_required=known | frozenset(kinds.APPROVAL_KINDS))


def needs_approval(kind: str, rules: RulePack = DEFAULT_RULES) -> bool:
    """True when a supervisor approves this kind of record before it is final."""
    return kind in rules.approval_required


def finishing_command(kind: str, rules: RulePack = DEFAULT_RULES) -> Command:
    """What the caseworker's "submit" sends: SUBMIT to the queue, or FILE (final, no review)."""
    return Command.SUBMIT if needs_approval(kind, rules) else Command.FILE


def check_may_file(kind: str, rules: RulePack = DEFAULT_RULES) -> None:
    """Refuse to file (make final without review) a kind the pack sends to the supervisor."""
    if needs_approval(kind, rules):
        noun = kinds.noun(kind)
        raise WorkflowError(
            f"The agency's rules say a supervisor approves every {noun}; submit this {noun} for approval instead.",
            code="workflow.file.approval_required",
        )


def filed_by_its_author(created_by: str | None, approved_by: str | None) -> bool:
    """True for an approved record its own author made final: the server never lets anyone approve
    their own work (server/record_commands.py), so only filing gives an author as approver. What a
    printed record can tell from the record alone (the server's facts are `filed_without_review`)."""
    return bool(approved_by) and approved_by == created_by


def filed_without_review(meta: Mapping[str, Any]) -> bool:
    """True for an approved record its author filed (the server's facts of the change, `meta`): the
    one who submitted it approved it in the same instant — a supervisor's approval is always a
    second command, by someone else, later."""
    return bool(
        meta.get("approved_at")
        and meta.get("approved_by")
        and meta.get("approved_at") == meta.get("submitted_at")
        and meta.get("approved_by") == meta.get("submitted_by")
    )
