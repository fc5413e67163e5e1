"""Scope on the laptop: revoked cases, purges of what has all been uploaded, and the 410 re-download
(forget the cursor, remove afterwards what no longer comes back)."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from fieldcase.store import record_removal
from fieldcase.store.outbox import PENDING
from fieldcase.store.sync_apply.common import ACKED, CONFLICT, CONVERTED, REPUSH
from fieldcase.store.sync_apply.materialize import Materializer
from fieldcase.store.tables import outbox, resync_leftover, revoked_case, shadow, sync_state


class Scope(Materializer):
    # scope and purges ------------------------------------------------------------------------

    def revoked_cases(self) -> list[str]:
        with self._store.reading() as connection:
            return list(
                connection.execute(
                    select(revoked_case.c.case_id).order_by(revoked_case.c.case_id)
                ).scalars()
            )

    def purge_settled_cases(self) -> int:
        """Purge revoked cases whose work has all been uploaded; returns how many were purged."""
        with self._store.transaction() as connection:
            purged = self._purge_settled_cases(connection)
        if purged:
            self.checkpoint()
        return purged

    def _purge_settled_cases(self, connection: Connection) -> int:
        def audit(connection: Connection, case_id: str, count: int) -> None:
            self._store.audit_in(
                connection,
                "purge",
                record_kind="case",
                record_id=case_id,
                detail={"count": count},
            )

        return record_removal.purge_settled_cases(connection, audit)

    def _remove_record(
        self, connection: Connection, record_id: str, *, case_left: bool = False
    ) -> int:
        return record_removal.remove_record(connection, record_id, case_left=case_left)

    def checkpoint(self) -> None:
        """Move the WAL into the database and truncate it, so purged pages do not linger there."""
        self._store.checkpoint()

    # 410: download everything again ----------------------------------------------------------

    def begin_resync(self, *, epoch: str | None, server_restored: bool) -> None:
        """Forget the cursor (keep the outbox); remember what we held so a finished re-download can
        remove what no longer comes back. After a restore from backup the server may have lost work
        it had acknowledged: send it all again (the ledger answers `duplicate` for what it kept)."""
        with self._store.transaction() as connection:
            connection.execute(
                update(sync_state).where(sync_state.c.id == 1).values(cursor=None, epoch=epoch)
            )
            connection.execute(delete(resync_leftover))
            held = list(connection.execute(select(shadow.c.record_id)).scalars())
            if held:
                connection.execute(insert(resync_leftover), [{"record_id": i} for i in held])
            if server_restored:
                connection.execute(
                    update(outbox)
                    .where(outbox.c.state.in_((ACKED, CONVERTED, CONFLICT)))
                    .values(state=PENDING, last_error=REPUSH, next_attempt_at=None)
                )

    def finish_resync(self) -> int:
        with self._store.transaction() as connection:
            leftovers = list(connection.execute(select(resync_leftover.c.record_id)).scalars())
            removed = 0
            for record_id in leftovers:
                if self._unsent(connection, record_id):
                    # our unsent work on it stays visible; it is no longer a server copy
                    connection.execute(delete(shadow).where(shadow.c.record_id == record_id))
                else:
                    removed += self._remove_record(connection, record_id, case_left=True)
            connection.execute(delete(resync_leftover))
        if removed:
            self.checkpoint()
        return removed
