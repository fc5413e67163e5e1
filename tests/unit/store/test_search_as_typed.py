"""Search as typed (issue 19): the word being typed matches as a prefix through the index's prefix
indexes (1-3 characters) or, when longer, as the words that start with it (store/search.py). The
answers must be exactly those of FTS5's own prefix query, include every whole-word answer, and the
upgrade to migration 0011 must keep every entry under its rowid with secure-delete still on."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from fieldcase.domain.ids import new_id
from fieldcase.store import migrate, search
from fieldcase.store.store import Store
from fieldcase.store.tables import SEARCH_TABLE
from helpers.store import PASSPHRASE, a_visit

_WORD = st.text(alphabet="abcdefgkmnorstu", min_size=1, max_size=9)
_NOTE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)


def _fts5_prefix_answer(store: Store, typed: str) -> list[str]:
    """What FTS5's own prefix query answers for `typed` (the reference), newest first."""
    with store.reading() as connection:
        query = search.literal_query(typed)
        rows = connection.execute(
            text(
                f"SELECT record_id FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :q ORDER BY rowid DESC LIMIT 100"
            ),
            {"q": query},
        )
        return [row.record_id for row in rows]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    notes=st.lists(_NOTE, min_size=1, max_size=6),
    typed=st.lists(_WORD, min_size=1, max_size=2).map(" ".join),
    cut=st.integers(1, 9),
)
def test_each_keystroke_answers_what_the_prefix_query_answers(store, notes, typed, cut):
    case_id = new_id()
    for note in notes:
        store.save(a_visit(case_id, new_id(), observations=note))
    # every word of the notes typed key by key, and a random one cut short
    shown = [typed[:cut]] + [
        word[:n] for note in notes for word in note.split() for n in range(1, len(word) + 1)
    ]
    for keys in shown:
        if not keys.strip():
            continue
        answer = [h.record_id for h in store.search(keys)]
        assert answer == _fts5_prefix_answer(store, keys)
        whole = {h.record_id for h in store.search(keys + " ")}  # the finished word
        assert whole <= set(answer)


def test_a_long_prefix_is_searched_as_the_words_it_starts(filled_store):
    store, visits = filled_store
    with store.reading() as connection:
        assert sorted(search.prefix_words(connection, "school foot")) == ["football", "footpath"]
        assert (
            search.prefix_words(connection, "foo") is None
        )  # three letters: the prefix index answers
        assert (
            search.prefix_words(connection, "fóót") is None
        )  # not plain ASCII: FTS5's own prefix query
        assert search.prefix_words(connection, "foot ") is None  # a finished word
        assert search.prefix_words(connection, "zzzz") == []
    assert {h.record_id for h in store.search("foot")} == {visits["football"], visits["footpath"]}
    assert {h.record_id for h in store.search("school foot")} == {visits["football"]}
    assert {h.record_id for h in store.search("Footb")} == {visits["football"]}
    assert {h.record_id for h in store.search("f")} == set(visits.values())
    assert store.search("zzzz") == []


def test_too_many_words_leave_the_prefix_to_fts5(filled_store, monkeypatch):
    store, visits = filled_store
    monkeypatch.setattr(search, "MAX_WORDS", 1)
    with store.reading() as connection:
        assert search.prefix_words(connection, "foot") is None
    assert {h.record_id for h in store.search("foot")} == {visits["football"], visits["footpath"]}


@pytest.fixture
def filled_store(store):
    case_id = new_id()
    visits = {}
    for word, note in (
        ("football", "Played football after school."),
        ("footpath", "Walked the footpath home."),
        ("fence", "Fixed the fence."),
    ):
        visit = a_visit(case_id, new_id(), observations=note)
        store.save(visit)
        visits[word] = visit.id
    return store, visits


def test_the_upgrade_keeps_every_entry_under_its_rowid_with_secure_delete(data_dir, clock):
    store = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    visits = [
        a_visit(new_id(), new_id(), observations=f"Note {n}: reading homework together.")
        for n in range(4)
    ]
    for visit in visits:
        store.save(visit)
    # make it a store of revision 0008: the index without prefix indexes, no word list
    with store.transaction() as connection:
        entries = connection.exec_driver_sql(
            f"SELECT rowid, record_id, kind, case_id, text FROM {SEARCH_TABLE} ORDER BY rowid"
        ).all()
        connection.exec_driver_sql(f"DROP TABLE {SEARCH_TABLE}")
        connection.exec_driver_sql("DROP TABLE record_search_terms")
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(record_id UNINDEXED, kind UNINDEXED, case_id UNINDEXED, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        connection.exec_driver_sql(
            f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rank) VALUES ('secure-delete', 1)"
        )
        connection.exec_driver_sql(
            f"INSERT INTO {SEARCH_TABLE} (rowid, record_id, kind, case_id, text) VALUES (?, ?, ?, ?, ?)",
            [tuple(e) for e in entries],
        )
        connection.exec_driver_sql(
            "UPDATE alembic_version SET version_num = '0008_resource_directory'"
        )
    store.lock()

    upgraded = Store.unlock(data_dir, PASSPHRASE, clock=clock)
    try:
        with upgraded.reading() as connection:
            assert migrate.stored_revision(connection) == migrate.HEAD_REVISION
            after = connection.exec_driver_sql(
                f"SELECT rowid, record_id, kind, case_id, text FROM {SEARCH_TABLE} ORDER BY rowid"
            ).all()
            assert [tuple(e) for e in after] == [tuple(e) for e in entries]
            config = dict(
                connection.exec_driver_sql(f"SELECT k, v FROM {SEARCH_TABLE}_config").all()
            )
            assert config.get("secure-delete") == 1
            ddl = connection.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = ?", (SEARCH_TABLE,)
            ).scalar_one()
            assert "prefix = '1 2 3'" in ddl
            rowids = dict(connection.exec_driver_sql("SELECT id, search_rowid FROM record").all())
        assert {e.record_id: e.rowid for e in entries} == {v.id: rowids[v.id] for v in visits}
        assert {h.record_id for h in upgraded.search("homew")} == {v.id for v in visits}
        # an edit after the upgrade replaces the entry (the old one deleted under secure-delete)
        import dataclasses

        upgraded.save(dataclasses.replace(visits[0], observations="Went swimming."))
        assert {h.record_id for h in upgraded.search("swim")} == {visits[0].id}
        assert visits[0].id not in {h.record_id for h in upgraded.search("homework")}
    finally:
        upgraded.lock()
