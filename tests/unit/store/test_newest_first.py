"""Records listed in Python's order are in the order SQLite's `ORDER BY occurred_on DESC, id` gave
(store/record_rows.newest_first): newest day first, records without a day last, ties by id."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcase.store.record_rows import newest_first

_IDS = st.text(alphabet=st.sampled_from("0a9fZé-_ ~\u00ff\u4e00"), min_size=1, max_size=6)
_DAYS = st.one_of(
    st.none(), st.sampled_from(["2025-01-31", "2025-02-01", "2025-02-01", "2024-12-31", ""])
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_IDS, _DAYS), unique_by=lambda r: r[0], max_size=30))
def test_python_orders_records_as_sqlite_did(records):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE record (id TEXT PRIMARY KEY, occurred_on TEXT)")
    db.executemany("INSERT INTO record VALUES (?, ?)", records)
    by_sqlite = db.execute(
        "SELECT id, occurred_on FROM record ORDER BY occurred_on DESC, id"
    ).fetchall()
    unordered = db.execute("SELECT id, occurred_on FROM record ORDER BY random()").fetchall()
    assert newest_first(unordered) == by_sqlite
