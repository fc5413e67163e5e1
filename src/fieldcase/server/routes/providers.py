"""GET /providers: the office's resource directory (server/providers.py), whole, for every enrolled
laptop.

The shape of a read-only list every signed-in laptop may fetch; copy it for another:
`CallerInRead` signs the caller in inside the route's `ReadSession` (401/403/429 before the route
runs), the route reads, cleans what it sends, notes one audit entry, and returns its protocol
model. Then add the module's `router` to `ROUTERS` in routes/__init__.py."""

from __future__ import annotations

from fastapi import APIRouter

from fieldcase.protocol.providers import Provider, ProviderDirectory
from fieldcase.server import providers
from fieldcase.server.routes.deps import CallerInRead, ReadSession, Trail

router = APIRouter(tags=["sync"])


@router.get("/providers", response_model=ProviderDirectory)
def provider_directory(who: CallerInRead, session: ReadSession, audit: Trail) -> ProviderDirectory:
    """The office's resource directory (server/providers.py), whole, for every enrolled laptop."""
    rows = providers.active_providers(session)
    listed = [
        Provider(
            id=r.id,
            name=providers.clean(r.name),
            service_types=list(r.service_types),
            county=providers.clean(r.county),
            address=providers.clean(r.address),
            phone=providers.clean(r.phone),
            notes=providers.clean(r.notes)[:4000],
        )
        for r in rows
    ]
    audit.add("providers", detail={"entries": len(listed)})
    return ProviderDirectory(providers=listed)
