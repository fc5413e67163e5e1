"""Bulk inserts packed into one statement execution (_PackedInsert) and the packed inserts of a page apply."""

from __future__ import annotations

from itertools import accumulate
from typing import Any

from sqlalchemy import Connection

from fieldcase.store.tables import SEARCH_TABLE

# the bulk deletes are driver SQL with positional rows (executemany straight to SQLite); the inserts and
# upserts, which a first download and a re-pull are made of, are packed (_PackedInsert below)
_SHADOW_UPSERT_TAIL = (
    "ON CONFLICT (record_id) DO UPDATE SET kind = excluded.kind, rev = excluded.rev, "
    "change = excluded.change, body = excluded.body"
)
_RECORD_COLUMNS = (
    "kind",
    "case_id",
    "status",
    "rev",
    "version",
    "occurred_on",
    "body",
    "updated_at",
    "search_rowid",
)


class _PackedInsert:
    """An INSERT of many rows in ONE statement execution, the rows packed into two bound blobs.

    Why not executemany: the store runs with cipher_memory_security = ON (security.md), under which
    every SQLite heap allocation is locked and wiped — a pair of syscalls. Each executemany row binds
    every text value afresh (one allocation each) and reopens a cursor per table and index (one
    each), so rows cost dozens of them; here the statement's registers and cursors are allocated
    once and reused for every row (a first download: ~65 allocations a record before, ~20 after,
    most of the rest inside FTS5 and the b-trees).
    Values are UTF-8 slices of the first blob (a blob, so substr counts bytes and is O(1)); the
    second holds, per value, its 1-based start and length as two 10-digit numbers (length -1 for
    NULL). Values come back as text: plain tables' INTEGER columns turn digits into integers by
    their affinity, other columns take a cast (`casts`).
    The rows are numbered by `json_each` over a JSON array of as many zeros (its `key` is the index),
    so they go in in the order given. It replaced a recursive CTE, whose queue hands each number over
    as a copied record: one more locked block (mlock, munlock, wipe) per row, ~20% of a first
    download's SQLite allocations (101k -> 79k for 4,886 records, counted with strace); the JSON
    array is parsed once per statement.
    """

    _ENTRY = 20

    def __init__(
        self,
        table: str,
        columns: tuple[str, ...],
        *,
        casts: dict[str, str] | None = None,
        tail: str = "",
    ) -> None:
        width = len(columns)
        casts = casts or {}

        def value(k: int) -> str:
            at = f"(n.i * {width * self._ENTRY} + {k * self._ENTRY + 1})"
            start, length = (
                f"CAST(substr(?2, {at}, 10) AS INTEGER)",
                f"CAST(substr(?2, {at} + 10, 10) AS INTEGER)",
            )
            text_value = f"CAST(substr(?1, {start}, {length}) AS TEXT)"
            if columns[k] in casts:
                text_value = f"CAST({text_value} AS {casts[columns[k]]})"
            return f"CASE WHEN {length} < 0 THEN NULL ELSE {text_value} END"

        self.table, self.columns, self.tail, self.width = table, columns, tail, width
        # the table and columns are the callers' constants; every value is bound
        self.sql = (
            "WITH n(i) AS (SELECT key FROM json_each(?3)) "  # noqa: S608
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(value(k) for k in range(width))} FROM n"
            + (
                f" WHERE true {tail}" if tail else ""
            )  # WHERE: an upsert after INSERT ... SELECT needs it to parse
        )

    def run(self, connection: Connection, rows: list[tuple[Any, ...]]) -> None:
        """Insert `rows` (tuples of str, UTF-8 bytes (text already encoded), int or None, `width`
        long), in order."""
        if not rows:
            return
        values = [value for row in rows for value in row]
        count = len(values)
        assert count == len(rows) * self.width
        encoded = [
            v.encode()
            if type(v) is str
            else v
            if type(v) is bytes
            else b""
            if v is None
            else b"%d" % v
            for v in values
        ]
        # the index as one formatting of every (start, length) pair (not one a value: a fifth of a
        # page's Python); one leading byte in the data: an empty blob would be bound as NULL, and
        # every value in it would read as NULL
        lengths = list(map(len, encoded))
        pairs: list[int] = [0] * (2 * count)
        pairs[0::2] = list(accumulate(lengths, initial=2))[:count]
        if None in values:
            for at, v in enumerate(values):
                if v is None:
                    lengths[at] = -1
        pairs[1::2] = lengths
        index = (b"%010d%010d" * count) % tuple(pairs)
        connection.exec_driver_sql(
            self.sql, (b"".join([b"-", *encoded]), index, f"[{','.join('0' * len(rows))}]")
        )


# the bulk inserts (see _PackedInsert); integer columns of plain tables take the text through their affinity
_SHADOW_UPSERT = _PackedInsert(
    "shadow", ("record_id", "kind", "rev", "change", "body"), tail=_SHADOW_UPSERT_TAIL
)
_RECORD_UPSERT = _PackedInsert(
    "record",
    ("id", *_RECORD_COLUMNS),
    tail=f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _RECORD_COLUMNS)}",
)
_CHILDREN_ADD = _PackedInsert("record_child", ("record_id", "child_id", "occurred_on", "seen"))
# FTS5 columns have no affinity: the rowid is made an integer here
_SEARCH_ADD = _PackedInsert(
    SEARCH_TABLE, ("rowid", "record_id", "kind", "case_id", "text"), casts={"rowid": "INTEGER"}
)
