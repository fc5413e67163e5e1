"""Pulled pages are written with packed one-statement inserts (sync_apply._PackedInsert) instead of
executemany: the rows, the full-text index, record_child rows and attention notices must come out
exactly as the per-row statements wrote them, and applying a page again must change nothing (P7)."""

from __future__ import annotations

import dataclasses
import json
import math
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldcase.domain.ids import new_id
from fieldcase.domain.serialization import to_dict
from fieldcase.store import sync_apply
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore, _PackedInsert, materialize, pull
from helpers.store import PASSPHRASE, USER, FakeClock, a_child, a_visit


class _RowByRow:
    """The per-row executemany the packed inserts replaced: the reference they must equal."""

    def __init__(self, packed: _PackedInsert) -> None:
        self.packed = packed

    def run(self, connection, rows):
        if not rows:
            return
        table, columns = self.packed.table, self.packed.columns
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) {self.packed.tail}"
        # text handed over already encoded goes in as text, as the packed insert writes it
        connection.exec_driver_sql(
            sql, [tuple(v.decode() if type(v) is bytes else v for v in row) for row in rows]
        )


def _row_by_row(monkeypatch: pytest.MonkeyPatch) -> None:
    # patched where the page apply looks them up (the modules that use them)
    for module, name in (
        (pull, "_SHADOW_UPSERT"),
        (materialize, "_RECORD_UPSERT"),
        (materialize, "_CHILDREN_ADD"),
        (materialize, "_SEARCH_ADD"),
    ):
        monkeypatch.setattr(module, name, _RowByRow(getattr(module, name)))


def _change(seq, item, *, rev, status=None, created_by=USER, kind=None):
    body = to_dict(item)
    if status is not None:
        body["status"] = status
    body["rev"] = rev
    kind = kind or {"Person": "person", "HomeVisit": "home_visit"}[type(item).__name__]
    return {
        "seq": seq,
        "record_kind": kind,
        "record_id": body["id"],
        "case_id": body.get("case_id") or "",
        "rev": rev,
        "status": body.get("status") or "",
        "deleted": False,
        "body": body,
        "meta": {"created_by": created_by},
        "conflicts": [],
        "addenda": [],
        "origin_device_id": None,
        "origin_mutation_id": None,
    }


def _page(changes, cursor):
    return {
        "changes": changes,
        "scope_events": [],
        "next_cursor": cursor,
        "epoch": "e1",
        "has_more": False,
    }


def _pages():
    """A first download (new records, one of them twice, words with quotes, accents and newlines),
    then a page updating some of them and adding others, with a conflict and an approval."""
    case_id = new_id()
    kids = [a_child(case_id, given=g) for g in ("Ana", "Zoë", 'Bo "Bear"', "Łukasz")]
    visits = [
        a_visit(case_id, kids[i % 4].id, observations=f'Visit {i}: said "hello"\nand drew a ñandú.')
        for i in range(6)
    ]
    first = [_change(i + 1, item, rev=1) for i, item in enumerate(kids + visits)]
    first.append(_change(20, dataclasses.replace(kids[0], given_name="Ana María"), rev=2))
    second = [
        _change(21, dataclasses.replace(visits[0], observations="Changed on the server."), rev=2),
        _change(22, visits[1], rev=3, status="approved"),
        _change(23, a_visit(case_id, kids[1].id, observations="A new one"), rev=1),
    ]
    second[0]["conflicts"] = [
        {
            "conflict_id": new_id(),
            "field": "observations",
            "mutation_id": new_id(),
            "client_author": USER,
            "server_author": "someone",
            "client_value": "mine",
            "server_value": "theirs",
        }
    ]
    return [_page(first, "c1"), _page(second, "c2")]


def _dump(store: Store) -> dict[str, list[tuple]]:
    with store.reading() as connection:
        rows = {}
        for table in ("record", "shadow", "record_child", "attention", "sync_state"):
            rows[table] = sorted(
                map(tuple, connection.exec_driver_sql(f"SELECT * FROM {table}").all()), key=repr
            )
        rows["search"] = sorted(
            map(
                tuple,
                connection.exec_driver_sql(
                    "SELECT rowid, typeof(rowid), record_id, kind, case_id, text FROM record_search"
                ).all(),
            ),
            key=repr,
        )
        rows["types"] = sorted(
            map(
                tuple,
                connection.exec_driver_sql(
                    "SELECT typeof(rev), typeof(version), typeof(search_rowid), typeof(case_id), typeof(status), typeof(body) FROM record"
                ).all(),
            )
        )
        rows["shadow types"] = sorted(
            {
                r[0]
                for r in connection.exec_driver_sql(
                    "SELECT typeof(change) || typeof(body) || typeof(rev) FROM shadow"
                )
            }
        )
    return rows


def _second_store(template_store, tmp_path):
    target = tmp_path / "reference"
    shutil.copytree(template_store, target)
    return Store.unlock(target, PASSPHRASE, clock=FakeClock())


def test_packed_inserts_write_what_row_by_row_inserts_wrote(
    store, template_store, tmp_path, monkeypatch
):
    pages = _pages()
    for page in pages:
        SyncStore(store).apply_page(page)
    packed = _dump(store)
    hits = {
        word: [h.record_id for h in store.search(word)]
        for word in ("hello", "ñandú", "Bear", "Zoe", "Łukasz", "server")
    }

    reference = _second_store(template_store, tmp_path)
    try:
        with monkeypatch.context() as patched:
            _row_by_row(patched)
            for page in pages:
                SyncStore(reference).apply_page(page)
        assert _dump(reference) == packed
        assert {word: [h.record_id for h in reference.search(word)] for word in hits} == hits
    finally:
        reference.lock()
    assert all(hits.values())
    assert {t for row in packed["types"] for t in row[:2]} == {"integer"}
    assert {row[5] for row in packed["types"]} == {
        "text"
    }  # the body's JSON goes in as bytes, updated as text too
    assert {row[1] for row in packed["search"]} == {"integer"}
    # the shadow's JSON goes in as bytes and is stored as text; the body is left to the record row
    # where the row holds it as the server sent it (store/shadows.py)
    assert packed["shadow types"] == ["textnullinteger"]
    assert sorted(a.topic for a in SyncStore(store).attention()) == ["approved", "conflict"]


def test_applying_the_pages_again_changes_nothing(store):
    sync = SyncStore(store)
    pages = _pages()
    for page in pages:
        sync.apply_page(page)
    once = _dump(store)
    for page in pages:
        sync.apply_page(page)
    assert _dump(store) == once


_VALUE = st.one_of(
    st.none(),
    st.integers(min_value=-(2**62), max_value=2**62),
    st.text(max_size=40).filter(lambda t: "\x00" not in t),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(_VALUE, _VALUE, _VALUE), min_size=1, max_size=30))
def test_packed_insert_keeps_every_value_and_type(store, rows):
    table = f"t_{new_id().replace('-', '')}"
    packed = _PackedInsert(table, ("a", "b", "c"))
    with store.transaction() as connection:
        connection.exec_driver_sql(f"CREATE TEMP TABLE {table} (n INTEGER PRIMARY KEY, a, b, c)")
        try:
            packed.run(connection, rows)
            got = [
                tuple(r)
                for r in connection.exec_driver_sql(f"SELECT a, b, c FROM {table} ORDER BY n").all()
            ]
        finally:
            connection.exec_driver_sql(f"DROP TABLE {table}")
    # no declared type: what comes back is text for every value but NULL (integers as their digits);
    # the real tables' INTEGER columns turn those digits back into integers by affinity (test above)
    assert got == [tuple(None if v is None else str(v) for v in row) for row in rows]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(change=st.dictionaries(st.text(max_size=10), _JSON, max_size=6))
def test_shadow_text_is_the_text_json_dumps_wrote(change):
    # pydantic_core's writer replaced json.dumps for the shadow (sync_apply._dumps_change)
    assert sync_apply._dumps_change(change).decode() == json.dumps(
        change, separators=(",", ":"), ensure_ascii=False
    )


@settings(max_examples=100, deadline=None)
@given(number=st.floats())
def test_a_float_in_a_change_reads_back_the_same(number):
    back = json.loads(sync_apply._dumps_change({"meta": {"x": number}}))["meta"]["x"]
    assert back == number or (math.isnan(back) and math.isnan(number))  # NaN is NaN
