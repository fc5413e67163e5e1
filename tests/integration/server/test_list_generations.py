"""Every column a reference list shows moves that list's generation, and nothing else does (server
migration 0010, server/list_versions.py). A laptop asks for a list only when its version moved
(sync/lists.py), so a column the triggers miss would leave every laptop's list stale for good.

The columns are read from the models, not copied from the migration: a column added to one of these
tables fails here until a migration watches it or `NOT_SHOWN` says why no list shows it. Each column
is updated to its own value by hand-written SQL (`SET c = c`): a trigger `UPDATE OF c` fires on
the column being written, whatever the value, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, text

from fieldcase.server import instruments, providers
from fieldcase.server.models import (
    AssessmentInstrument,
    ListGeneration,
    ServiceProvider,
    Team,
    User,
)
from integration.server.test_instruments import agency_pack

#: (table, the list its shown columns move)
LISTS = (
    (User, "directory"),
    (Team, "directory"),
    (ServiceProvider, "providers"),
    (AssessmentInstrument, "instruments"),
)
#: columns no list shows, each with its reason
NOT_SHOWN = {
    "app_user": {
        "id": "a key, never rewritten",
        "password_hash": "a sign-in secret",
        "created_at": "not in the directory",
    },
    "team": {
        "id": "a key, never rewritten",
        "name": "the directory lists people, not teams",
    },
    "service_provider": {
        "id": "a key, never rewritten",
        "external_id": "the agency import's own key",
        "updated_at": "bookkeeping",
    },
    "assessment_instrument": {
        "name": "the file's own content names it",
        "content": "fetched by its sha256, which changes with it",
        "added_at": "bookkeeping",
        "updated_at": "bookkeeping",
    },
}


def _generations(server: Any) -> dict[str, int]:
    with server.db.read() as session:
        return dict(session.execute(select(ListGeneration.name, ListGeneration.value)).all())


def _a_row_of_each(server: Any) -> None:
    team = server.make_team(supervisor=None)
    server.make_user("ana", team=team)
    providers.add_provider(server.db, name="Hope House", service_types=["housing"])
    instruments.add_instrument(
        server.db, json.dumps(agency_pack("1.0")).encode(), source="pack-1.0.json"
    )


def test_each_shown_column_moves_its_list_and_no_other_column_moves_any(server):
    _a_row_of_each(server)
    missed, moved_for_nothing = [], []
    for model, name in LISTS:
        table = model.__table__
        for column in table.columns:
            before = _generations(server)
            with server.db.write() as session:
                session.execute(text(f'UPDATE {table.name} SET "{column.name}" = "{column.name}"'))
            after = _generations(server)
            moved = {n for n in after if after[n] != before[n]}
            hidden = column.name in NOT_SHOWN[table.name]
            if not hidden and moved != {name}:
                missed.append(f"{table.name}.{column.name} moved {sorted(moved)}, not {name!r}")
            if hidden and moved:
                moved_for_nothing.append(f"{table.name}.{column.name} moved {sorted(moved)}")
    assert not missed, "a shown column the triggers do not watch: " + "; ".join(missed)
    assert not moved_for_nothing, "an unshown column moves a list: " + "; ".join(moved_for_nothing)


def test_a_row_added_or_removed_moves_its_list(server):
    _a_row_of_each(server)
    before = _generations(server)
    providers.add_provider(server.db, name="Family Roots", service_types=["parenting"])
    after = _generations(server)
    assert after["providers"] > before["providers"]
    assert (after["directory"], after["instruments"]) == (
        before["directory"],
        before["instruments"],
    )
    with server.db.write() as session:
        session.execute(text("DELETE FROM service_provider WHERE name = 'Family Roots'"))
    assert _generations(server)["providers"] > after["providers"]
