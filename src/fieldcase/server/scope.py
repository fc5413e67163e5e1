"""The one scoped query layer: which cases a principal may see, computed in the database every time.

Scope (sync.md "Caseload scope"): cases where the user is the primary or a covering worker today, plus,
for a supervisor, the cases of the workers of the teams they supervise; and every record linked to
those cases. Admins administer; they hold no caseload. Every read or write of a record goes through
`visible_records` / `find_record`; a record outside the scope is indistinguishable from one that does
not exist (both 404).
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, bindparam, false, or_, select, union
from sqlalchemy.orm import Session

from fieldcase.server.devices import Principal
from fieldcase.server.models import CaseAssignment, Record, Team, User, utcnow


def _active_on(day: Any) -> Any:
    return and_(
        CaseAssignment.starts_on <= day,
        or_(CaseAssignment.ends_on.is_(None), CaseAssignment.ends_on >= day),
    )


def accessible_case_ids(principal: Principal, *, day: date | None = None) -> Select:
    """A SELECT of the case ids `principal` may see today (use as a subquery: `IN accessible(...)`)."""
    return _accessible(principal.role, principal.user_id, day or utcnow().date())


@functools.lru_cache(maxsize=8)
def accessible_case_ids_bound(role: str) -> Select:
    """The same SELECT for any user of `role`, the user and the day left as parameters
    (`scope_values`): built once and reused by the changes feed, which runs at every sync —
    building the statement cost more than running it."""
    return _accessible(
        role,
        bindparam("scope_user_id", type_=CaseAssignment.user_id.type),
        bindparam("scope_day", type_=CaseAssignment.starts_on.type),
    )


def scope_values(principal: Principal, *, day: date | None = None) -> dict[str, Any]:
    """The parameters of `accessible_case_ids_bound` for `principal`."""
    return {"scope_user_id": principal.user_id, "scope_day": day or utcnow().date()}


def _accessible(role: str, user_id: Any, day: Any) -> Select:
    own = select(CaseAssignment.case_id).where(CaseAssignment.user_id == user_id, _active_on(day))
    if role == "caseworker":
        return own
    if role == "supervisor":
        team_cases = (
            select(CaseAssignment.case_id)
            .join(User, User.id == CaseAssignment.user_id)
            .join(Team, Team.id == User.team_id)
            .where(Team.supervisor_id == user_id, _active_on(day))
        )
        return select(union(own, team_cases).subquery().c.case_id)
    return select(CaseAssignment.case_id).where(false())


def directory_users(principal: Principal) -> Select:
    """The users `principal` may know by name: themselves, the members of their team and its
    supervisor, and for a supervisor the members of the teams they supervise — active accounts of
    the same organisation only. Nobody else (no enumeration of the staff beyond one's own team)."""
    mine = [User.id == principal.user_id]
    if principal.team_id is not None:
        mine.append(User.team_id == principal.team_id)
        mine.append(
            User.id.in_(
                select(Team.supervisor_id).where(
                    Team.id == principal.team_id, Team.supervisor_id.is_not(None)
                )
            )
        )
    if principal.role == "supervisor":
        mine.append(
            User.team_id.in_(select(Team.id).where(Team.supervisor_id == principal.user_id))
        )
    return (
        select(User)
        .where(
            User.org_id == principal.org_id,
            or_(*mine),
            or_(User.active.is_(True), User.id == principal.user_id),
        )
        .order_by(User.id)
    )


def visible_records(principal: Principal) -> Select:
    return select(Record).where(Record.case_id.in_(accessible_case_ids(principal)))


def find_record(
    session: Session, principal: Principal, record_id: str, *, for_update: bool = False
) -> Record | None:
    """The record if it exists and is in scope; None otherwise (answer 404 either way)."""
    query = visible_records(principal).where(Record.id == record_id)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def case_in_scope(session: Session, principal: Principal, case_id: str) -> bool:
    query = accessible_case_ids(principal).subquery()
    return (
        session.execute(select(query.c.case_id).where(query.c.case_id == case_id).limit(1)).first()
        is not None
    )


def supervises(session: Session, principal: Principal, case_id: str) -> bool:
    """True if `principal` is a supervisor of a worker currently assigned to `case_id`."""
    if principal.role != "supervisor":
        return False
    day = utcnow().date()
    found = session.execute(
        select(CaseAssignment.id)
        .join(User, User.id == CaseAssignment.user_id)
        .join(Team, Team.id == User.team_id)
        .where(
            CaseAssignment.case_id == case_id,
            Team.supervisor_id == principal.user_id,
            _active_on(day),
        )
        .limit(1)
    ).first()
    return found is not None
