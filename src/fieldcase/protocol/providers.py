"""`GET /providers`: the office's resource directory (server/providers.py), sent whole to every
laptop at each sync and held there read-only (store/resource_directory.py)."""

from __future__ import annotations

from pydantic import Field

from fieldcase.protocol.base import WireModel


class Provider(WireModel):
    """A community provider: organisations' public details, no personal data."""

    id: str = Field(max_length=36)
    name: str = Field(max_length=200)
    service_types: list[str] = Field(max_length=20)
    county: str = Field(default="", max_length=100)
    address: str = Field(default="", max_length=400)
    phone: str = Field(default="", max_length=50)
    notes: str = Field(default="", max_length=4000)


class ProviderDirectory(WireModel):
    providers: list[Provider] = Field(max_length=20000)
