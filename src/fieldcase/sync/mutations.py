"""Outbox rows to wire mutations (protocol.Mutation), validated before they leave the laptop."""

from __future__ import annotations

from typing import Any

from fieldcase.protocol import Mutation
from fieldcase.store.outbox import OutboxEntry


def to_wire(entry: OutboxEntry) -> dict[str, Any]:
    base: dict[str, Any] = {
        "mutation_id": entry.mutation_id,
        "device_seq": entry.device_seq,
        "record_kind": entry.record_kind,
        "record_id": entry.record_id,
        "kind": entry.kind,
        "hlc": entry.hlc,
        "schema_version": entry.schema_version,
    }
    payload = entry.payload
    if entry.kind == "create":
        base["fields"] = payload["fields"]
    elif entry.kind == "patch":
        base["base_rev"] = entry.base_rev
        base["patch"] = payload["changes"]
    elif entry.kind == "command":
        args = dict(payload.get("args") or {})
        if payload.get("name") in ("submit", "file", "approve"):
            args["rev"] = payload.get("rev", entry.base_rev)
        base["command"] = payload["name"]
        base["args"] = args
    elif entry.kind in ("add", "remove"):
        base["field"], base["element"] = payload["field"], payload["element"]
    elif entry.kind == "attach":
        base["field"], base["attachment"] = payload["field"], payload["attachment"]
    if payload.get("resolves"):
        base["resolves"] = payload[
            "resolves"
        ]  # the conflicts this edit settles (services/conflicts.py)
    # checked here, so a row the server would refuse as malformed is found before sending
    wire = Mutation.model_validate(base).model_dump(mode="json")
    if wire.get("resolves") is None:
        wire.pop(
            "resolves", None
        )  # absent rather than null: a server without the field accepts the rest
    return wire
