"""Conflicts the server recorded (sync.md: "keep the server value and record a conflict with both
values, both authors, both times"), listed for the user and resolved as an ordinary edit:

- keep mine: the record's field becomes my value again (a patch, pushed like any edit);
- keep theirs: the field stays as the server has it (no edit of the record);
- edit: a value the user wrote — e.g. both narratives combined.

An attachment list is a set (domain/attachment_sets.py): whichever the choice, every file on
either side, and any on the record now, stays on it — settling a conflict never drops a file.

Whichever the choice, the outbox row sent for it names the conflict (`Mutation.resolves`), so the
server marks it resolved and every other laptop's copy of it settles (store/resolutions.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fieldcase.domain import attachment_sets
from fieldcase.domain.serialization import from_dict
from fieldcase.errors import UserError
from fieldcase.services.directory import known_names
from fieldcase.store.records import Saved
from fieldcase.store.sync_apply import SyncStore


class ConflictNotFound(UserError):
    code = "conflict_not_found"

    def __init__(self) -> None:
        super().__init__("That conflict is no longer open; it may have been settled already.")


@dataclass(frozen=True)
class ConflictItem:
    conflict_id: str
    record_kind: str | None
    record_id: str | None
    field: str
    narrative: bool
    mine: Any  # the value this laptop's user (or the other laptop) sent: kept, never lost
    theirs: Any  # the value the server kept
    my_author: str | None
    their_author: str | None
    my_time: str | None
    their_time: str | None
    message: str
    #: the authors' names from the team directory (services/directory.py), None when not known
    my_author_name: str | None = None
    their_author_name: str | None = None


def list_conflicts(store: Any) -> list[ConflictItem]:
    items = []
    names = known_names(store)
    for a in SyncStore(store).attention():
        if a.topic != "conflict" or "field" not in a.details:
            continue
        d = a.details
        items.append(
            ConflictItem(
                a.id,
                a.record_kind,
                a.record_id,
                d["field"],
                bool(d.get("narrative")),
                d.get("client_value"),
                d.get("server_value"),
                d.get("client_author"),
                d.get("server_author"),
                d.get("client_at"),
                d.get("server_at"),
                a.message,
                names.get(d.get("client_author") or ""),
                names.get(d.get("server_author") or ""),
            )
        )
    return items


def resolve_conflict(
    store: Any, conflict_id: str, *, choice: Literal["mine", "theirs", "edit"], value: Any = None
) -> Saved | None:
    """Settle one conflict; returns what the edit saved (None when nothing had to change)."""
    conflict = next((c for c in list_conflicts(store) if c.conflict_id == conflict_id), None)
    if conflict is None or conflict.record_id is None:
        raise ConflictNotFound()
    if choice == "mine":
        wanted = conflict.mine
    elif choice == "theirs":
        wanted = conflict.theirs
    elif choice == "edit":
        wanted = value
    else:
        raise ValueError("choice must be mine, theirs or edit")
    current = store.get(conflict.record_id)
    if conflict.field in attachment_sets.attachment_fields(current.kind):
        wanted = attachment_sets.union(
            current.body.get(conflict.field), wanted, conflict.mine, conflict.theirs
        )
    item = None
    if current.body.get(conflict.field) != wanted:
        body = dict(current.body)
        body[conflict.field] = wanted
        item = from_dict(current.kind, body)
    # the edit (if any) and the note that it settles this conflict go up together: the server marks
    # the conflict resolved, and the other laptops' copies of it settle at their next sync
    return store.resolve_conflict(
        conflict_id=conflict_id,
        record_id=conflict.record_id,
        field=conflict.field,
        value=wanted,
        item=item,
        expected_version=current.version,
        choice=choice,
    )
