"""Laptops for sync tests: a real encrypted store per laptop, enrolled against the in-process server,
syncing through the production engine over the server app's HTTP transport (optionally faulty)."""

from __future__ import annotations

import base64
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from fieldcase.security.keyfile import KdfParams
from fieldcase.store.credentials import Credentials, CredentialStore
from fieldcase.store.store import Store
from fieldcase.store.sync_apply import SyncStore
from fieldcase.sync.engine import SyncEngine
from fieldcase.sync.transport import RetryPolicy

PASSPHRASE = "Canary-Passphrase correct horse 42"


def photo_bytes(label: str) -> bytes:
    """A synthetic "photo", distinct per label and a few chunks long at a small chunk size."""
    return b"\x89PNG synthetic " + label.encode() * 300


def server_public_key(harness: Any) -> str:
    from fieldcase.server.models import ServerState

    with harness.db.read() as session:
        return base64.b64encode(session.get(ServerState, 1).signing_public_key).decode()


@dataclass
class Laptop:
    harness: Any
    username: str
    data_dir: Path
    store: Store
    device_id: str
    user_id: str
    http_transport: httpx.BaseTransport
    sleeps: list[float] = field(default_factory=list)

    @classmethod
    def enroll(
        cls,
        harness: Any,
        username: str,
        data_dir: Path,
        *,
        http_transport: httpx.BaseTransport | None = None,
    ) -> Laptop:
        client = harness.device(username)
        store = Store.create(
            data_dir,
            PASSPHRASE,
            device_id=client.device_id,
            user_id=client.user_id,
            kdf=KdfParams.floor(),
        )
        CredentialStore(store).save(
            Credentials(
                server_url="http://localhost",
                username=username,
                role="caseworker",
                access_token=client.access_token,
                access_expires_at="2099-01-01T00:00:00Z",
                refresh_token=client.refresh_token,
                refresh_expires_at="2099-01-01T00:00:00Z",
                server_public_key=server_public_key(harness),
            )
        )
        return cls(
            harness,
            username,
            data_dir,
            store,
            client.device_id,
            client.user_id,
            http_transport or harness.client._transport,
        )

    def engine(self, **kw: Any) -> SyncEngine:
        options: dict[str, Any] = dict(
            http_transport=self.http_transport,
            sleep=self.sleeps.append,
            rng=random.Random(0),
            retry=RetryPolicy(attempts=4, base_seconds=0.01, cap_seconds=0.05),
        )
        options.update(kw)
        return SyncEngine(self.store, **options)

    def sync(self, **kw: Any) -> Any:
        return self.engine(**kw).run()

    @property
    def sync_store(self) -> SyncStore:
        return SyncStore(self.store)

    def attach_photo(self, record_id: str, label: str) -> Any:
        """Attach a new synthetic photo to a record the way the app does (the bytes into the store,
        then an ordinary edit adding the reference); returns what the save did (`Saved`), or None
        when the record cannot take it (read-only, or without attachments)."""
        import dataclasses

        from fieldcase.domain.attachments import AttachmentKind
        from fieldcase.errors import UserError
        from fieldcase.services.attachments import attach_bytes

        current = self.store.get(record_id)
        item = current.to_domain()
        if not hasattr(item, "attachments"):
            return None
        ref = attach_bytes(
            self.store,
            content=photo_bytes(label),
            name=f"{label}.png",
            mime="image/png",
            kind=AttachmentKind.PHOTO,
        )
        try:
            return self.store.save(
                dataclasses.replace(item, attachments=(*item.attachments, ref)),
                expected_version=current.version,
            )
        except UserError:
            return None  # approved or voided meanwhile: read-only, as it must be

    def crash(self) -> None:
        """Drop the store without locking it (what a killed process leaves), then open it again."""
        engine, connection = self.store._engine, self.store._connection
        if engine is not None:
            engine.dispose()
        if connection is not None:
            connection.close()
        self.store._engine = self.store._connection = None
        self.store = Store.unlock(self.data_dir, PASSPHRASE, full_check=False)

    def close(self) -> None:
        if not self.store.is_locked:
            self.store.lock()


# --- a server without pytest fixtures (for hypothesis state machines, which build one per example) ---

_TEMPLATE: dict[str, Path] = {}


@dataclass
class MiniServer:
    """The real server app in-process on a fresh SQLite copy; the same helpers as the suite's harness."""

    db: Any
    settings: Any
    app: Any
    client: Any
    org_id: str

    @classmethod
    def start(cls, folder: Path) -> MiniServer:
        from fastapi.testclient import TestClient

        from fieldcase.server import admin
        from fieldcase.server.app import create_app
        from fieldcase.server.config import Settings
        from fieldcase.server.db import Database

        if "sqlite" not in _TEMPLATE or not _TEMPLATE["sqlite"].exists():
            template = folder.parent / "mini-template.sqlite3"
            db = Database(f"sqlite:///{template}")
            db.migrate()
            db.dispose()
            _TEMPLATE["sqlite"] = template
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "server.sqlite3"
        shutil.copyfile(_TEMPLATE["sqlite"], path)
        db = Database(f"sqlite:///{path}")
        admin.init_db(db)
        org_id = admin.create_org(db, "Test County")
        settings = Settings(database_url=db.url)
        app = create_app(settings, db)
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        return cls(db, settings, app, client, org_id)

    def stop(self) -> None:
        self.client.__exit__(None, None, None)
        self.db.dispose()

    def make_team(self, supervisor: str | None = None) -> str:
        from fieldcase.server import admin

        return admin.create_team(self.db, "team", org_id=self.org_id, supervisor=supervisor)

    def make_user(self, username: str, *, role: str = "caseworker", team: str | None = None) -> str:
        from fieldcase.server import admin

        return admin.create_user(
            self.db,
            username,
            role=role,
            team=team,
            org_id=self.org_id,
            password_hash="x-not-a-hash",
        )

    def make_case(self, worker: str | None = None) -> str:
        import uuid

        from fieldcase.server import admin

        case_id = admin.create_case(self.db, {"case_number": f"SIM-{uuid.uuid4().hex[:6]}"})
        if worker is not None:
            admin.assign_case(self.db, case_id, worker)
        return case_id

    def add_record(self, kind: str, case_id: str, fields: dict) -> str:
        from fieldcase.server import admin

        return admin.add_record(self.db, kind, case_id, fields)

    def device(self, username: str) -> Any:
        from types import SimpleNamespace

        from sqlalchemy import select

        from fieldcase.server.devices import register_device
        from fieldcase.server.models import User

        with self.db.read() as session:
            user_id = session.execute(select(User.id).where(User.username == username)).scalar_one()
        device_id, tokens = register_device(self.db, self.settings, user_id, label="sim laptop")
        return SimpleNamespace(
            device_id=device_id,
            user_id=user_id,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
        )
