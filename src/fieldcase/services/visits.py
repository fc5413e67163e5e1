"""Starting a home visit: sensible defaults (now, me, the child's current placement, a row for every
child), or the last visit of the case as a template (structure kept, narratives left blank)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from fieldcase.domain.home_visits import (
    ChildSeen,
    ContactMethod,
    HomeVisit,
    LocationType,
    VisitPurpose,
)
from fieldcase.domain.ids import new_id
from fieldcase.domain.people import PersonRole

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store


def _round_down(moment: datetime, minutes: int = 5) -> datetime:
    return moment.replace(second=0, microsecond=0) - timedelta(minutes=moment.minute % minutes)


def _children(store: Store, case_id: str) -> list[str]:
    people = store.repository("person").list(case_id=case_id)
    return [
        p.id for p in sorted(people, key=lambda p: p.display_name) if p.role is PersonRole.CHILD
    ]


def current_placement_id(store: Store, *, child_id: str, on: datetime) -> str | None:
    for placement in store.repository("placement").list(child_id=child_id):
        if placement.current_on(on.date()):
            return placement.id
    return None


def new_home_visit(
    store: Store, *, case_id: str, user_id: str, now: datetime, child_ids: tuple[str, ...] = ()
) -> HomeVisit:
    """An unsaved visit starting now; the caller saves it on the first change (autosave)."""
    children = list(child_ids) or _children(store, case_id)
    start = _round_down(now)
    return HomeVisit(
        id=new_id(),
        case_id=case_id,
        created_by=user_id,
        conducted_by=user_id,
        recorded_by=user_id,
        recorded_at=now,
        contact_start=start,
        contact_end=None,
        method=ContactMethod.FACE_TO_FACE,
        purpose=VisitPurpose.MONTHLY_CASEWORKER_VISIT,
        location_type=LocationType.CHILD_RESIDENCE,
        placement_id=current_placement_id(store, child_id=children[0], on=now)
        if children
        else None,
        children=tuple(ChildSeen(child_id=c) for c in children),
    )


def last_home_visit(store: Store, *, case_id: str) -> HomeVisit | None:
    found = store.repository("home_visit").list(case_id=case_id, limit=1)
    return found[0] if found else None


def clone_last_visit(store: Store, *, case_id: str, user_id: str, now: datetime) -> HomeVisit:
    """A new draft shaped like the case's last visit: who, where, how and the topics; no narratives,
    no answers about this visit (seen, privately, danger) — those must be recorded afresh."""
    fresh = new_home_visit(store, case_id=case_id, user_id=user_id, now=now)
    last = last_home_visit(store, case_id=case_id)
    if last is None:
        return fresh
    return dataclasses.replace(
        fresh,
        method=last.method or fresh.method,
        purpose=last.purpose or fresh.purpose,
        location_type=last.location_type or fresh.location_type,
        address=last.address,
        participants=last.participants,
        children=tuple(ChildSeen(child_id=c.child_id, topics=c.topics) for c in last.children),
        follow_up_tasks=tuple(t for t in last.follow_up_tasks),
    )
