"""The agency's deployment settings: a small JSON file IT places next to the installed app, so one
build serves an agency (installer/README.md documents it).

    {
      "server_url": "https://fieldcase.agency.example",
      "escrow_public_key": "<base64 of the 32-byte X25519 public key>",
      "ca_bundle": "agency-ca.pem",
      "agency_name": "Example County Children's Division"
    }

Every key is optional. Looked up, first found wins: the path in FIELDCASE_DEPLOYMENT, then
`fieldcase-deployment.json` next to the executable (the installed bundle), then in the data
directory. It holds no personal data and no secrets (the escrow key is public).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from fieldcase.errors import UserError
from fieldcase.security.server_address import (
    InsecureServerAddress,
    InvalidServerAddress,
    check_server_address,
)

FILE_NAME = "fieldcase-deployment.json"
_KNOWN = {"server_url", "escrow_public_key", "ca_bundle", "agency_name"}


class DeploymentFileInvalid(UserError):
    code = "deployment_invalid"

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"The agency's deployment file next to fieldcase is not valid ({problem}). Ask IT to fix it."
        )


@dataclass(frozen=True)
class Deployment:
    server_url: str | None = None
    escrow_public_key: bytes | None = None
    ca_bundle: Path | None = None
    agency_name: str | None = None
    source: Path | None = None


def candidate_paths(data_dir: Path | None = None) -> list[Path]:
    found: list[Path] = []
    explicit = os.environ.get("FIELDCASE_DEPLOYMENT")
    if explicit:
        found.append(Path(explicit))
    if getattr(sys, "frozen", False):
        found.append(Path(sys.executable).resolve().parent / FILE_NAME)
    if data_dir is not None:
        found.append(Path(data_dir) / FILE_NAME)
    return found


def load_deployment(data_dir: Path | None = None) -> Deployment:
    for path in candidate_paths(data_dir):
        if path.is_file():
            return parse_deployment(path.read_bytes(), source=path)
    return Deployment()


def parse_deployment(raw: bytes, *, source: Path | None = None) -> Deployment:
    if len(raw) > 64 * 1024:
        raise DeploymentFileInvalid("it is too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DeploymentFileInvalid("it is not JSON") from None
    if not isinstance(data, dict):
        raise DeploymentFileInvalid("it must be a JSON object")
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise DeploymentFileInvalid(f"unknown setting {unknown[0]!r}")
    for name in _KNOWN:
        if name in data and data[name] is not None and not isinstance(data[name], str):
            raise DeploymentFileInvalid(f"{name} must be text")
    url = data.get("server_url")
    if url is not None:
        try:
            url = check_server_address(
                url
            )  # the one rule: https unless the server is on this computer
        except InsecureServerAddress:
            raise DeploymentFileInvalid(
                "server_url must use https:// unless the server is on this computer"
            ) from None
        except InvalidServerAddress:
            raise DeploymentFileInvalid("server_url must be an https:// address") from None
    key = None
    if data.get("escrow_public_key"):
        try:
            key = base64.b64decode(data["escrow_public_key"], validate=True)
        except (binascii.Error, ValueError):
            raise DeploymentFileInvalid("escrow_public_key is not base64") from None
        if len(key) != 32:
            raise DeploymentFileInvalid("escrow_public_key must be a 32-byte X25519 public key")
    ca = None
    if data.get("ca_bundle"):
        ca = Path(data["ca_bundle"])
        if not ca.is_absolute() and source is not None:
            ca = source.parent / ca
    return Deployment(url, key, ca, data.get("agency_name"), source)
