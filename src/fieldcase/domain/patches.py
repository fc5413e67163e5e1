"""Field-level patches and their three-way merge on the server (sync.md "Merge of a patch").

A patch is `{field: {"base": value the author last saw, "new": value the author wants}}` over the
top-level fields of `serialization.to_dict`. Merging never loses a value: when both sides changed a
field differently, the server's value stays and the conflict carries both (sync.md P1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldcase.errors import UserError

from . import attachment_sets
from .metadata import NARRATIVE_FIELDS, SERVER_OWNED_FIELDS

_ANY_NARRATIVE = frozenset().union(*NARRATIVE_FIELDS.values())


class PatchRefused(UserError):
    """A patch that may not be applied at all (it touches a field only commands may change)."""

    code = "patch_refused"


@dataclass(frozen=True, slots=True)
class Conflict:
    field: str
    base: Any  # what the patch's author started from
    server: Any  # kept in the record
    mine: Any  # the author's value, kept here so it is never lost
    narrative: bool  # free text: show both versions side by side, never merge the words


def diff(
    old: dict[str, Any], new: dict[str, Any], *, include_server_owned: bool = False
) -> dict[str, dict[str, Any]]:
    """The patch that turns `old` into `new`. Server-owned fields are left out unless asked for,
    because they change only through commands and a patch carrying them would be refused."""
    patch: dict[str, dict[str, Any]] = {}
    for name in sorted(set(old) | set(new)):
        if not include_server_owned and name in SERVER_OWNED_FIELDS:
            continue
        before, after = old.get(name), new.get(name)
        if before != after:
            patch[name] = {"base": before, "new": after}
    return patch


def apply_patch(
    current: dict[str, Any], patch: dict[str, dict[str, Any]], *, kind: str | None = None
) -> tuple[dict[str, Any], list[Conflict]]:
    """Merge `patch` into the server's `current` record dict; returns the merged dict (a new dict)
    and the conflicts, one per field both sides changed differently.

    Per field: server still at `base` → take `new`; server already at `new` → nothing to do;
    otherwise keep the server value and report a `Conflict`. `kind` picks the narrative fields;
    without it any field that is narrative in some kind is treated as narrative. An attachment list
    is a set: the files the patch added or removed are merged into the server's list, never a
    conflict (domain/attachment_sets.py).
    """
    owned = sorted(set(patch) & SERVER_OWNED_FIELDS)
    if owned:
        raise PatchRefused(
            "Status, approval, assignment and identifiers change only through submit, approve, return "
            f"or an administrator, not through an edit (fields: {', '.join(owned)}).",
            code="patch_refused.server_owned",
        )
    unknown = sorted(set(patch) - set(current))
    if unknown:
        raise PatchRefused(
            f"The edit names fields this record does not have: {', '.join(unknown)}.",
            code="patch_refused.unknown_field",
        )
    narratives = NARRATIVE_FIELDS[kind] if kind is not None else _ANY_NARRATIVE
    sets = attachment_sets.attachment_fields(kind)
    merged = dict(current)
    conflicts: list[Conflict] = []
    for name, change in sorted(patch.items()):
        if not isinstance(change, dict) or set(change) != {"base", "new"}:
            raise PatchRefused(f"The edit of {name} is malformed.", code="patch_refused.malformed")
        server, base, mine = current[name], change["base"], change["new"]
        if server == mine:
            continue
        if server == base:
            merged[name] = mine
        elif name in sets and all(map(attachment_sets.is_attachment_list, (base, server, mine))):
            merged[name] = attachment_sets.merge(base, server, mine)
        else:
            conflicts.append(Conflict(name, base, server, mine, name in narratives))
    return merged, conflicts
