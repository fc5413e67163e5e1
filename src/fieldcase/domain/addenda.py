"""Addenda: the only way to correct an approved record; the original stays as approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Addendum:
    author: str  # user id
    at: datetime
    text: str
    acknowledged_by: str | None = None  # supervisor user id, once read
