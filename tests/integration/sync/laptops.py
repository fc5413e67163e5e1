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
    def enroll(cls, harness: Any, username: str, data_dir: Path, *, http_transport: httpx.BaseTransport | None = None) -> Laptop:
        client = harness.device(username)
        store = Store.create(data_dir, PASSPHRASE, device_id=client.device_id, user_id=client.user_id, kdf=KdfParams.floor())
        CredentialStore(store).save(
            Credentials(
                server_url="http://testserver", username=username, role="caseworker",
                access_token=client.access_token, access_expires_at="2099-01-01T00:00:00Z",
                refresh_token=client.refresh_token, refresh_expires_at="2099-01-01T00:00:00Z",
                server_public_key=server_public_key(harness),
            )
        )
        return cls(harness, username, data_dir, store, client.device_id, client.user_id, http_transport or harness.client._transport)

    def engine(self, **kw: Any) -> SyncEngine:
        options: dict[str, Any] = dict(
            http_transport=self.http_transport, sleep=self.sleeps.append, rng=random.Random(0),
            retry=RetryPolicy(attempts=4, base_seconds=0.01, cap_seconds=0.05),
        )
        options.update(kw)
        return SyncEngine(self.store, **options)

    def sync(self, **kw: Any) -> Any:
        return self.engine(**kw).run()

    @property
    def sync_store(self) -> SyncStore:
        return SyncStore(self.store)

    def crash(self) -> None:
        """Drop the store without locking it (what a killed process leaves), then open it again."""
        engine = self.store._engine
        if engine is not None:
            engine.dispose()
        self.store._engine = None
        self.store = Store.unlock(self.data_dir, PASSPHRASE, full_check=False)

    def close(self) -> None:
        if not self.store.is_locked:
            self.store.lock()
