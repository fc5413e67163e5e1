"""Signing a laptop in: POST /auth/enroll (username, password and a one-time code) and
POST /auth/refresh (a new token pair). Both are throttled per account and per address, in the
database (server/throttle.py), and need no access token."""

from __future__ import annotations

from fastapi import APIRouter

from fieldcase.protocol import EnrollRequest, EnrollResponse, RefreshRequest, TokenPair
from fieldcase.server import devices, throttle
from fieldcase.server.routes.deps import ClientAddress, DatabaseDep, SettingsDep, Trail

router = APIRouter(tags=["auth"])


@router.post("/auth/enroll", response_model=EnrollResponse)
def enroll(
    body: EnrollRequest,
    db: DatabaseDep,
    settings: SettingsDep,
    audit: Trail,
    address: ClientAddress,
) -> EnrollResponse:
    # back-off per account and per address, in the database (server/throttle.py)
    return devices.enroll(db, settings, body, audit, address=address)


@router.post("/auth/refresh", response_model=TokenPair)
def refresh(
    body: RefreshRequest,
    db: DatabaseDep,
    settings: SettingsDep,
    audit: Trail,
    address: ClientAddress,
) -> TokenPair:
    keys = throttle.client_keys(None, address)
    with throttle.counting_failures(db, settings.limits, keys, audit, action="refresh"):
        return devices.refresh(db, settings, body, audit)
