"""Shared fixtures: key files are costly (one Argon2id run each), so a few are made per session
at the floor parameters and tests that change a file work on a byte copy of one."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from fieldcase.security.escrow import generate_org_keypair
from fieldcase.security.keyfile import KdfParams, create_key_file

PASSPHRASE = "lantern orchard quietly 42 spoons"
FLOOR = KdfParams.floor()


@dataclass(frozen=True)
class MadeKeyFile:
    path: Path
    passphrase: str
    key_hex: str
    org_private: bytes | None
    org_public: bytes | None

    def copy_to(self, directory: Path) -> Path:
        target = directory / "fieldcase.key"
        shutil.copyfile(self.path, target)
        return target


@pytest.fixture(scope="session")
def org_keypair() -> tuple[bytes, bytes]:
    return generate_org_keypair()


@pytest.fixture(scope="session")
def escrowed_key_file(tmp_path_factory, org_keypair) -> MadeKeyFile:
    path = tmp_path_factory.mktemp("escrowed") / "fieldcase.key"
    key = create_key_file(
        path,
        PASSPHRASE,
        db_uuid="db-0001",
        device_id="dev-0001",
        user_id="u-1001",
        kdf=FLOOR,
        escrow_public_key=org_keypair[1],
    )
    return MadeKeyFile(path, PASSPHRASE, key.raw_key_pragma()[2:-1], *org_keypair)


@pytest.fixture(scope="session")
def plain_key_file(tmp_path_factory) -> MadeKeyFile:
    path = tmp_path_factory.mktemp("plain") / "fieldcase.key"
    key = create_key_file(
        path, PASSPHRASE, db_uuid="db-0002", device_id="dev-0002", user_id="u-1002", kdf=FLOOR
    )
    return MadeKeyFile(path, PASSPHRASE, key.raw_key_pragma()[2:-1], None, None)


@pytest.fixture
def key_copy(escrowed_key_file, tmp_path) -> Path:
    """A private copy of the escrowed key file, free to damage."""
    return escrowed_key_file.copy_to(tmp_path)
