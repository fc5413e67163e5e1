"""Approve or return the revision read; a return needs a reason the caseworker can act on."""

from __future__ import annotations

from typing import Any

from fieldcase.domain.text import clean
from fieldcase.domain.workflow import Command
from fieldcase.services.approvals.models import (
    NOUNS,
    REASON_MAX,
    REASON_MIN_WORDS,
    Decision,
    ReturnReasonNeeded,
    ReviewedRevisionChanged,
)
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore


def check_return_reason(reason: str | None, *, noun: str = "entry") -> str:
    """The reason, tidied; `ReturnReasonNeeded` says in words what is missing."""
    text = " ".join(clean(reason or "").split())
    if not text:
        raise ReturnReasonNeeded(f"Say what needs to change before this {noun} can be approved.")
    if len(text.split()) < REASON_MIN_WORDS:
        raise ReturnReasonNeeded(
            "Write a short sentence the caseworker can act on, e.g. “Add who else was present.”"
        )
    if len(text) > REASON_MAX:
        raise ReturnReasonNeeded(
            f"Keep the reason under {REASON_MAX} characters; put details in a conversation."
        )
    return text


def _reviewed(store: Store, record_id: str, rev: int, version: int) -> Any:
    stored = store.get(record_id)
    noun = NOUNS.get(stored.kind, "entry")
    if stored.rev != rev or stored.version != version:
        raise ReviewedRevisionChanged(noun)
    return stored


def _settle_stale(store: Store, record_id: str) -> None:
    sync = SyncStore(store)
    for item in sync.attention():
        if item.topic == "stale" and item.record_id == record_id:
            sync.resolve_attention(item.id)


def approve(store: Store, *, record_id: str, rev: int, version: int) -> Decision:
    """Approve the revision read (`rev`, `version` from `open_for_review`). Queued for the next sync;
    the server refuses it if the entry moved on there."""
    _reviewed(store, record_id, rev, version)
    saved = store.command(record_id, Command.APPROVE, expected_version=version)
    _settle_stale(store, record_id)
    return Decision(record_id, "approve", rev, saved.record.version)


def return_entry(store: Store, *, record_id: str, rev: int, version: int, reason: str) -> Decision:
    """Send the entry back with a reason the caseworker will see. Queued for the next sync."""
    stored = _reviewed(store, record_id, rev, version)
    text = check_return_reason(reason, noun=NOUNS.get(stored.kind, "entry"))
    saved = store.command(record_id, Command.RETURN, reason=text, expected_version=version)
    _settle_stale(store, record_id)
    return Decision(record_id, "return", rev, saved.record.version)
