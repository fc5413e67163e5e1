"""The office's resource directory on the laptop: the community providers the server's
`GET /providers` last gave (replaced whole, so a retired provider leaves), read-only here and
searched offline by name, service type and county (services/resource_directory.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from fieldcase.store.tables import resource_provider
from fieldcase.store.whole_lists import replace_whole


@dataclass(frozen=True)
class DirectoryProvider:
    provider_id: str
    name: str
    service_types: tuple[str, ...]
    county: str
    address: str
    phone: str
    notes: str


def replace(store: Any, providers: list[dict[str, Any]]) -> None:
    """Hold exactly `providers` (the wire's Provider dicts), in one transaction; nothing is written
    when the store holds them already (store/whole_lists.py)."""
    rows = [
        {
            "provider_id": p["id"],
            "name": p["name"],
            "service_types": ";" + ";".join(p["service_types"]) + ";",
            "county": p.get("county", ""),
            "address": p.get("address", ""),
            "phone": p.get("phone", ""),
            "notes": p.get("notes", ""),
        }
        for p in providers
    ]
    with store.transaction() as connection:
        replace_whole(connection, resource_provider, rows, store.moment().iso)


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(
    store: Any,
    *,
    text: str = "",
    service_type: str | None = None,
    county: str | None = None,
    limit: int = 200,
) -> list[DirectoryProvider]:
    """Providers whose name (or notes) holds `text`, offering `service_type`, in `county` (any case),
    by name."""
    query = (
        select(resource_provider)
        .order_by(func.lower(resource_provider.c.name), resource_provider.c.provider_id)
        .limit(limit)
    )
    for word in text.split():
        pattern = f"%{_escaped(word.lower())}%"
        query = query.where(
            func.lower(resource_provider.c.name).like(pattern, escape="\\")
            | func.lower(resource_provider.c.notes).like(pattern, escape="\\")
        )
    if service_type:
        query = query.where(
            resource_provider.c.service_types.like(f"%;{_escaped(service_type)};%", escape="\\")
        )
    if county:
        query = query.where(func.lower(resource_provider.c.county) == county.strip().lower())
    with store.reading() as connection:
        rows = connection.execute(query).all()
    return [_provider(r) for r in rows]


def get(store: Any, provider_id: str) -> DirectoryProvider | None:
    with store.reading() as connection:
        row = connection.execute(
            select(resource_provider).where(resource_provider.c.provider_id == provider_id)
        ).first()
    return _provider(row) if row is not None else None


def counties(store: Any) -> list[str]:
    with store.reading() as connection:
        rows = (
            connection.execute(
                select(resource_provider.c.county)
                .distinct()
                .where(resource_provider.c.county != "")
            )
            .scalars()
            .all()
        )
    return sorted(rows, key=str.lower)


def _provider(r: Any) -> DirectoryProvider:
    return DirectoryProvider(
        r.provider_id,
        r.name,
        tuple(t for t in r.service_types.split(";") if t),
        r.county,
        r.address,
        r.phone,
        r.notes,
    )
