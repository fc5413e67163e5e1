"""The office's resource directory, offline (domain.md "Service referrals"): what the referral form
and the directory search ask for. The laptop holds the active providers the server last sent
(store/resource_directory.py); nothing here changes them — the office maintains the directory."""

from __future__ import annotations

import dataclasses
from typing import Any

from fieldcase.domain.referrals import Referral, ServiceType
from fieldcase.store import resource_directory as directory_store
from fieldcase.store.resource_directory import DirectoryProvider

__all__ = [
    "DirectoryProvider",
    "counties",
    "find_providers",
    "provider",
    "providers_named",
    "with_provider_name",
]


def find_providers(
    store: Any,
    *,
    text: str = "",
    service_type: ServiceType | str | None = None,
    county: str | None = None,
    limit: int = 200,
) -> list[DirectoryProvider]:
    """Providers by name (any words of it, any case), service type and county, by name."""
    kind = service_type.value if isinstance(service_type, ServiceType) else service_type
    return directory_store.search(
        store, text=text.strip(), service_type=kind or None, county=county or None, limit=limit
    )


def provider(store: Any, provider_id: str | None) -> DirectoryProvider | None:
    return directory_store.get(store, provider_id) if provider_id else None


def providers_named(store: Any) -> dict[str, str]:
    """provider id → name, for readers that show a referral's provider by name."""
    return {p.provider_id: p.name for p in directory_store.search(store, limit=20000)}


def counties(store: Any) -> list[str]:
    return directory_store.counties(store)


def with_provider_name(store: Any, referral: Referral) -> Referral:
    """The referral with its directory provider's name written in, so the referral still names the
    provider after the office retires it (and on paper). A typed name is never overwritten."""
    if not referral.provider_id or (referral.provider_name or "").strip():
        return referral
    found = provider(store, referral.provider_id)
    return dataclasses.replace(referral, provider_name=found.name) if found else referral
