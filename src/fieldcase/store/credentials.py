"""The laptop's sign-in with the server, kept inside the encrypted store (security.md: tokens are
stored in the store, not the OS keyring). Written at enrollment, rotated on every refresh."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import delete, insert, select, update

from fieldcase.store.tables import credential


@dataclass(frozen=True)
class Credentials:
    server_url: str
    username: str
    role: str
    access_token: str
    access_expires_at: str
    refresh_token: str
    refresh_expires_at: str
    server_public_key: str
    ca_bundle: str | None = None
    paused_reason: str | None = None

    def __repr__(self) -> str:  # tokens never reach a log or a traceback
        return f"Credentials(server_url={self.server_url!r}, role={self.role!r}, paused={self.paused_reason is not None})"

    def with_tokens(self, tokens: dict[str, Any]) -> Credentials:
        return replace(
            self,
            access_token=tokens["access_token"],
            access_expires_at=tokens["access_expires_at"],
            refresh_token=tokens["refresh_token"],
            refresh_expires_at=tokens["refresh_expires_at"],
        )


class CredentialStore:
    def __init__(self, store: Any) -> None:
        self._store = store

    def load(self) -> Credentials | None:
        with self._store.reading() as connection:
            row = connection.execute(select(credential).where(credential.c.id == 1)).first()
        if row is None:
            return None
        return Credentials(
            row.server_url,
            row.username,
            row.role,
            row.access_token,
            row.access_expires_at,
            row.refresh_token,
            row.refresh_expires_at,
            row.server_public_key,
            row.ca_bundle,
            row.paused_reason,
        )

    def save(self, creds: Credentials) -> None:
        values = dict(
            server_url=creds.server_url,
            username=creds.username,
            role=creds.role,
            access_token=creds.access_token,
            access_expires_at=creds.access_expires_at,
            refresh_token=creds.refresh_token,
            refresh_expires_at=creds.refresh_expires_at,
            server_public_key=creds.server_public_key,
            ca_bundle=creds.ca_bundle,
            paused_reason=creds.paused_reason,
        )
        with self._store.transaction() as connection:
            connection.execute(delete(credential))
            connection.execute(insert(credential).values(id=1, **values))

    def set_paused(self, reason: str | None) -> None:
        with self._store.transaction() as connection:
            connection.execute(
                update(credential).where(credential.c.id == 1).values(paused_reason=reason)
            )
