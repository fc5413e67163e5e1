"""Enrolling a laptop (security.md "Device enrollment"): the user's server credentials and the
single-use code from IT go to the server; the device id and user id it issues become the identity of
a new encrypted store, and the tokens and the server's signing key are kept inside that store.

The passphrase is checked *before* the code is spent, so a refused passphrase costs nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldcase import __version__
from fieldcase.errors import UserError
from fieldcase.protocol import EnrollRequest
from fieldcase.security import policy
from fieldcase.security.keyfile import KdfParams
from fieldcase.security.server_address import check_server_address
from fieldcase.store.credentials import Credentials, CredentialStore
from fieldcase.store.erase import WIPED_MARKER
from fieldcase.store.store import Store
from fieldcase.sync.enroll import EnrollmentRefused, request_enrollment

__all__ = ["AlreadyEnrolled", "Enrolled", "EnrollmentFailed", "check_server_address", "enroll"]


class AlreadyEnrolled(UserError):
    code = "already_enrolled"

    def __init__(self) -> None:
        super().__init__(
            "This laptop already has fieldcase data; it was not replaced. Call IT to move it to a new enrollment."
        )


class EnrollmentFailed(UserError):
    code = "enrollment_refused"


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    user_id: str
    username: str
    role: str
    server_url: str
    #: the new store, unlocked (the caller owns it: lock it or hand it to the session)
    store: Any


def enroll(
    *,
    data_dir: str | Path,
    server_url: str,
    username: str,
    password: str,
    enrollment_code: str,
    passphrase: str,
    device_label: str = "",
    ca_bundle: str | None = None,
    kdf: KdfParams | None = None,
    escrow_public_key: bytes | None = None,
    http_transport: Any = None,
) -> Enrolled:
    # https unless the server is on this computer: the agency password must never travel in clear
    server_url = check_server_address(server_url)
    if Store.exists(data_dir):
        raise AlreadyEnrolled()
    policy.check_passphrase(passphrase, user_words=(username,))
    if passphrase == password:
        raise UserError(
            "Your laptop passphrase must be different from your agency password.",
            code="passphrase_reused",
        )
    request = EnrollRequest(
        username=username,
        password=password,
        enrollment_code=enrollment_code,
        device_label=device_label[:100],
        app_version=__version__[:50],
    )
    try:
        answer = request_enrollment(
            server_url, request, ca_bundle=ca_bundle, http_transport=http_transport
        )
    except EnrollmentRefused as error:
        raise EnrollmentFailed(error.message or "The server refused the enrollment.") from None
    marker = Path(data_dir) / WIPED_MARKER
    marker.unlink(missing_ok=True)  # a wiped laptop being enrolled again
    extra: dict[str, Any] = {}
    if kdf is not None:
        extra["kdf"] = kdf
    store = Store.create(
        data_dir,
        passphrase,
        device_id=answer.device_id,
        user_id=answer.user.user_id,
        escrow_public_key=escrow_public_key,
        **extra,
    )
    tokens = answer.tokens
    CredentialStore(store).save(
        Credentials(
            server_url=server_url,
            username=answer.user.username,
            role=answer.user.role,
            access_token=tokens.access_token,
            access_expires_at=tokens.access_expires_at,
            refresh_token=tokens.refresh_token,
            refresh_expires_at=tokens.refresh_expires_at,
            server_public_key=answer.server_public_key,
            ca_bundle=ca_bundle,
        )
    )
    from fieldcase.store.sync_apply import SyncStore

    SyncStore(store).note_hello(epoch=answer.epoch)
    store.record_audit("enroll", detail={"code": answer.user.role})
    return Enrolled(
        answer.device_id,
        answer.user.user_id,
        answer.user.username,
        answer.user.role,
        server_url,
        store,
    )
