"""Attachments are a set (sync.md "add / remove: set semantics, no conflicts"): two people who each
attach a different file to one entry offline both mean to add a file, so both files belong on it.
An edit of an attachment list is therefore merged as what it added and what it removed — never as
a whole value that replaces the other person's list (which would make a conflict, and "keep mine"
would drop their file).

One merge for the server (domain/patches.py), for the laptop's view of a pulled record with its
unsent edits on top (store/sync_apply.py) and for settling a conflict (services/conflicts.py).
Files are told apart by their content hash.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Iterable
from typing import Any

from .attachments import AttachmentRef
from .serialization import KINDS


@functools.cache
def attachment_fields(kind: str | None) -> frozenset[str]:
    """The top-level fields of a record kind that hold attachments (`tuple[AttachmentRef, ...]`);
    empty for an unknown kind. Read from the record's own type, so a new attachment field is
    merged as a set where it is declared."""
    if kind is None or kind not in KINDS:
        return frozenset()
    cls = KINDS[kind]
    hints = typing.get_type_hints(cls)
    return frozenset(
        f.name for f in dataclasses.fields(cls) if hints.get(f.name) == tuple[AttachmentRef, ...]
    )


def _sha(item: Any) -> str | None:
    sha = item.get("sha256") if isinstance(item, dict) else None
    return sha if isinstance(sha, str) else None


def _hashes(items: Any) -> set[str]:
    return {sha for sha in map(_sha, items if isinstance(items, list) else []) if sha is not None}


def is_attachment_list(value: Any) -> bool:
    return isinstance(value, list) and all(_sha(item) is not None for item in value)


def merge(base: Any, server: Any, mine: Any) -> list[Any]:
    """The server's list, plus the files `mine` added to `base`, minus the ones it removed from it.
    Order: the server's files first, then the added ones in the order they were added; a file on
    both sides keeps the server's reference."""
    base_shas, mine_shas = _hashes(base), _hashes(mine)
    removed = base_shas - mine_shas
    kept = [
        item for item in (server if isinstance(server, list) else []) if _sha(item) not in removed
    ]
    have = _hashes(kept)
    for item in mine if isinstance(mine, list) else []:
        sha = _sha(item)
        if sha is not None and sha not in base_shas and sha not in have:
            kept.append(item)
            have.add(sha)
    return kept


def union(*lists: Iterable[Any] | None) -> list[Any]:
    """Every file of every list, once, in first-seen order: what settling a conflict over an
    attachment list keeps, whichever side the user chose (no file is ever dropped that way)."""
    out: list[Any] = []
    seen: set[str] = set()
    for items in lists:
        for item in items or []:
            sha = _sha(item)
            if sha is not None and sha not in seen:
                seen.add(sha)
                out.append(item)
    return out
