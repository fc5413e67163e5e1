"""The enrollment call (security.md "Device enrollment"): credentials + single-use code → device id,
tokens and the server's signing key. Never retried once sent: the code is single-use, and a second
attempt with a consumed code would only be refused."""

from __future__ import annotations

import httpx

from fieldcase.protocol import EnrollRequest, EnrollResponse
from fieldcase.sync.errors import HttpError
from fieldcase.sync.transport import RetryPolicy, Transport


class EnrollmentRefused(HttpError):
    pass


def request_enrollment(
    server_url: str,
    request: EnrollRequest,
    *,
    ca_bundle: str | None = None,
    http_transport: httpx.BaseTransport | None = None,
) -> EnrollResponse:
    with Transport(
        server_url,
        ca_bundle=ca_bundle,
        http_transport=http_transport,
        retry=RetryPolicy(attempts=1),
    ) as transport:
        try:
            return transport.call(
                "POST",
                "/auth/enroll",
                EnrollResponse,
                json_body=request.model_dump(mode="json"),
                retry=False,
            )
        except HttpError as error:
            if error.status in (401, 403):
                raise EnrollmentRefused(
                    error.status, error.code, error.message, error.body
                ) from None
            raise


def server_reachable(
    server_url: str,
    *,
    ca_bundle: str | None = None,
    http_transport: httpx.BaseTransport | None = None,
) -> bool:
    """A cheap check for automatic sync: does the server answer /health?"""
    try:
        with Transport(
            server_url,
            ca_bundle=ca_bundle,
            http_transport=http_transport,
            retry=RetryPolicy(attempts=1),
            timeout=httpx.Timeout(5.0),
        ) as transport:
            status, _, _ = transport.send("GET", "/health", retry=False)
            return status == 200
    except Exception:  # noqa: BLE001 - any failure means "not now"
        return False
