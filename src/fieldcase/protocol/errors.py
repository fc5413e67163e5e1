"""The JSON error body every non-2xx answer carries.

`{"error": {"code": "...", "message": "...", ...}}` — `code` is stable and machine-readable
(`not_found`, `invalid_request`, `payload_too_large`, `rate_limited`, `invalid_token`,
`device_suspended`, `device_revoked`, `device_retired`, `resync_required`, `conflict`, `forbidden`),
`message` is plain words without personal data. `wipe_command` is set on `device_revoked` answers:
the client verifies it against the server key received at enrollment and crypto-erases its store.
"""

from __future__ import annotations

from pydantic import Field

from fieldcase.protocol.auth import SignedCommand
from fieldcase.protocol.base import WireInt, WireModel


class ErrorDetail(WireModel):
    code: str
    message: str
    #: for `invalid_request`: where the problems are (paths only — values are never echoed)
    fields: list[str] = Field(default_factory=list)
    #: for `rate_limited`: seconds to wait
    retry_after: WireInt | None = None
    #: for `device_revoked`: the signed wipe command
    wipe_command: SignedCommand | None = None


class ErrorBody(WireModel):
    error: ErrorDetail
