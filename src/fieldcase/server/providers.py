"""The office's resource directory (domain.md "Service referrals"): the community providers a
caseworker refers parents and children to. The office keeps it — by hand with `fieldcase-server
providers add|list|retire`, or from the agency's own list with the agency import's providers.csv
— and every laptop receives the active providers whole, read-only, at each sync (`GET /providers`),
to search offline by name, service type and county.

A provider is never deleted: a retired one leaves the laptops' directory, while the referrals that
named it keep its name (Referral.provider_name)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from fieldcase.domain.ids import new_id
from fieldcase.domain.referrals import ServiceType
from fieldcase.errors import UserError
from fieldcase.server.db import Database
from fieldcase.server.models import AuditLog, ServiceProvider, utcnow

SERVICE_TYPES = tuple(t.value for t in ServiceType)


@dataclass(frozen=True)
class ProviderRow:
    id: str
    external_id: str | None
    name: str
    service_types: tuple[str, ...]
    county: str
    address: str
    phone: str
    notes: str
    active: bool


def parse_service_types(values: Iterable[str]) -> tuple[str, ...]:
    """Service types from words an admin typed ("housing", "mental_health; parenting"), checked."""
    found: list[str] = []
    for value in values:
        for part in value.replace(",", ";").split(";"):
            word = part.strip().lower().replace(" ", "_").replace("-", "_")
            if not word:
                continue
            if word not in SERVICE_TYPES:
                raise UserError(
                    f"Unknown service type; use one of: {', '.join(SERVICE_TYPES)}.",
                    code="bad_service_type",
                )
            if word not in found:
                found.append(word)
    return tuple(found)


def _row(p: ServiceProvider) -> ProviderRow:
    types = tuple(t for t in p.service_types.split(";") if t)
    return ProviderRow(
        p.id, p.external_id, p.name, types, p.county, p.address, p.phone, p.notes, p.active
    )


def add_provider(
    db: Database,
    *,
    name: str,
    service_types: Iterable[str],
    county: str = "",
    address: str = "",
    phone: str = "",
    notes: str = "",
    external_id: str | None = None,
    by: str | None = None,
) -> str:
    name = name.strip()
    if not name:
        raise UserError("Give the provider's name.", code="no_name")
    types = parse_service_types(service_types)
    if not types:
        raise UserError(
            f"Give at least one service type: {', '.join(SERVICE_TYPES)}.", code="no_service_type"
        )
    with db.write() as session:
        if (
            external_id
            and session.execute(
                select(ServiceProvider.id).where(ServiceProvider.external_id == external_id)
            ).first()
        ):
            raise UserError(
                "A provider with this agency id is in the directory already.",
                code="duplicate_provider",
            )
        provider = ServiceProvider(
            id=new_id(),
            external_id=external_id or None,
            name=name[:200],
            service_types=";".join(types),
            county=county.strip()[:100],
            address=address.strip()[:400],
            phone=phone.strip()[:50],
            notes=notes.strip(),
            active=True,
            updated_at=utcnow(),
        )
        session.add(provider)
        session.add(
            AuditLog(
                actor_user_id=by,
                action="provider_add",
                outcome="ok",
                target_kind="provider",
                target_id=provider.id,
            )
        )
        return provider.id


def retire_provider(db: Database, provider: str, *, by: str | None = None) -> None:
    """Take a provider out of the laptops' directory (by id or agency id); its referrals keep its name."""
    with db.write() as session:
        found = (
            session.get(ServiceProvider, provider)
            or session.execute(
                select(ServiceProvider).where(ServiceProvider.external_id == provider)
            ).scalar_one_or_none()
        )
        if found is None:
            raise UserError("No such provider.", code="no_provider")
        if found.active:
            found.active, found.updated_at = False, utcnow()
            session.add(
                AuditLog(
                    actor_user_id=by,
                    action="provider_retire",
                    outcome="ok",
                    target_kind="provider",
                    target_id=found.id,
                )
            )


def list_providers(db: Database, *, include_retired: bool = False) -> list[ProviderRow]:
    with db.read() as session:
        query = select(ServiceProvider).order_by(ServiceProvider.name, ServiceProvider.id)
        if not include_retired:
            query = query.where(ServiceProvider.active.is_(True))
        return [_row(p) for p in session.execute(query).scalars()]


def active_providers(session) -> list[ProviderRow]:
    """What every laptop receives: the active providers, by name."""
    query = (
        select(ServiceProvider)
        .where(ServiceProvider.active.is_(True))
        .order_by(ServiceProvider.name, ServiceProvider.id)
    )
    return [_row(p) for p in session.execute(query).scalars()]


def upsert_imported(session, rows: Iterable[dict]) -> dict[str, int]:
    """The agency import's providers.csv rows, already checked (agency_import/validation.py): each
    by its agency id, new or changed; `active` no retires it. Counts new / changed / unchanged."""
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    for row in rows:
        values = {
            "name": row["name"][:200],
            "service_types": ";".join(row["service_types"]),
            "county": (row.get("county") or "")[:100],
            "address": (row.get("address") or "")[:400],
            "phone": (row.get("phone") or "")[:50],
            "notes": row.get("notes") or "",
            "active": row.get("active") is not False,
        }
        found = session.execute(
            select(ServiceProvider).where(ServiceProvider.external_id == row["provider_id"])
        ).scalar_one_or_none()
        if found is None:
            session.add(
                ServiceProvider(
                    id=new_id(), external_id=row["provider_id"], updated_at=utcnow(), **values
                )
            )
            counts["new"] += 1
        elif any(getattr(found, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(found, k, v)
            found.updated_at = utcnow()
            counts["changed"] += 1
        else:
            counts["unchanged"] += 1
    return counts


def clean(text: str) -> str:
    """A provider's text fit for the wire: control characters (a stray one pasted from a
    spreadsheet) become spaces; tabs and line breaks stay (protocol/base.py's text rule)."""
    return "".join(
        " " if (ord(ch) < 32 and ch not in "\t\n\r") or ord(ch) == 127 else ch for ch in text
    )
