"""Values in words for the reader: field names as labels, codes and times readable, people by name,
and each field of a proposed change."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping
from typing import Any

from fieldcase.domain.serialization import KINDS
from fieldcase.services.approval_models import ProposedField

_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$")
_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _label(name: str) -> str:
    return name.removesuffix("_id").removesuffix("_ids").replace("_", " ").capitalize()


def _text(value: Any, names: Mapping[str, str]) -> str:
    """A value in words: people and users by name, codes ("face_to_face") as words, times readable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        if value in names:
            return names[value]
        if _WHEN.match(value):
            return value[:16].replace("T", " ")
        if _CODE.match(value):
            return value.replace("_", " ").capitalize()
        return value
    if isinstance(value, dict):
        parts = [f"{_label(k)}: {_text(v, names)}" for k, v in value.items() if v not in (None, "", [], {}) and k != "id"]
        return "; ".join(parts)
    if isinstance(value, (list, tuple)):
        return "\n".join(f"• {_text(v, names)}" for v in value)
    return str(value)


def _proposed_field(name: str, change: Any, names: Mapping[str, str]) -> ProposedField:
    """One field of a proposal as the server keeps it (records._locked): {"base", "new"} for an edit,
    {"add"|"remove": item} for a list, {"attach": file} for an attachment."""
    label = _label(name)
    if isinstance(change, Mapping) and "new" in change:
        new = change.get("new")
        return ProposedField(label, "clear") if new in (None, "", [], {}) else ProposedField(label, "set", _text(new, names))
    if isinstance(change, Mapping) and len(change) == 1:
        [(action, value)] = change.items()
        if action == "attach" and isinstance(value, Mapping):
            return ProposedField(label, "attach", str(value.get("name") or "a file"))
        if action in ("add", "remove"):
            return ProposedField(label, action, _text(value, names))
    return ProposedField(label, "set", _text(change, names))


def _proposed(kind: str, patch: Any, names: Mapping[str, str]) -> tuple[ProposedField, ...]:
    """The fields of a proposal in the form's order (the record's field order), each in words."""
    if not isinstance(patch, Mapping):
        return ()
    order = {name: i for i, name in enumerate(_field_order(kind))}
    return tuple(_proposed_field(name, patch[name], names) for name in sorted(patch, key=lambda n: (order.get(n, len(order)), n)))


@functools.cache
def _field_order(kind: str) -> tuple[str, ...]:
    cls = KINDS.get(kind)
    return tuple(f.name for f in dataclasses.fields(cls)) if cls is not None else ()
