"""Addenda: the only way to correct an approved record; the original stays as approved.

The supervisor acknowledges each addendum (`acknowledged_by`, `acknowledged_at`): the caseworker
then sees that it was read, and the supervisor's list of addenda to read empties. `id` is the
server's id of the addendum (None until the server has it: an addendum written offline).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Addendum:
    author: str  # user id
    at: datetime
    text: str
    acknowledged_by: str | None = None  # supervisor user id, once read
    acknowledged_at: datetime | None = None
    id: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_by is not None
