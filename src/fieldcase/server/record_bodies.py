"""A record's body on the server: checked through the domain on the way in (`_normalise`), given back
with the server-owned facts on the way out (`full_body`), and the hash of an approved revision."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from typing import Any

from fieldcase.domain import kinds, metadata, serialization
from fieldcase.domain.attachments import AttachmentRef
from fieldcase.domain.serialization import KINDS, MalformedRecord
from fieldcase.server.devices import iso
from fieldcase.server.models import Addendum, Record
from fieldcase.server.refusals import Refused

#: server-owned fields shown in the body of a record, taken from columns
_ATTACHMENT_FIELDS = frozenset(f.name for f in dataclasses.fields(AttachmentRef))
_OVERLAY = (
    "id",
    "rev",
    "status",
    "created_by",
    "approved_by",
    "approved_at",
    "returned_reason",
    "voided_reason",
    "addenda",
)


def noun(kind: str) -> str:
    return kinds.noun(kind)


def full_body(record: Any, addenda: list[Addendum]) -> dict[str, Any] | None:
    """The record as `serialization.to_dict` would give it: stored fields plus server-owned facts."""
    if record.deleted or record.body is None:
        return None
    body = dict(record.body)
    cls_fields = _fields_of(record.kind)
    overlay: dict[str, Any] = {
        "id": record.id,
        "rev": record.rev,
        "created_by": record.created_by,
        "approved_by": record.approved_by,
        "approved_at": iso(record.approved_at),
        "returned_reason": record.return_reason,
        "voided_reason": record.void_reason,
        # comments and proposals are not part of the body: they travel in the change's `addenda` list
        "addenda": [
            {
                "id": a.id,
                "author": a.author,
                "at": iso(a.created_at),
                "text": a.text,
                "acknowledged_by": a.acknowledged_by,
                "acknowledged_at": iso(a.acknowledged_at),
            }
            for a in addenda
            if a.kind == "addendum"
        ],
    }
    if record.kind in kinds.WORKFLOW_KINDS:
        overlay["status"] = record.status
    for name in _OVERLAY:
        if name in cls_fields and name in overlay:
            body[name] = overlay[name]
    if "case_id" in cls_fields:
        body["case_id"] = record.case_id
    return body


def proposal_acknowledgements(addenda: list[Addendum]) -> dict[str, Any]:
    """The change's `meta` entry saying which proposals the supervisor has read, by whom and when
    (`acknowledged_proposals`: [{id, acknowledged_by, acknowledged_at}]); nothing while none is.
    Not in the body: a proposal is not part of the approved entry, and a laptop parses the body
    strictly into the entry (an unknown field refuses the page), while `meta` is open, so a laptop
    of an older version pulls it unharmed. Only when there is one: the other changes stay as they
    were, byte for byte."""
    read = [
        {
            "id": a.id,
            "acknowledged_by": a.acknowledged_by,
            "acknowledged_at": iso(a.acknowledged_at),
        }
        for a in addenda
        if a.kind == "proposal" and a.acknowledged_by is not None
    ]
    return {"acknowledged_proposals": read} if read else {}


@functools.cache
def _fields_of(kind: str) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(KINDS[kind]))


def _normalise(kind: str, record_id: str, case_id: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Parse through the domain (strict: unknown or mistyped fields are errors) and keep the
    client-writable part."""
    data = dict(fields)
    data["id"] = record_id
    if "case_id" in _fields_of(kind):
        data["case_id"] = case_id
    try:
        parsed = serialization.from_dict(kind, data)
    except (MalformedRecord, TypeError, ValueError) as exc:
        raise Refused(
            "invalid", f"The {noun(kind)} does not have the expected shape: {_safe(exc)}"
        ) from None
    out = serialization.to_dict(parsed)
    for name in metadata.SERVER_OWNED_FIELDS:
        # the state id stays where the agency import put it: an edit of the body keeps it (clients
        # cannot set it: _check_edit_fields refuses it before a body is made)
        if name != "state_id" or out.get(name) is None:
            out.pop(name, None)
    return out


def _safe(exc: Exception) -> str:
    # MalformedRecord messages name kinds and fields only (domain contract); others are cut short.
    return str(exc)[:200] if isinstance(exc, MalformedRecord) else type(exc).__name__


def content_hash(record: Record) -> str:
    canonical = json.dumps(
        {
            "kind": record.kind,
            "id": record.id,
            "case_id": record.case_id,
            "rev": record.rev,
            "body": record.body,
        },
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
