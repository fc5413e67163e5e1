"""One rule for every server address (security/server_address.py): https, or plain http only to a
server on this computer."""

from __future__ import annotations

import pytest

from fieldcase.security.server_address import (
    InsecureServerAddress,
    InvalidServerAddress,
    check_server_address,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://fieldcase.agency.example",
        "https://fieldcase.agency.example:8443/",
        "http://localhost:8443",
        "http://LOCALHOST",
        "http://127.0.0.1:8765",
        "http://127.5.6.7",
        "http://[::1]:8443",
        "http://[::ffff:127.0.0.1]:8443",
    ],
)
def test_https_anywhere_and_http_only_on_this_computer(url):
    assert check_server_address(url) == url.strip().rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://fieldcase.agency.example",
        "http://10.0.0.5:8443",
        "http://128.0.0.1",
        "http://[fe80::1]",
        "http://localhost.agency.example",
        "http://127.0.0.1.nip.io",
        "ftp://fieldcase.agency.example",
        "fieldcase.agency.example",
    ],
)
def test_anything_that_would_send_the_password_in_clear_is_refused(url):
    with pytest.raises(InsecureServerAddress, match="https://"):
        check_server_address(url)


@pytest.mark.parametrize(
    "url", ["https://", "https://user:pw@fieldcase.agency.example", "https://host:99999", ""]
)
def test_malformed_addresses_are_refused_in_plain_words(url):
    with pytest.raises((InvalidServerAddress, InsecureServerAddress)):
        check_server_address(url)
