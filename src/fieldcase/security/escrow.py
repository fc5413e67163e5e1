"""Agency escrow: supervised recovery of a store whose passphrase was forgotten.

The agency holds one X25519 key pair. Its public key is given to `create_key_file`, which seals the
data key to it (HPKE, see keyfile.py). The private key never lives on the app server or a laptop
in normal use; IT brings it to a supervised recovery, which either reads the store
(`recover_data_key`) or sets a new passphrase for the caseworker (`set_new_passphrase_from_escrow`).
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from fieldcase.security import keyfile
from fieldcase.security.keyfile import KdfParams
from fieldcase.security.keys import DataKey
from fieldcase.security.policy import check_passphrase


def generate_org_keypair() -> tuple[bytes, bytes]:
    """A new agency escrow key pair as raw 32-byte X25519 keys: (private, public)."""
    private = X25519PrivateKey.generate()
    private_raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public_raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return private_raw, public_raw


def recover_data_key(key_file_path: Path, org_private_key: bytes) -> DataKey:
    """The data key from the escrow slot. EscrowError if there is no slot or the key is wrong."""
    header, _, slot = keyfile._escrow_slot(Path(key_file_path))
    return keyfile._open_escrow(org_private_key, header, slot)


def set_new_passphrase_from_escrow(
    path: Path,
    org_private_key: bytes,
    new_passphrase: str,
    *,
    kdf: KdfParams | None = None,
    user_words: tuple[str, ...] = (),
) -> None:
    """Rewrap the data key under a new passphrase after recovering it from the escrow slot."""
    path = Path(path)
    header, slots, slot = keyfile._escrow_slot(path)
    check_passphrase(new_passphrase, user_words=(header.user_id, *user_words))
    dek = keyfile._open_escrow(org_private_key, header, slot)
    try:
        keyfile._rewrap(
            path,
            header,
            slots,
            dek,
            new_passphrase,
            header.kdf.at_least(kdf) if kdf else header.kdf,
        )
    finally:
        dek.wipe()
