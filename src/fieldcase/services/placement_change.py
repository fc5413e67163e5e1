"""A placement change recorded on the laptop, offline (a move at 11 p.m.): the child's current
placement ends on the day of the move with the reason, and the new placement starts that day —
both in one store transaction, so the laptop never has the child placed twice or nowhere. The new
placement's start is what the initial-placement-visit clock counts from
(domain/compliance/deadlines.py: the current placement is the one that started last).

The change is edited like a draft: each autosave writes both placements again (the ended one's end
and reason, the new one's fields), so a move typed in several sittings is still one change.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fieldcase.domain.ids import new_id
from fieldcase.domain.placements import Placement, PlacementType, ProviderKind
from fieldcase.domain.problems import Problem
from fieldcase.domain.validation import problems

if TYPE_CHECKING:  # the store (SQLAlchemy) loads with the first unlock, not with the window
    from fieldcase.store.store import Store


@dataclass(frozen=True)
class PlacementChange:
    """What the placement-change form edits. `ending_placement_id`: the placement that ends (None
    for a child not placed before); `new_placement_id` is made once, when the form opens."""

    case_id: str
    child_id: str
    new_placement_id: str
    ending_placement_id: str | None = None
    moved_on: date | None = None
    reason_for_change: str | None = None
    provider_kind: ProviderKind | None = None
    provider_name: str = ""
    placement_type: PlacementType | None = None
    address: str | None = None  # the new home's address: restricted, as every placement's is


@dataclass(frozen=True)
class PlacementChangeSaved:
    new_placement_id: str
    ending_placement_id: str | None
    changed_fields: tuple[str, ...]
    problems: tuple[Problem, ...]


def current_placement(store: Store, *, child_id: str, on: date) -> Placement | None:
    """The child's placement on a day: of those current then, the one that started last."""
    current = [
        p
        for p in store.repository("placement").list()
        if p.child_id == child_id and p.current_on(on)
    ]
    return max(current, key=lambda p: (p.starts_on or date.min, p.id), default=None)


def start_change(store: Store, *, case_id: str, child_id: str, today: date) -> PlacementChange:
    """A new placement change for a child: ends the child's placement of today."""
    ending = current_placement(store, child_id=child_id, on=today)
    return PlacementChange(
        case_id=case_id,
        child_id=child_id,
        new_placement_id=new_id(),
        ending_placement_id=ending.id if ending else None,
        moved_on=today,
    )


def change_problems(
    change: PlacementChange, ending: Placement | None, new: Placement
) -> list[Problem]:
    found = [p for p in problems(new, for_submit=True) if p.field not in ("starts_on", "child_id")]
    if change.moved_on is None:
        found.append(Problem("moved_on", "Enter the day the child moved."))
    elif ending is not None and ending.starts_on is not None and change.moved_on < ending.starts_on:
        found.append(
            Problem("moved_on", "The move is before the current placement started; check the date.")
        )
    if ending is not None and (
        change.reason_for_change is None or not change.reason_for_change.strip()
    ):
        found.append(Problem("reason_for_change", "Say why the placement ended."))
    return found


def record_change(store: Store, *, change: PlacementChange) -> PlacementChangeSaved:
    """Write the change: the ended placement (end day and reason) and the new placement, one
    transaction. A draft is saved whatever it lacks (nothing typed is lost); `problems` says what
    is still missing. A move before the ended placement's start is not written to it (an end
    before the start is a value that cannot be true) and is reported instead."""
    from fieldcase.store.errors import RecordNotFound

    items: list[tuple[Any, int | None]] = []
    ending = None
    if change.ending_placement_id is not None:
        stored = store.get(change.ending_placement_id, kind="placement")
        ending = stored.to_domain()
        if (
            change.moved_on is None
            or ending.starts_on is None
            or change.moved_on >= ending.starts_on
        ):
            items.append(
                (
                    dataclasses.replace(
                        ending, ends_on=change.moved_on, reason_for_change=change.reason_for_change
                    ),
                    stored.version,
                )
            )
    try:
        existing = store.get(change.new_placement_id, kind="placement")
        new, version = existing.to_domain(), existing.version
    except RecordNotFound:
        new, version = (
            Placement(id=change.new_placement_id, case_id=change.case_id, child_id=change.child_id),
            None,
        )
    new = dataclasses.replace(
        new,
        child_id=change.child_id,
        starts_on=change.moved_on,
        provider_kind=change.provider_kind,
        provider_name=change.provider_name or "",
        placement_type=change.placement_type,
        address=change.address,
    )
    items.append((new, version))
    saved = store.save_together(items)
    changed = tuple(sorted({f for s in saved for f in s.changed_fields}))
    return PlacementChangeSaved(
        new.id, change.ending_placement_id, changed, tuple(change_problems(change, ending, new))
    )


def change_from_body(body: dict[str, Any]) -> PlacementChange:
    """The change a form's body describes (enum values and ISO days as the form holds them)."""
    moved = body.get("moved_on")
    return PlacementChange(
        case_id=body["case_id"],
        child_id=body["child_id"],
        new_placement_id=body["new_placement_id"],
        ending_placement_id=body.get("ending_placement_id") or None,
        moved_on=date.fromisoformat(moved) if moved else None,
        reason_for_change=body.get("reason_for_change"),
        provider_kind=ProviderKind(body["provider_kind"]) if body.get("provider_kind") else None,
        provider_name=body.get("provider_name") or "",
        placement_type=PlacementType(body["placement_type"])
        if body.get("placement_type")
        else None,
        address=body.get("address"),
    )


def change_body(change: PlacementChange) -> dict[str, Any]:
    return {
        "case_id": change.case_id,
        "child_id": change.child_id,
        "new_placement_id": change.new_placement_id,
        "ending_placement_id": change.ending_placement_id,
        "moved_on": change.moved_on.isoformat() if change.moved_on else None,
        "reason_for_change": change.reason_for_change,
        "provider_kind": change.provider_kind.value if change.provider_kind else None,
        "provider_name": change.provider_name or None,
        "placement_type": change.placement_type.value if change.placement_type else None,
        "address": change.address,
    }
