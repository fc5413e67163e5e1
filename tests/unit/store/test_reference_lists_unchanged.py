"""The team directory, the resource directory and the list of assessment instruments are fetched at
every sync (auto-sync runs every few minutes all day) and seldom change: a refresh that brings what
the store holds writes nothing, and one that brings any change replaces the list whole."""

from __future__ import annotations

from sqlalchemy import select

from fieldcase.store import directory, held_instruments, resource_directory
from fieldcase.store.tables import directory_entry, resource_provider

TEAM = [
    {"user_id": "u-1", "display_name": "Zorbel Quintaro", "role": "caseworker"},
    {"user_id": "u-2", "display_name": "Ixta Molvane", "role": "supervisor"},
]
PROVIDERS = [
    {
        "id": "prov-1",
        "name": "Synthetic Hope House",
        "service_types": ["housing", "parenting"],
        "county": "Synthetic County",
        "address": "20 Example St",
        "phone": "555-0102",
    },
    {"id": "prov-2", "name": "Example Counseling", "service_types": ["therapy"]},
]


def _written_at(store, table) -> set[str]:
    with store.reading() as connection:
        return set(connection.execute(select(table.c.updated_at)).scalars())


def test_the_same_team_directory_again_writes_nothing_and_a_change_replaces_it(store, clock):
    directory.replace(store, TEAM)
    first = _written_at(store, directory_entry)
    clock.advance(300)
    directory.replace(store, list(reversed(TEAM)))  # the same people, in another order
    assert _written_at(store, directory_entry) == first
    renamed = [TEAM[0], {**TEAM[1], "display_name": "Ixta Molvane-Roe"}]
    clock.advance(300)
    directory.replace(store, renamed)
    assert _written_at(store, directory_entry) != first
    assert directory.colleagues(store)["u-2"].display_name == "Ixta Molvane-Roe"
    directory.replace(store, renamed[:1])  # someone left the team
    assert set(directory.colleagues(store)) == {"u-1"}
    directory.replace(store, [])
    assert directory.colleagues(store) == {}


def test_the_same_providers_again_write_nothing_and_a_change_replaces_them(store, clock):
    resource_directory.replace(store, PROVIDERS)
    first = _written_at(store, resource_provider)
    clock.advance(300)
    resource_directory.replace(store, PROVIDERS)
    assert _written_at(store, resource_provider) == first
    moved = [PROVIDERS[0], {**PROVIDERS[1], "county": "Other Synthetic County"}]
    clock.advance(300)
    resource_directory.replace(store, moved)
    assert _written_at(store, resource_provider) != first
    found = resource_directory.search(store, county="Other Synthetic County")
    assert [p.provider_id for p in found] == ["prov-2"]
    resource_directory.replace(store, moved[:1])  # a retired provider leaves
    assert [p.provider_id for p in resource_directory.search(store)] == ["prov-1"]


def _rows_written(store) -> int:
    """SQLite's count of rows inserted, updated or deleted on the store's connection so far."""
    with store.transaction() as connection:
        return connection.connection.driver_connection.total_changes


def test_the_same_instrument_list_again_writes_nothing_and_a_retirement_is_written(store):
    files = {
        ("needs_pack", "1.0"): ("a" * 64, '{"synthetic": 1}'),
        ("needs_pack", "2.0"): ("b" * 64, '{"synthetic": 2}'),
    }
    listed = [("needs_pack", "1.0", False), ("needs_pack", "2.0", False)]
    held_instruments.replace(store, listed, files)
    before = _rows_written(store)
    held_instruments.replace(store, listed, {})  # the next sync: the same list, nothing fetched
    assert _rows_written(store) == before
    held_instruments.replace(store, [("needs_pack", "1.0", True), listed[1]], {})
    assert _rows_written(store) == before + 1  # the one file newly retired
    assert held_instruments.hashes(store) == {key: sha for key, (sha, _c) in files.items()}


def test_an_empty_list_for_an_empty_table_writes_nothing(store):
    before = _rows_written(store)
    directory.replace(store, [])
    resource_directory.replace(store, [])
    assert _rows_written(store) == before
