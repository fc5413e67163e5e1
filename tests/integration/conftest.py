"""Fixtures that start the real server (docs/design/architecture.md "Tests").

- `server_backend`: "sqlite" or "postgres" (parametrised; postgres tests carry the `postgres`
  marker and skip when 127.0.0.1:5432 does not answer; `FIELDCASE_TEST_PG` overrides the URL).
- `server`: a `ServerHarness` on a fresh database of that backend, the real FastAPI app behind a
  TestClient. `server.make_user(...)`, `server.make_case(...)`, `server.device(username)` → a
  `DeviceClient` (signed in: `hello/push/pull/pull_all/get/post`), `server.enroll(...)`.
- `sqlite_server`: the same on SQLite only (for tests that are about HTTP, not storage).
- `server_factory(backend="sqlite", **settings)`: a harness with custom `Settings` (limits, TTLs).
- `live_server`: `fieldcase-server seed-demo`, `run` as a real uvicorn subprocess;
  yields its base URL.
"""

from __future__ import annotations

import os
import shutil
import socket
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

PG_URL = os.environ.get("FIELDCASE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery staple"


def _pg_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def password_hash() -> str:
    from fieldcase.security import passwords

    return passwords.hash_password(PASSWORD)  # hashed once: Argon2id is slow on purpose


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fieldcase.server.db import Database

    path = tmp_path_factory.mktemp("server-template") / "template.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()  # the last connection closing checkpoints the WAL into the file
    return path


@pytest.fixture(scope="session")
def _pg_schema() -> Iterator[str]:
    if not _pg_reachable():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    import psycopg

    from fieldcase.server.db import Database

    # one schema per test process (named after its pytest-xdist worker, gw0, gw1 …): workers share
    # the database `test` but never a table; TRUNCATE between tests stays inside the worker's schema
    schema = f"fc_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:12]}"
    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    db = Database(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        db.migrate()
    finally:
        db.dispose()
    yield schema
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_backend(request: pytest.FixtureRequest) -> str:
    return request.param


def _fresh_database(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    from sqlalchemy import text

    from fieldcase.server.db import Database
    from fieldcase.server.models import Base

    if backend == "sqlite":
        template = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "server.sqlite3"
        shutil.copyfile(template, path)
        return Database(f"sqlite:///{path}")
    schema = request.getfixturevalue("_pg_schema")
    db = Database(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    # the two counters stay: their numbers only ever grow (a list generation back at 0 could match a
    # version a laptop of an earlier test stored)
    kept = ("sync_counter", "list_generation")
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables if t.name not in kept)
    try:
        with db.write_engine.begin() as conn:
            conn.execute(
                text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            )  # TRUNCATE skips the audit log's row triggers
            conn.execute(text("UPDATE sync_counter SET value = 0"))
    except BaseException:
        db.dispose()  # else its open connection is reported as leaked by whichever test runs next
        raise
    return db


@dataclass
class DeviceClient:
    """A signed-in laptop talking to the server through the TestClient."""

    harness: ServerHarness
    username: str
    user_id: str
    device_id: str
    access_token: str
    refresh_token: str
    cursor: str | None = None
    device_seq: int = 0
    held: dict[str, dict] = field(default_factory=dict)  # record id -> last Change seen
    cases: set[str] = field(default_factory=set)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}", "X-FC-Device": self.device_id}

    def get(self, path: str, **kw: Any) -> Any:
        return self.harness.client.get(
            path, headers={**self.headers, **kw.pop("headers", {})}, **kw
        )

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.harness.client.post(
            path, json=json, headers={**self.headers, **kw.pop("headers", {})}, **kw
        )

    def put(self, path: str, content: bytes, **kw: Any) -> Any:
        return self.harness.client.put(
            path, content=content, headers={**self.headers, **kw.pop("headers", {})}, **kw
        )

    def hello(self, **fields: Any) -> Any:
        body = {
            "protocol_version": 1,
            "schema_version": 1,
            "client_time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **fields,
        }
        return self.post("/sync/hello", body)

    def mutation(self, kind: str, record_kind: str, record_id: str, **payload: Any) -> dict:
        from fieldcase.domain.ids import new_id

        self.device_seq += 1
        return {
            "mutation_id": new_id(),
            "device_seq": self.device_seq,
            "record_kind": record_kind,
            "record_id": record_id,
            "kind": kind,
            "hlc": f"{time.time():.3f}/0/{self.device_id[:8]}",
            "schema_version": 1,
            **payload,
        }

    def push(self, *mutations: dict, batch_id: str | None = None) -> Any:
        return self.post(
            "/sync/push", {"batch_id": batch_id or str(uuid.uuid4()), "mutations": list(mutations)}
        )

    def push_ok(self, *mutations: dict) -> list[dict]:
        response = self.push(*mutations)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def pull(self, *, limit: int = 500, cursor: Any = "keep") -> Any:
        params: dict[str, Any] = {"limit": limit}
        use = self.cursor if cursor == "keep" else cursor
        if use:
            params["cursor"] = use
        return self.get("/sync/changes", params=params)

    def pull_all(self, *, limit: int = 500) -> list[dict]:
        """Pull until has_more is false, applying pages like a client would; returns every change seen."""
        seen: list[dict] = []
        while True:
            response = self.pull(limit=limit)
            assert response.status_code == 200, response.text
            page = response.json()
            for event in page["scope_events"]:
                if event["event"] == "grant":
                    self.cases.add(event["case_id"])
                else:
                    self.cases.discard(event["case_id"])
                    self.held = {
                        k: v for k, v in self.held.items() if v["case_id"] != event["case_id"]
                    }
            for change in page["changes"]:
                self.held[change["record_id"]] = change
                seen.append(change)
            self.cursor = page["next_cursor"]
            if not page["has_more"]:
                return seen


@dataclass
class ServerHarness:
    db: Any
    settings: Any
    app: Any
    client: Any
    password_hash: str
    org_id: str
    backend: str

    def make_team(self, name: str | None = None, supervisor: str | None = None) -> str:
        from fieldcase.server import admin

        return admin.create_team(
            self.db,
            name or f"team-{uuid.uuid4().hex[:6]}",
            org_id=self.org_id,
            supervisor=supervisor,
        )

    def make_user(self, username: str, *, role: str = "caseworker", team: str | None = None) -> str:
        from fieldcase.server import admin

        return admin.create_user(
            self.db,
            username,
            role=role,
            team=team,
            org_id=self.org_id,
            password_hash=self.password_hash,
        )

    def make_case(self, worker: str | None = None, **fields: Any) -> str:
        from fieldcase.server import admin

        case_id = admin.create_case(
            self.db, {"case_number": f"TEST-{uuid.uuid4().hex[:6]}", **fields}
        )
        if worker is not None:
            admin.assign_case(self.db, case_id, worker)
        return case_id

    def add_record(self, kind: str, case_id: str, fields: dict | None = None, **kw: Any) -> str:
        from fieldcase.server import admin

        return admin.add_record(self.db, kind, case_id, fields or {}, **kw)

    def device(self, username: str) -> DeviceClient:
        from sqlalchemy import select

        from fieldcase.server.devices import register_device
        from fieldcase.server.models import User

        with self.db.read() as session:
            user_id = session.execute(select(User.id).where(User.username == username)).scalar_one()
        device_id, tokens = register_device(self.db, self.settings, user_id, label="test laptop")
        return DeviceClient(
            self, username, user_id, device_id, tokens.access_token, tokens.refresh_token
        )

    def enrollment_code(self) -> str:
        from fieldcase.server import admin

        return admin.enrollment_code(self.db, self.settings)[0]

    def enroll(self, username: str, password: str = PASSWORD, code: str | None = None) -> Any:
        return self.client.post(
            "/auth/enroll",
            json={
                "username": username,
                "password": password,
                "enrollment_code": code or self.enrollment_code(),
                "device_label": "laptop",
            },
        )

    def audit_rows(self, **where: Any) -> list[Any]:
        from sqlalchemy import select

        from fieldcase.server.models import AuditLog

        with self.db.read() as session:
            query = select(AuditLog)
            for key, value in where.items():
                query = query.where(getattr(AuditLog, key) == value)
            return list(session.execute(query.order_by(AuditLog.id)).scalars())


def _harness(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    password_hash: str,
    **settings_kw: Any,
) -> Iterator[ServerHarness]:
    from fastapi.testclient import TestClient

    from fieldcase.server import admin
    from fieldcase.server.app import create_app
    from fieldcase.server.config import Settings

    db = _fresh_database(backend, request, tmp_path)
    admin.init_db(db)
    org_id = admin.create_org(db, "Test County Children's Division")
    settings_kw.setdefault("audit_batch_seconds", 0)  # tests read the audit right after a request
    settings = Settings(database_url=db.url, **settings_kw)
    app = create_app(settings, db)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield ServerHarness(db, settings, app, client, password_hash, org_id, backend)
    finally:  # also when server_factory closes the generator: its pooled connections, not the GC's
        db.dispose()


@pytest.fixture
def server(
    server_backend: str, request: pytest.FixtureRequest, tmp_path: Path, password_hash: str
) -> Iterator[ServerHarness]:
    yield from _harness(server_backend, request, tmp_path, password_hash)


@pytest.fixture
def sqlite_server(
    request: pytest.FixtureRequest, tmp_path: Path, password_hash: str
) -> Iterator[ServerHarness]:
    yield from _harness("sqlite", request, tmp_path, password_hash)


@pytest.fixture
def pg_server(
    request: pytest.FixtureRequest, tmp_path: Path, password_hash: str
) -> Iterator[ServerHarness]:
    yield from _harness("postgres", request, tmp_path, password_hash)


@pytest.fixture
def server_factory(
    request: pytest.FixtureRequest, tmp_path: Path, password_hash: str
) -> Iterator[Any]:
    """`server_factory(backend="sqlite", **settings)` → a `ServerHarness` with custom `Settings`."""
    made: list[Iterator[ServerHarness]] = []

    def make(backend: str = "sqlite", **settings_kw: Any) -> ServerHarness:
        folder = tmp_path / f"factory{len(made)}"
        folder.mkdir()
        gen = _harness(backend, request, folder, password_hash, **settings_kw)
        made.append(gen)
        return next(gen)

    yield make
    for gen in made:
        gen.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[str]:
    """A real `fieldcase-server run` (uvicorn) on a free loopback port, on a seeded SQLite database:
    the same launcher `fieldcase demo` uses (seed-demo, run, wait for /health)."""
    from fieldcase.commands.demo import DemoServer

    server = DemoServer(tmp_path, children=12)
    server.start(lambda _message: None)
    try:
        yield server.url
    finally:
        server.stop()
