"""What the store can tell IT about itself without a word of personal data: its schema revision,
how many outbox mutations are in each state, how many items wait in Needs attention, and when the
last sync ended. Counts and codes only (Help → Copy diagnostics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from fieldcase.store.migrate import stored_revision
from fieldcase.store.tables import attention, outbox, sync_state

if TYPE_CHECKING:
    from fieldcase.store.store import Store


@dataclass(frozen=True, slots=True)
class StoreSummary:
    schema_revision: str | None
    outbox: dict[str, int] = field(default_factory=dict)
    attention_open: int = 0
    last_sync_at: str | None = None


def summary(store: Store) -> StoreSummary:
    with store.reading() as connection:
        # .all(): dict() of the result itself would take it for a mapping (it has keys(): the columns)
        states: dict[str, int] = dict(
            connection.execute(
                select(outbox.c.state, func.count())
                .group_by(outbox.c.state)
                .order_by(outbox.c.state)
            ).all()
        )
        open_items = connection.execute(
            select(func.count()).select_from(attention).where(attention.c.resolved_at.is_(None))
        ).scalar_one()
        last_sync = connection.execute(
            select(sync_state.c.last_sync_at).where(sync_state.c.id == 1)
        ).scalar_one_or_none()
        revision = stored_revision(connection)
    return StoreSummary(
        schema_revision=revision,
        outbox=states,
        attention_open=int(open_items),
        last_sync_at=last_sync,
    )
