"""Which case and which children a "Needs attention" item is about, from this laptop's own records.

An item says what happened ("Returned: …") but a caseworker with twenty cases cannot act on it
without knowing whose it is. The case number and the children's names are read here from the
records on this laptop (never sent anywhere, never logged); an item whose record is no longer here
(moved off the caseload, removed) keeps what the item itself says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from fieldcase.domain import kinds
from fieldcase.domain import metadata as record_facts
from fieldcase.errors import UserError

#: the entries whose body names children (metadata.children_in_body)
_NAMING_CHILDREN = kinds.WORKFLOW_KINDS  # a kind that names no children (a goal change) gives ()


def with_context(store: Any, items: Sequence[Any]) -> list[Any]:
    """The items (services.sync.AttentionItem) with `case_number` and `children` filled in where the
    laptop has the record; the people and cases are read once, and only when an item names a record."""
    wanted = [i for i in items if i.record_id]
    if not wanted:
        return list(items)
    numbers: dict[str, str] | None = None
    names: dict[str, str] | None = None
    out = []
    for item in items:
        if not item.record_id:
            out.append(item)
            continue
        try:
            stored = store.get(item.record_id)
        except UserError:  # not on this laptop any more: the item's own words are all there is
            out.append(item)
            continue
        if numbers is None:
            numbers = {r.id: r.body.get("case_number") or "" for r in store.list(kind="case")}
            names = {
                r.id: f"{r.body.get('given_name') or ''} {r.body.get('family_name') or ''}".strip()
                for r in store.list(kind="person")
            }
        children = _children(stored, names or {})
        case_number = (
            numbers.get(stored.case_id or "", "")
            if stored.kind != "case"
            else stored.body.get("case_number") or ""
        )
        out.append(dataclasses.replace(item, case_number=case_number, children=children))
    return out


def _children(stored: Any, names: dict[str, str]) -> tuple[str, ...]:
    if stored.kind in _NAMING_CHILDREN:
        ids = record_facts.children_in_body(stored.kind, stored.body)
    elif stored.kind == "placement":
        ids = (stored.body.get("child_id"),)
    elif stored.kind == "person" and stored.body.get("role") == "child":
        ids = (stored.id,)
    else:
        ids = ()
    return tuple(n for n in (names.get(i or "", "") for i in ids) if n)
