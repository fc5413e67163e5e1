"""Where the agency password and the laptop's tokens may be sent: one rule for every place a server
address comes in (the enroll form, `fieldcase enroll`, the deployment file, the sync transport).

https:// to any server; plain http:// only to a server on this computer (localhost, 127.0.0.0/8,
::1), where nothing crosses a network. Anything else would send the password in clear text
(security.md: TLS is never optional off this machine).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from fieldcase.errors import UserError

#: the user-facing text (the app shows its Spanish translation, ui/enroll.py)
NOT_HTTPS = "The server address must start with https:// — plain http:// would send your password unprotected. Only a server on this computer may use http://."
NOT_AN_ADDRESS = "The server address is not valid. It looks like https://fieldcase.agency.example"


class InsecureServerAddress(UserError):
    code = "insecure_server_address"


class InvalidServerAddress(UserError):
    code = "invalid_server_address"


def is_this_computer(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1, and IPv4-mapped 127.x)."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # any other name could resolve anywhere
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def check_server_address(url: str) -> str:
    """The address without its trailing slash, if a password may be sent to it; else a UserError."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 — a bad port raises here
    except ValueError:
        raise InvalidServerAddress(NOT_AN_ADDRESS) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise InsecureServerAddress(NOT_HTTPS)
    if not host or parts.username is not None or parts.password is not None:
        raise InvalidServerAddress(NOT_AN_ADDRESS)
    if scheme == "http" and not is_this_computer(host):
        raise InsecureServerAddress(NOT_HTTPS)
    return text.rstrip("/")
