"""Pulling: applying a pulled page (changes and scope events) and advancing the cursor with it, in one
transaction; the last pulled server state of a record (its shadow)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic_core import to_json as _to_json
from sqlalchemy import Connection, bindparam, delete, insert, select, update

from fieldcase.store.records import Moment
from fieldcase.store.sync_apply.common import (
    PageApplied,
    _existing_records,
    _held_changes,
    _rows_in,
)
from fieldcase.store.sync_apply.notices import _ATTENTION_INSERT_NEW, _SETTLE_ATTENTION
from fieldcase.store.sync_apply.packing import _SHADOW_UPSERT
from fieldcase.store.sync_apply.scope import Scope
from fieldcase.store.tables import attention, resync_leftover, revoked_case, shadow, sync_state


def _dumps_change(change: dict[str, Any]) -> bytes:
    """A pulled change without its body, as its shadow's `change` (UTF-8 JSON, stored as text; the
    body goes apart, store/shadows.py). Unsorted: only ever read back with json.loads, and the wire
    dict's order is the same each time a page is applied (P7); sorting cost a third of it. Written
    by pydantic_core's serializer (installed with pydantic), which gives the text
    json.dumps(change, separators=(",", ":"), ensure_ascii=False) gives for the wire's values —
    floats aside, written shortest but read back the same (test_page_apply_bulk.py) — in a third
    of the time, and the bytes go into the packed insert as they are."""
    return _to_json({name: value for name, value in change.items() if name != "body"})


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic collector paused while a page applies: a page makes and drops tens of
    thousands of short-lived acyclic objects (wire dicts, records), which set off full collections
    of the whole heap — a tenth of the apply. Reference counting still frees them; the collector
    runs again as soon as the page is in. The sync engine holds it over the page's
    `model_dump` too: the same kind of objects (dumping the 20 pages of a 19,696-record first
    download: 0.67-0.78 s of CPU with the collector on, 0.24-0.26 s paused). Nested uses leave the
    collector to the outermost one."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Pull(Scope):
    def shadow_change(self, record_id: str, *, body: bool = True) -> dict[str, Any] | None:
        """The last pulled server state of a record (the wire `Change` as a dict), or None.
        `body=False`: without the record's body (what the screens read of it: meta, conflicts,
        addenda), from the shadow row alone."""
        return self.shadow_changes([record_id], body=body).get(record_id)

    def shadow_changes(
        self, record_ids: Iterable[str], *, body: bool = True
    ) -> dict[str, dict[str, Any]]:
        """`shadow_change` for many records, in one statement (lists, queues)."""
        with self._store.reading() as connection:
            return _held_changes(connection, list(dict.fromkeys(record_ids)), with_body=body)

    # pulling ---------------------------------------------------------------------------------

    def apply_page(self, page: dict[str, Any]) -> PageApplied:
        """Apply one pulled page and advance the cursor with it, in ONE transaction (sync.md: PouchDB
        #1240 advanced the checkpoint before the data). Applying the same page twice changes nothing (P7).

        Changes are applied in runs (a run ends at a deletion or at a record seen again in the run;
        scope events only touch revoked_case, which applying a change never reads): each run reads
        its shadows, records, unsent outbox rows and open conflicts with one query per table and
        writes each table's new and rewritten rows with one packed insert or upsert, so a page
        costs a few dozen statements rather than a dozen per change. The result is the same as
        applying the changes one by one in seq order."""
        with no_cyclic_gc():
            return self._apply_page(page)

    def _apply_page(self, page: dict[str, Any]) -> PageApplied:
        now = self._now()
        items: list[tuple[int, int, dict[str, Any]]] = [
            (e["seq"], 0, e) for e in page["scope_events"]
        ]
        items += [(c["seq"], 1, c) for c in page["changes"]]
        items.sort(key=lambda item: (item[0], item[1]))
        changed = removed = 0
        granted: list[str] = []
        revoked: list[str] = []
        #: what left this laptop, by case: record id -> kind (one notice a case, not one a record)
        gone: dict[str, dict[str, str]] = {}
        with self._store.transaction() as connection:
            run: list[dict[str, Any]] = []
            in_run: set[str] = set()
            for _, is_change, item in items:
                if is_change and not item.get("deleted"):
                    if (
                        item["record_id"] in in_run
                    ):  # the same record twice: the first state lands first
                        self._apply_changes(connection, run, now)
                        run, in_run = [], set()
                    run.append(item)
                    in_run.add(item["record_id"])
                    changed += 1
                    continue
                if (
                    is_change and run
                ):  # scope events touch only revoked_case, which applying a change never reads
                    self._apply_changes(connection, run, now)
                    run, in_run = [], set()
                if not is_change:
                    if item["event"] == "grant":
                        connection.execute(
                            delete(revoked_case).where(revoked_case.c.case_id == item["case_id"])
                        )
                        granted.append(item["case_id"])
                    else:
                        revoked.append(item["case_id"])
                        if (
                            connection.execute(
                                select(revoked_case).where(
                                    revoked_case.c.case_id == item["case_id"]
                                )
                            ).first()
                            is None
                        ):
                            connection.execute(
                                insert(revoked_case).values(
                                    case_id=item["case_id"], revoked_at=now.iso
                                )
                            )
                    continue
                if self._remove_record(connection, item["record_id"]):
                    removed += 1
                    gone.setdefault(item["case_id"] or item["record_id"], {})[item["record_id"]] = (
                        item["record_kind"]
                    )
            if run:
                self._apply_changes(connection, run, now)
            for case_id, records in gone.items():
                self._attend_removed(connection, now, case_id, records)
            connection.execute(
                update(sync_state)
                .where(sync_state.c.id == 1)
                .values(cursor=page["next_cursor"], epoch=page["epoch"])
            )
            # revoked cases with nothing left to upload go now, in the same transaction
            purged = self._purge_settled_cases(connection)
        if purged or removed:
            self.checkpoint()
        return PageApplied(changed, removed, tuple(granted), tuple(revoked), purged)

    def _apply_changes(
        self, connection: Connection, changes: list[dict[str, Any]], now: Moment
    ) -> None:
        """Apply changes of distinct records (in seq order): shadows upserted, records rebuilt with
        our unsent work on top, review notices and conflicts in words."""
        ids = [c["record_id"] for c in changes]
        previous = {
            row.record_id: row
            for row in _rows_in(
                connection,
                select(shadow.c.record_id, shadow.c.rev, shadow.c.change),
                shadow.c.record_id,
                ids,
            )
        }
        resyncing: set[str] = set()
        if connection.execute(_ANY_RESYNC_LEFTOVER).first() is not None:
            resyncing = {
                row.record_id
                for row in _rows_in(
                    connection,
                    select(resync_leftover.c.record_id),
                    resync_leftover.c.record_id,
                    ids,
                )
            }
        applied: list[dict[str, Any]] = []
        for change in changes:
            held = previous.get(change["record_id"])
            if (
                held is not None
                and held.rev > change["rev"]
                and change["record_id"] not in resyncing
            ):
                continue  # an older state than the one we hold (a re-sent page): keep the newer one (P7)
            applied.append(change)
        if not applied:
            return
        if resyncing:
            connection.execute(
                _DELETE_RESYNC_LEFTOVER,
                [{"rid": c["record_id"]} for c in applied if c["record_id"] in resyncing],
            )
        applied_ids = [c["record_id"] for c in applied]
        existing = _existing_records(connection, applied_ids)
        same = self._materialize_many(
            connection, [(c["record_id"], c) for c in applied], now, existing
        )
        # the shadows after the records: a record row that now holds the server's body word for
        # word keeps it for both (store/shadows.py)
        _SHADOW_UPSERT.run(
            connection,
            sorted(
                (
                    c["record_id"],
                    c["record_kind"],
                    c["rev"],
                    _dumps_change(c),
                    None if c["record_id"] in same else _to_json(c["body"]),
                )
                for c in applied
            ),
        )

        notices: list[dict[str, Any]] = []
        live: dict[str, set[str]] = {}
        for change in applied:
            record_id = change["record_id"]
            notice = self._review_notice(
                previous.get(record_id), existing.get(record_id) is not None, change, now
            )
            if notice is not None:
                notices.append(notice)
            conflicts = change.get("conflicts") or []
            live[record_id] = {c["conflict_id"] for c in conflicts}
            for info in conflicts:
                mine = (
                    info.get("client_author") == self.user_id
                    or info.get("server_author") == self.user_id
                )
                if mine or info.get("mutation_id") is not None:
                    notices.append(self._conflict_row(now, change["record_kind"], record_id, info))
        # conflicts the server no longer lists were settled there (read before this run's own notices
        # go in: those are all live, so they would never be settled here anyway)
        open_conflicts = _rows_in(
            connection,
            select(attention.c.id, attention.c.record_id).where(
                attention.c.topic == "conflict", attention.c.resolved_at.is_(None)
            ),
            attention.c.record_id,
            applied_ids,
        )
        settled = [
            {"aid": row.id} for row in open_conflicts if row.id not in live.get(row.record_id, ())
        ]
        if notices:
            connection.execute(
                _ATTENTION_INSERT_NEW, notices
            )  # an id already known (perhaps resolved) stays as it is
        if settled:
            connection.execute(_SETTLE_ATTENTION.values(resolved_at=now.iso), settled)


_ANY_RESYNC_LEFTOVER = select(resync_leftover.c.record_id).limit(1)
_DELETE_RESYNC_LEFTOVER = delete(resync_leftover).where(
    resync_leftover.c.record_id == bindparam("rid")
)
