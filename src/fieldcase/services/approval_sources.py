"""What the review reads from the laptop besides the entries: names, case numbers, the decisions
still waiting for a sync, open refused-approval items, and the times entries were submitted."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fieldcase.domain import metadata as record_facts
from fieldcase.domain.workflow import Command
from fieldcase.services.approval_models import WaitingDecision
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _hours_between(start: datetime | None, end: datetime) -> int:
    if start is None:
        return 0
    return max(0, int((end - start).total_seconds() // 3600))


def _names(store: Store) -> dict[str, str]:
    # names straight from the stored bodies: parsing every person into a record only to read two
    # fields made the queue slow on a large team
    return {
        r.id: f"{r.body.get('given_name') or ''} {r.body.get('family_name') or ''}".strip()
        for r in store.list(kind="person")
    }


def _case_numbers(store: Store) -> dict[str, str]:
    return {r.id: r.body.get("case_number") or "" for r in store.list(kind="case")}


def _child_ids(item: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(record_facts.children_of(item)))


def _open_stale(sync: SyncStore) -> dict[str, str]:
    """record id → the message of an unresolved refused-approval item."""
    return {a.record_id: a.message for a in sync.attention() if a.topic == "stale" and a.record_id}


def decisions_waiting(store: Store) -> list[WaitingDecision]:
    """Approvals and returns made on this laptop that the server has not answered yet."""
    found = []
    for entry in SyncStore(store).unsent():
        name = entry.payload.get("name") if entry.kind == "command" else None
        if name in (Command.APPROVE.value, Command.RETURN.value):
            found.append(WaitingDecision(entry.record_id, entry.record_kind, name, entry.payload.get("rev"), entry.state))
    return found
