"""The supervisor's approval of a proposed goal change makes it the case's goals (domain/goal_changes.py).

A laptop never edits a case's permanency or concurrent goal (case_edits.py refuses it); a caseworker
proposes a `goal_change`, which travels like a field record. When the supervisor approves it, the
case's goals change here, in the transaction of the approval, as one new revision of the case made
by the approving supervisor: its change reaches every laptop whose scope holds the case, and the
approval and the goals can never be seen apart. A return changes nothing on the case.

Two checks at approval, on the server's copy (the laptop's may be older): APPLA only when every
child of the case is old enough on the day of the approval, and the case's goals still those the
proposal started from — if the office changed them meanwhile, approving would silently overwrite
the office's goals, so the supervisor is told to return the proposal instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcase.domain.case_rules import too_young_for_appla
from fieldcase.domain.cases import PermanencyGoal
from fieldcase.domain.people import Person, PersonRole
from fieldcase.domain.rule_pack import DEFAULT_RULES
from fieldcase.server.devices import iso
from fieldcase.server.models import Record
from fieldcase.server.refusals import Refused

KIND = "goal_change"
#: the case's field each proposal field sets
_SETS = {
    "proposed_permanency_goal": "permanency_goal",
    "proposed_concurrent_goal": "concurrent_goal",
}
_WAS = {"current_permanency_goal": "permanency_goal", "current_concurrent_goal": "concurrent_goal"}


def _case_record(session: Session, ctx: Any, case_id: str) -> Record | None:
    if ctx.sink is not None:  # a push: its records are plain objects it writes itself (pushes.py)
        return ctx.sink.get_or_load(session, case_id)
    return session.get(Record, case_id)


def _children(session: Session, case_id: str) -> list[Person]:
    bodies = session.execute(
        select(Record.body).where(
            Record.case_id == case_id, Record.kind == "person", Record.deleted.is_(False)
        )
    ).scalars()
    found = []
    for body in bodies:
        if body and body.get("role") == PersonRole.CHILD.value and body.get("date_of_birth"):
            found.append(
                Person(
                    id="",
                    case_id=case_id,
                    role=PersonRole.CHILD,
                    date_of_birth=date.fromisoformat(body["date_of_birth"]),
                )
            )
    return found


def on_approval(
    session: Session, ctx: Any, proposal: Record, *, changed: Callable[..., None]
) -> None:
    """Before a record is marked approved; for a goal change: check it against the server's case and children and
    set the case's goals (`changed`: records._changed, which bumps the case's revision and logs its
    change). Refused leaves everything as it was (the mutation's savepoint is rolled back)."""
    if proposal.kind != KIND:
        return
    body = proposal.body or {}
    case = _case_record(session, ctx, proposal.case_id)
    if case is None or case.kind != "case" or case.deleted or case.body is None:
        raise Refused("not_found", "The case of this goal change was not found.")
    current = dict(case.body)
    if any(current.get(field) != body.get(name) for name, field in _WAS.items()):
        raise Refused(
            "goals_changed",
            "The case's goals changed after this goal change was proposed; return it so the caseworker can propose again from the current goals.",
        )
    proposed = {field: body.get(name) for name, field in _SETS.items()}
    if PermanencyGoal.APPLA.value in proposed.values() and too_young_for_appla(
        _children(session, proposal.case_id), on=ctx.now.date()
    ):
        raise Refused(
            "appla_age",
            f"Another planned permanent living arrangement (APPLA) is only a goal for youth aged {DEFAULT_RULES.appla_minimum_age} or older; return the goal change with a reason.",
        )
    if all(current.get(field) == value for field, value in proposed.items()):
        return  # nothing to change on the case (the proposal restates its goals)
    case.body = {**current, **proposed}
    authors = dict(case.field_authors or {})
    for field in proposed:
        authors[field] = {"by": ctx.principal.user_id, "at": iso(ctx.now)}
    case.field_authors = authors
    # The case's change is the server's consequence of the approval, not the approving laptop's
    # mutation: without its id, the supervisor's laptop never takes it for the echo of its own edit
    # of the case (store/sync_apply.py), and the mutation still has exactly one change (sync.md P2).
    changed(session, dataclasses.replace(ctx, mutation_id=None), case, None)
