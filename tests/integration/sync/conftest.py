"""Fixtures for the sync suite: a server (SQLite, and PostgreSQL under the `postgres` marker), a team
with a supervisor and two caseworkers, a case with a child, and laptops enrolled for them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from integration.sync.laptops import Laptop


@dataclass
class World:
    harness: Any
    tmp: Path
    case_id: str
    child_id: str
    laptops: list[Laptop]

    def laptop(self, username: str, **kw: Any) -> Laptop:
        made = Laptop.enroll(
            self.harness, username, self.tmp / f"{username}-{len(self.laptops)}", **kw
        )
        self.laptops.append(made)
        return made


def make_world(harness: Any, tmp: Path) -> World:
    harness.make_user("sam", role="supervisor")
    team = harness.make_team(supervisor="sam")
    harness.make_user("ana", team=team)
    harness.make_user("ben", team=team)
    case_id = harness.make_case("ana")
    harness.harness = harness
    from fieldcase.server import admin

    admin.assign_case(harness.db, case_id, "ben", role="covering")
    child_id = harness.add_record(
        "person", case_id, {"role": "child", "given_name": "Test", "family_name": "Child"}
    )
    return World(harness, tmp, case_id, child_id, [])


@pytest.fixture
def world(server: Any, tmp_path: Path) -> Iterator[World]:
    made = make_world(server, tmp_path)
    yield made
    for laptop in made.laptops:
        laptop.close()


@pytest.fixture
def sqlite_world(sqlite_server: Any, tmp_path: Path) -> Iterator[World]:
    made = make_world(sqlite_server, tmp_path)
    yield made
    for laptop in made.laptops:
        laptop.close()
