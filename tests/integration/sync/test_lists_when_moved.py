"""A sync asks for a reference list only when it moved (issue 19: an auto-sync with nothing new is
three requests, not six): the hello names each list's version (server/list_versions.py), the laptop
keeps the version it last brought (sync/lists.py). On a real server, SQLite and PostgreSQL: the
versions are moved by the database's triggers (migration 0010), whoever writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from fieldcase.server import providers
from fieldcase.services.resource_directory import find_providers
from fieldcase.store import directory as directory_store
from fieldcase.store import held_instruments
from fieldcase.sync.lists import parse
from helpers.watching import Watching

LIST_PATHS = {"/directory", "/providers", "/instruments"}


def _lists_asked(watching: Watching) -> set[str]:
    return {p for p in watching.asked() if p in LIST_PATHS}


def _laptop(world: Any, username: str = "ana") -> tuple[Any, Watching]:
    watching = Watching(world.harness.client._transport)
    return world.laptop(username, http_transport=watching), watching


def test_a_sync_with_nothing_new_asks_for_no_list(world):
    ana, watching = _laptop(world)
    ana.sync()
    assert _lists_asked(watching) == LIST_PATHS  # a new laptop holds none
    ana.sync()
    ana.sync()
    assert _lists_asked(watching) == set()


def test_only_the_list_that_moved_is_asked_for_whoever_wrote_it(world):
    ana, watching = _laptop(world)
    ana.sync()
    _lists_asked(watching)
    db = world.harness.db

    providers.add_provider(db, name="Family Roots Parenting", service_types=["parenting"])
    ana.sync()
    assert _lists_asked(watching) == {"/providers"}
    assert [p.name for p in find_providers(ana.store)] == ["Family Roots Parenting"]

    # a hand-written UPDATE moves it too: the database's trigger, not the admin function, counts
    with db.write() as session:
        session.execute(text("UPDATE service_provider SET phone = '555-0199'"))
    ana.sync()
    assert _lists_asked(watching) == {"/providers"}
    assert [p.phone for p in find_providers(ana.store)] == ["555-0199"]

    with db.write() as session:
        session.execute(
            text("UPDATE app_user SET display_name = 'Ben Okafor' WHERE username = 'ben'")
        )
    ana.sync()
    assert _lists_asked(watching) == {"/directory"}
    names = {c.display_name for c in directory_store.colleagues(ana.store).values()}
    assert "Ben Okafor" in names

    # what no list shows (a new password) moves nothing
    with db.write() as session:
        session.execute(text("UPDATE app_user SET password_hash = password_hash || ''"))
    ana.sync()
    assert _lists_asked(watching) == set()


def test_a_list_that_failed_to_come_is_asked_for_again(world):
    ana, watching = _laptop(world)
    providers.add_provider(world.harness.db, name="Hope House", service_types=["housing"])
    watching.refuse = "/providers"
    ana.sync()  # the sync itself goes on without it
    assert find_providers(ana.store) == []
    watching.refuse = None
    _lists_asked(watching)
    ana.sync()
    assert _lists_asked(watching) == {"/providers"}  # same version, but never brought
    assert [p.name for p in find_providers(ana.store)] == ["Hope House"]


def test_instruments_brought_in_part_are_asked_for_again(world):
    """A file the laptop could not fetch leaves the list unmarked: the next sync asks again."""
    from integration.sync.test_instruments import _load

    _load(world, "1.0")
    ana, watching = _laptop(world)
    (instrument_id,) = _instrument_ids(world)
    watching.refuse = f"/instruments/{instrument_id}/1.0"  # the list comes, its one file does not
    ana.sync()
    assert held_instruments.hashes(ana.store) == {}
    watching.refuse = None
    _lists_asked(watching)
    ana.sync()
    assert _lists_asked(watching) == {"/instruments"}  # same version, but brought in part
    assert len(held_instruments.hashes(ana.store)) == 1
    ana.sync()
    assert _lists_asked(watching) == set()


def _instrument_ids(world: Any) -> list[str]:
    from fieldcase.server import instruments as office

    with world.harness.db.read() as session:
        return [row.instrument_id for row in office.every_instrument(session)]


def test_a_server_that_names_no_versions_gets_every_list_asked_for(world):
    ana, watching = _laptop(world)
    watching.hide_versions = True
    for _ in range(2):
        ana.sync()
        assert _lists_asked(watching) == LIST_PATHS


def test_each_user_has_a_directory_version_of_their_own(world):
    """The people one works with differ per user: a laptop re-enrolled for someone else must not
    keep the previous user's directory as current."""
    ana, ana_watching = _laptop(world, "ana")
    ben, ben_watching = _laptop(world, "ben")
    ana.sync()
    ben.sync()
    assert (
        set(ana_watching.told)
        == set(ben_watching.told)
        == {"directory", "providers", "instruments"}
    )
    assert ana_watching.told["directory"] != ben_watching.told["directory"]
    assert ana_watching.told["providers"] == ben_watching.told["providers"]


def test_a_header_that_cannot_be_read_means_every_list_is_asked_for():
    assert parse(None) == {}
    assert parse("") == {}
    assert parse("directory=" + "a" * 2000) == {}
    assert parse("directory=zz, providers=../../x, instruments=0123456789abcdef") == {
        "instruments": "0123456789abcdef"
    }
    assert parse("wipe=0123456789abcdef") == {}  # only the three lists
    assert parse(" directory = 0123456789abcdef") == {}
    assert parse("directory=0123456789abcdef,providers=fedcba9876543210") == {
        "directory": "0123456789abcdef",
        "providers": "fedcba9876543210",
    }
