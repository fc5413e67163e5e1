"""Starting a visitation (family time) log entry from its plan: participants expected, the children,
the planned supervision level and supervisor."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole
from fieldcase.domain.visitation_entries import Attendance, VisitationEntry

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store


def new_visitation_entry(
    store: Store, *, case_id: str, user_id: str, now: datetime, plan_id: str | None = None
) -> VisitationEntry:
    plans = store.repository("visitation_plan").list(case_id=case_id)
    plan = next((p for p in plans if p.id == plan_id), plans[0] if plans else None)
    children = {
        p.id for p in store.repository("person").list(case_id=case_id) if p.role is PersonRole.CHILD
    }
    start = now.replace(second=0, microsecond=0)
    if plan is None:
        return VisitationEntry(
            id=new_id(),
            case_id=case_id,
            created_by=user_id,
            scheduled_start=start,
            child_ids=tuple(sorted(children)),
        )
    duration = timedelta(minutes=plan.duration_minutes or 60)
    return VisitationEntry(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        plan_id=plan.id,
        child_ids=tuple(p for p in plan.participants if p in children) or tuple(sorted(children)),
        scheduled_start=start,
        scheduled_end=start + duration,
        actual_location=plan.location_preference,
        supervision_level=plan.supervision_level,
        supervised_by=plan.supervisor,
        attendance=tuple(Attendance(person_id=p) for p in plan.participants),
    )
